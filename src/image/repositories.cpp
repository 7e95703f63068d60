// The tags index: one small JSON object, rewritten whole under the store lock.
#include "image/repositories.hpp"

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/file_io.hpp"

namespace berth::image {

TagMap read_tags(const std::string& path) {
  if (!path_exists(path)) return {};
  TagMap tags;
  try {
    auto doc = nlohmann::json::parse(read_file(path));
    for (const auto& [name, id] : doc.items()) tags.emplace(name, id.get<std::string>());
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": corrupt tags index: " + e.what(), ExitCode::kEngine);
  }
  return tags;
}

void write_tags(const std::string& path, const TagMap& tags) {
  nlohmann::json doc = nlohmann::json::object();
  for (const auto& [name, id] : tags) doc[name] = id;
  write_file_atomic(path, doc.dump(2) + "\n");
}

std::vector<std::string> tags_of(const TagMap& tags, const std::string& id) {
  std::vector<std::string> out;
  for (const auto& [name, image] : tags) {
    if (image == id) out.push_back(name);
  }
  return out;
}

}  // namespace berth::image

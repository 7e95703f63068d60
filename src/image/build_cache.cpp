// Build cache entries as small JSON files, written atomically.
#include "image/build_cache.hpp"

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "image/sha256.hpp"

namespace berth::image {

void add_field(Sha256& h, std::string_view data) {
  h.update(fmt::format("{}:", data.size()));
  h.update(data);
}

std::string cache_key(std::string_view parent_digest, std::string_view instruction, std::string_view sources_digest) {
  Sha256 h;
  add_field(h, "berth-build-cache-v1");
  add_field(h, parent_digest);
  add_field(h, instruction);
  add_field(h, sources_digest);
  return h.hex_digest();
}

std::optional<CacheEntry> BuildCache::lookup(const std::string& key) const {
  std::string path = dir_ + "/" + key + ".json";
  if (!path_exists(path)) return std::nullopt;
  try {
    auto j = nlohmann::json::parse(read_file(path));
    CacheEntry e;
    e.config = j.at("config");
    if (!e.config.is_object()) return std::nullopt;
    if (j.at("diff_id").is_string()) e.diff_id = j.at("diff_id").get<std::string>();
    return e;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // a damaged entry is rebuilt and then overwritten
  } catch (const Error&) {
    return std::nullopt;
  }
}

void BuildCache::store(const std::string& key, const CacheEntry& entry) {
  mkdir_all(dir_, 0700);
  nlohmann::json j = {{"config", entry.config}, {"diff_id", nullptr}};
  if (!entry.diff_id.empty()) j["diff_id"] = entry.diff_id;
  // Losing an entry in a crash costs a rebuild of one step: no fsync needed.
  write_file_atomic(dir_ + "/" + key + ".json", j.dump(), 0600, Durability::kSurvivesCrash);
}

}  // namespace berth::image

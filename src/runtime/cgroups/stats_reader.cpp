// Reading numeric cgroup files for stats.
#include "runtime/cgroups/stats_reader.hpp"

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"

namespace berth::cgroups {

std::optional<uint64_t> read_counter(const std::string& path) {
  try {
    auto text = trim(read_file(path));
    if (text == "max") return UINT64_MAX;
    auto v = parse_uint(text);
    return v ? std::optional<uint64_t>(*v) : std::nullopt;
  } catch (const Error&) {
    return std::nullopt;  // the controller is not there: stats simply leave it out
  }
}

std::optional<uint64_t> read_keyed_counter(const std::string& path, const std::string& key) {
  try {
    for (const auto& line : split(read_file(path), '\n')) {
      auto f = split(line, ' ');
      if (f.size() == 2 && f[0] == key) {
        auto v = parse_uint(f[1]);
        return v ? std::optional<uint64_t>(*v) : std::nullopt;
      }
    }
  } catch (const Error&) {
  }
  return std::nullopt;
}

void put_counter(nlohmann::json& j, const char* key, std::optional<uint64_t> value) {
  if (value) j[key] = *value;
}

}  // namespace berth::cgroups

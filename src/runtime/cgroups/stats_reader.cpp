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

nlohmann::json parse_flat_keyed(std::string_view text) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& line : split(text, '\n')) {
    auto f = split_fields(line);
    if (f.size() != 2) continue;
    if (auto v = parse_uint(f[1])) out[f[0]] = static_cast<uint64_t>(*v);
  }
  return out;
}

namespace {

// "8:16" as its major and minor numbers.
bool parse_device(const std::string& text, uint64_t& major, uint64_t& minor) {
  auto mm = split(text, ':');
  if (mm.size() != 2) return false;
  auto ma = parse_uint(mm[0]), mi = parse_uint(mm[1]);
  if (!ma || !mi) return false;
  major = *ma;
  minor = *mi;
  return true;
}

nlohmann::json blkio_entry(uint64_t major, uint64_t minor, const std::string& op, uint64_t value) {
  return {{"major", major}, {"minor", minor}, {"op", op}, {"value", value}};
}

}  // namespace

nlohmann::json parse_blkio_service_bytes(std::string_view text) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& line : split(text, '\n')) {
    auto f = split_fields(line);
    uint64_t major = 0, minor = 0;
    if (f.size() != 3 || !parse_device(f[0], major, minor)) continue;  // "Total N"
    if (auto v = parse_uint(f[2])) out.push_back(blkio_entry(major, minor, f[1], *v));
  }
  return out;
}

nlohmann::json parse_io_stat(std::string_view text) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& line : split(text, '\n')) {
    auto f = split_fields(line);
    uint64_t major = 0, minor = 0;
    if (f.empty() || !parse_device(f[0], major, minor)) continue;
    for (size_t i = 1; i < f.size(); ++i) {
      auto eq = f[i].find('=');
      if (eq == std::string::npos) continue;
      std::string key = f[i].substr(0, eq);
      const char* op = key == "rbytes" ? "Read" : key == "wbytes" ? "Write" : nullptr;
      if (!op) continue;
      if (auto v = parse_uint(std::string_view(f[i]).substr(eq + 1))) out.push_back(blkio_entry(major, minor, op, *v));
    }
  }
  return out;
}

std::string read_optional(const std::string& path) {
  try {
    return read_file(path);
  } catch (const Error&) {
    return "";  // the controller is not there: stats leave it out
  }
}

void put_counter(nlohmann::json& j, const char* key, std::optional<uint64_t> value) {
  if (value) j[key] = *value;
}

}  // namespace berth::cgroups

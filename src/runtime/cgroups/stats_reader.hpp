// Reading numeric cgroup files for stats: absent files and "max" are handled, not errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace berth::cgroups {

// The number in `path`; "max" reads as UINT64_MAX; nullopt when the file is missing or odd.
std::optional<uint64_t> read_counter(const std::string& path);
// The value of `key` in a flat-keyed file such as cpu.stat ("usage_usec 123").
std::optional<uint64_t> read_keyed_counter(const std::string& path, const std::string& key);
// Sets j[key] when the counter was read.
void put_counter(nlohmann::json& j, const char* key, std::optional<uint64_t> value);

}  // namespace berth::cgroups

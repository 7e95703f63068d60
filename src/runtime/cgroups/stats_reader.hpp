// Reading numeric cgroup files for stats: absent files and "max" are handled, not errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace berth::cgroups {

// The number in `path`; "max" reads as UINT64_MAX; nullopt when the file is missing or odd.
std::optional<uint64_t> read_counter(const std::string& path);
// The value of `key` in a flat-keyed file such as cpu.stat ("usage_usec 123").
std::optional<uint64_t> read_keyed_counter(const std::string& path, const std::string& key);
// A flat-keyed file's text ("cache 123\nrss 456", memory.stat) as {"cache":123,"rss":456}, as
// runc's memory.raw; lines that are not "key number" are skipped.
nlohmann::json parse_flat_keyed(std::string_view text);
// v1 blkio.io_service_bytes_recursive ("8:0 Read 4096", "Total 4096") as runc's
// ioServiceBytesRecursive: [{"major":8,"minor":0,"op":"Read","value":4096}]; "Total" is skipped.
nlohmann::json parse_blkio_service_bytes(std::string_view text);
// v2 io.stat ("8:0 rbytes=4096 wbytes=0 rios=1 ...") in the same shape, rbytes as op "Read" and
// wbytes as "Write", as runc converts it.
nlohmann::json parse_io_stat(std::string_view text);
// The file's text, or "" when it cannot be read (the controller is absent).
std::string read_optional(const std::string& path);
// Sets j[key] when the counter was read.
void put_counter(nlohmann::json& j, const char* key, std::optional<uint64_t> value);

}  // namespace berth::cgroups

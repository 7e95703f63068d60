// Small string helpers shared by every layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth {

std::vector<std::string> split(std::string_view s, char sep);
// The words of `s` between runs of ASCII white space (space, \t, \n, \r, \v, \f), as Go's
// strings.Fields splits them.
std::vector<std::string> split_fields(std::string_view s);
std::string_view trim(std::string_view s);
// The characters (UTF-8 code points) in `s`, as Go counts runes.
size_t utf8_length(std::string_view s);
// ASCII letters lowered; other bytes as they are.
std::string to_lower(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// go-units RAMInBytes, docker's sizes: "64m", "1g", "512k", "100b", "1.5M", "1024" (binary
// units, case-blind); nullopt for anything else, a negative number included.
std::optional<long long> parse_ram_size(std::string_view text);
// Parses a whole decimal number; nullopt on junk, sign errors or overflow.
std::optional<long long> parse_int(std::string_view s);
std::optional<unsigned long long> parse_uint(std::string_view s);
// A NULL-terminated char* array pointing into `v`, for execve's argv and envp.
std::vector<char*> c_string_array(const std::vector<std::string>& v);

}  // namespace berth

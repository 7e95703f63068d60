// docker's env-file format (its opts/file.go), line by line.
#include "engine/env_file.hpp"

#include <cstdlib>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "base/error.hpp"

namespace berth::engine {
namespace {

// Go's utf8.Valid, which docker applies to each line: no overlong forms, no surrogates, nothing
// above U+10FFFF.
bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >= 0xc2 && c <= 0xdf) ? 2 : (c >= 0xe0 && c <= 0xef) ? 3 : (c >= 0xf0 && c <= 0xf4) ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    auto second = static_cast<unsigned char>(len > 1 ? s[i + 1] : 0);
    if ((c == 0xe0 && second < 0xa0) || (c == 0xed && second > 0x9f) || (c == 0xf0 && second < 0x90) ||
        (c == 0xf4 && second > 0x8f))
      return false;
    i += len;
  }
  return true;
}

Error bad_env(const std::string& what) { return Error("poorly formatted environment: " + what, ExitCode::kEngine); }

}  // namespace

std::vector<std::string> parse_env_file(std::string_view text, const std::string& file) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::string> out;
  int number = 0;
  while (!text.empty()) {
    auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++number;
    if (line.ends_with('\r')) line.remove_suffix(1);  // a CRLF file reads as docker reads it
    if (!valid_utf8(line))
      throw Error(fmt::format("env file {} contains invalid utf8 bytes at line {}", file, number), ExitCode::kEngine);
    size_t start = 0;
    while (start < line.size() && std::isspace(static_cast<unsigned char>(line[start]))) ++start;
    line.remove_prefix(start);
    if (line.empty() || line[0] == '#') continue;
    auto eq = line.find('=');
    std::string_view name = line.substr(0, eq);
    if (name.find_first_of(" \t") != std::string_view::npos)
      throw bad_env(fmt::format("variable '{}' contains whitespaces", name));
    if (name.empty()) throw bad_env(fmt::format("no variable name on line '{}'", line));
    out.emplace_back(line);
  }
  return out;
}

std::vector<std::string> read_env_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw go_open_error(errno, path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_env_file(text.str(), path);
}

void add_env_flag_value(std::vector<std::string>& env, const std::string& value) {
  if (value.find('=') != std::string::npos) {
    env.push_back(value);
  } else if (const char* v = std::getenv(value.c_str())) {
    env.push_back(value + "=" + v);
  }
}

}  // namespace berth::engine

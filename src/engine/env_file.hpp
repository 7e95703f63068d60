// --env-file: docker's format for a file of environment variables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace berth::engine {

// The variables of an env file's text, as docker reads them: leading whitespace is dropped,
// empty lines and lines starting with '#' are skipped, "KEY=value" keeps its value exactly
// (trailing spaces and quotes included), a bare "KEY" stays bare (the caller takes its value
// from its own environment, or drops it). A UTF-8 byte order mark at the start is ignored.
// Throws Error (exit 125) with docker's "poorly formatted environment: ..." for a name with
// spaces or tabs or an empty name, and for bytes that are not UTF-8, naming `file` and the line.
std::vector<std::string> parse_env_file(std::string_view text, const std::string& file);
// Reads and parses `path`; throws Error (exit 125) "open PATH: <reason>" when it cannot be read.
std::vector<std::string> read_env_file(const std::string& path);

// Adds one -e value (or env file line) as docker does: KEY=VALUE as it is, a bare KEY with its
// value from our own environment, or nothing when we have no such variable.
void add_env_flag_value(std::vector<std::string>& env, const std::string& value);

}  // namespace berth::engine

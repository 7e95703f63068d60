// Docker's words for a flag it does not know, and the check that gives them for commands whose
// own arguments come after their flags (run, create, exec).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace berth::cli {

// Docker's two lines for CLI11's complaint about an argument that looks like a flag: "unknown
// flag: --x" (or "unknown shorthand flag: 'x' in -xy") and "See 'berth volume ls --help'.", naming
// the command the flag was given to (the words of argv before it). Empty for other errors.
std::string unknown_flag_message(const CLI::ParseError& e, const CLI::App& app, int argc, char** argv);

// For a command parsed with prefix_command(): CLI11 hands over everything from the first
// argument it does not know, so `run --bogus IMAGE` would take "--bogus" for the image. Docker
// stops at the first non-flag; a flag before it that is not known is an error. Throws
// CLI::ExtrasError for it (main prints it in docker's words).
void refuse_unknown_leading_flag(const CLI::App& cmd);

}  // namespace berth::cli

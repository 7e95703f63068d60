// pflag's "-a=false": a boolean shorthand flag given a value. CLI11 reads the "=false" as more
// shorthand flags ("unknown shorthand flag: '=' in -=false"), so such an argument is spelled out
// as its long flag ("--all=false") before parsing.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace berth::cli {

// Rewrites, in place, each "-X=VALUE" of argv whose X is a flag (no value of its own) with a long
// name of the command argv names (found word by word among `app`'s subcommands). The new
// strings live until the process ends.
void spell_out_short_flag_values(const CLI::App& app, int argc, char** argv);

}  // namespace berth::cli

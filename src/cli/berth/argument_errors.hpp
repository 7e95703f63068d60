// Docker's words for two of CLI11's parse errors: too few arguments, or too many for a fixed
// count (""berth stop" requires at least 1 argument.", exit 1, as docker 20.10 says it), and a
// flag value of the wrong type ("invalid argument "x" for "-t, --time" flag: ...", exit 125, as
// pflag says it).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace berth::cli {

// "berth stop": the subcommands chosen on the command line.
std::string chosen_command_path(const CLI::App& app);

// Cobra's sentence for a command given fewer arguments than it needs, from the command's
// positionals: "requires exactly 1 argument", "requires at least 2 arguments" (one takes many or
// is optional, or the command takes what follows as is). Empty for a command without positionals.
std::string argument_count_sentence(const CLI::App& command);

// Thrown while parsing by a command that takes what follows its flags as is (prefix_command():
// run, create, exec) and got fewer than `at_least` arguments.
class TooFewArguments : public CLI::ParseError {
 public:
  explicit TooFewArguments(int at_least)
      : CLI::ParseError("TooFewArguments", "too few arguments", CLI::ExitCodes::RequiredError), at_least_(at_least) {}
  int at_least() const { return at_least_; }

 private:
  int at_least_;
};
// Throws TooFewArguments when `command` has fewer than `at_least` arguments left after its flags.
void require_arguments(const CLI::App& command, int at_least);

// A flag value refused while parsing, as pflag refuses one (exit 125): thrown from an option's
// each() callback; main prints "invalid argument "VALUE" for "-f, --filter" flag: WHY".
class BadFlagValue : public CLI::ParseError {
 public:
  BadFlagValue(const std::string& value, const std::string& flags, const std::string& why)
      : CLI::ParseError("BadFlagValue", fmt::format("invalid argument \"{}\" for \"{}\" flag: {}", value, flags, why),
                        CLI::ExitCodes::ValidationError) {}
};

// Adds docker's -f/--filter flag (repeatable) to `command`: a value without "=" is refused while
// parsing, in pflag's words ("bad format of filter (expected name=value)"). What the keys mean is
// the command's to check.
// `names` is "--filter" alone for the prune commands, whose -f is --force.
CLI::Option* add_filter_flag(CLI::App& command, std::vector<std::string>& filters, const std::string& help,
                             const std::string& names = "-f,--filter");

// The whole message (two lines, the hint second) for `e`, or empty when it is neither kind.
// `exit_code` receives docker's code for it.
std::string argument_error_message(const CLI::ParseError& e, const CLI::App& app, int& exit_code);

}  // namespace berth::cli

// Finding the command word in argv before a command-line parser is built, so that a program
// registers only that command (building every command and flag costs more than many commands'
// own work) or acts on it early.
#pragma once

#include <initializer_list>
#include <string_view>

namespace berth {

// The first word of argv[1..] that is neither a global flag nor a flag's value. `with_value`
// flags take the next word (or "=value"); `bare` flags take none. Empty when no word comes, or
// when a flag in neither list comes first: the full parser then decides, with every command.
std::string_view command_word(int argc, char** argv, std::initializer_list<std::string_view> with_value,
                              std::initializer_list<std::string_view> bare = {});

}  // namespace berth

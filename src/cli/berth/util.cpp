// Small output helpers shared by the berth commands.
#include <cstdio>

#include "cli/berth/command.hpp"

namespace berth::cli {

void print_line(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
}

}  // namespace berth::cli

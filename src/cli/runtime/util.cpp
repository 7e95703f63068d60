// Output helpers shared by the berth-runtime commands.
#include <unistd.h>

#include "base/file_io.hpp"
#include "cli/runtime/command.hpp"

namespace berth::cli {

void print_line(const std::string& text) { write_all(1, text + "\n"); }

}  // namespace berth::cli

// Plain-text tables.
#include "cli/berth/table.hpp"

#include "base/strings.hpp"
#include "cli/berth/command.hpp"
#include "cli/berth/go_template.hpp"

namespace berth::cli {

size_t display_width(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

void Table::print() const {
  std::string text;
  for (const auto& row : rows_) text += join(row, "\t") + "\n";
  std::vector<std::string> lines = split(align_columns(text, min_width_), '\n');
  lines.pop_back();  // after the last newline
  for (auto& line : lines) {
    while (!line.empty() && line.back() == ' ') line.pop_back();  // an empty last cell
    print_line(line);
  }
}

}  // namespace berth::cli

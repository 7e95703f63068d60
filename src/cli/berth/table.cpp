// Plain-text tables.
#include "cli/berth/table.hpp"

#include "cli/berth/command.hpp"

namespace berth::cli {

size_t display_width(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

void Table::print() const {
  std::vector<size_t> widths;
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i) widths.push_back(min_width_ > 3 ? min_width_ - 3 : 0);
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  }
  for (const auto& row : rows_) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - display_width(row[i]) + 3, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    print_line(line);
  }
}

}  // namespace berth::cli

// Docker's column layout for rows of cells (align_columns in go_template.hpp does the layout):
// each column as wide as its widest cell plus three spaces, and at least `min_width` (docker's
// formatters use 10, `top` 20).
#pragma once

#include <string>
#include <vector>

namespace berth::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header, size_t min_width = 0) : min_width_(min_width) {
    rows_.push_back(std::move(header));
  }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print() const;

 private:
  std::vector<std::vector<std::string>> rows_;
  size_t min_width_;
};

// Display width of UTF-8 text (one column per code point: enough for "…").
size_t display_width(const std::string& text);

}  // namespace berth::cli

// Docker's column layout: each column as wide as its widest cell, three spaces between.
#pragma once

#include <string>
#include <vector>

namespace berth::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print() const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text (one column per code point: enough for "…").
size_t display_width(const std::string& text);

}  // namespace berth::cli

// What docker's prune commands print: the warning they ask to confirm, and the report.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace berth::cli {

// Prints "WARNING! This will remove <what>.\nAre you sure you want to continue? [y/N] " and
// reads a line from stdin: true for "y" or "Y".
bool confirm_prune(std::string_view what);
// "<header>" and one line per item (with a blank line after) when something went, then
// "Total reclaimed space: <human size>".
void print_prune_report(std::string_view header, const std::vector<std::string>& deleted, uint64_t reclaimed);

}  // namespace berth::cli

// The confirmation prompt and the report shared by container, volume and image prune.
#include "cli/berth/prune_report.hpp"

#include <cstdio>
#include <iostream>

#include <fmt/core.h>

#include "cli/berth/command.hpp"
#include "cli/berth/human_units.hpp"

namespace berth::cli {

bool confirm_prune(std::string_view what) {
  fmt::print("WARNING! This will remove {}.\nAre you sure you want to continue? [y/N] ", what);
  std::fflush(stdout);
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y";
}

void print_prune_report(std::string_view header, const std::vector<std::string>& deleted, uint64_t reclaimed) {
  if (!deleted.empty()) {
    print_line(std::string(header));
    for (const auto& item : deleted) print_line(item);
    print_line("");
  }
  print_line("Total reclaimed space: " + human_size(reclaimed));
}

}  // namespace berth::cli

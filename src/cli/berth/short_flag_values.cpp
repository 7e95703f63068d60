// "-X=VALUE" spelled as "--long=VALUE" for CLI11 (see short_flag_values.hpp).
#include "cli/berth/short_flag_values.hpp"

#include <deque>
#include <string_view>

namespace berth::cli {
namespace {

const CLI::App* subcommand_named(const CLI::App& at, std::string_view word) {
  for (const CLI::App* sub : at.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->check_name(std::string(word))) return sub;
  }
  return nullptr;
}

}  // namespace

void spell_out_short_flag_values(const CLI::App& app, int argc, char** argv) {
  static std::deque<std::string> spelled;  // argv points into it until exit
  const CLI::App* at = &app;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") return;
    if (!arg.starts_with('-')) {
      const CLI::App* sub = subcommand_named(*at, arg);
      // What follows the first argument of run, exec or top is the container's, flags or not.
      if (!sub && at->get_prefix_command()) return;
      if (sub) at = sub;
      continue;
    }
    if (arg.size() < 3 || arg[1] == '-' || arg[2] != '=') continue;
    const CLI::Option* flag = at->get_option_no_throw(std::string(arg.substr(0, 2)));
    if (!flag || flag->get_expected_min() != 0 || flag->get_lnames().empty()) continue;
    argv[i] =
        spelled.emplace_back("--" + flag->get_lnames().front() + std::string(arg.substr(2))).data();
  }
}

}  // namespace berth::cli

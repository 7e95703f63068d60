// Unknown flags in docker's words (see unknown_flag.hpp).
#include "cli/berth/unknown_flag.hpp"

#include <string_view>

#include <fmt/core.h>

namespace berth::cli {

namespace {

// The first argument CLI11 did not expect, from its message ("...not expected: --x y").
std::string_view first_unexpected(const CLI::ParseError& e) {
  std::string_view what = e.what();
  auto colon = what.find(": ");
  if (colon == std::string_view::npos) return {};
  std::string_view first = what.substr(colon + 2);
  return first.substr(0, first.find(' '));
}

// The chosen subcommands whose word comes before `flag` in argv: "berth volume ls".
std::string command_before(const CLI::App& app, std::string_view flag, int argc, char** argv) {
  int flag_at = argc;
  for (int i = 1; i < argc; ++i)
    if (argv[i] == flag) {
      flag_at = i;
      break;
    }
  std::string path = "berth";
  const CLI::App* at = &app;
  int from = 1;
  for (;;) {
    auto chosen = at->get_subcommands();
    if (chosen.empty()) return path;
    at = chosen.front();
    int word = from;
    while (word < flag_at && at->get_name() != argv[word]) ++word;
    if (word >= flag_at) return path;
    path += " " + at->get_name();
    from = word + 1;
  }
}

}  // namespace

std::string unknown_flag_message(const CLI::ParseError& e, const CLI::App& app, int argc, char** argv) {
  if (!dynamic_cast<const CLI::ExtrasError*>(&e)) return {};
  std::string_view first = first_unexpected(e);
  std::string flag;
  if (first.starts_with("--") && first.size() > 2)
    flag = fmt::format("unknown flag: {}", first.substr(0, first.find('=')));
  else if (first.size() > 1 && first[0] == '-')
    flag = fmt::format("unknown shorthand flag: '{}' in {}", first[1], first);
  else
    return {};
  return fmt::format("{}\nSee '{} --help'.", flag, command_before(app, first, argc, argv));
}

void refuse_unknown_leading_flag(const CLI::App& cmd) {
  std::vector<std::string> rest = cmd.remaining();
  if (!rest.empty() && rest.front().size() > 1 && rest.front().starts_with("-"))
    throw CLI::ExtrasError(std::vector<std::string>{rest.front()});
}

}  // namespace berth::cli

// Too few arguments and badly typed flag values, in docker's words (see argument_errors.hpp).
#include "cli/berth/argument_errors.hpp"

#include <string_view>

#include <fmt/core.h>

namespace berth::cli {
namespace {

const CLI::App& deepest_chosen(const CLI::App& app) {
  const CLI::App* at = &app;
  while (!at->get_subcommands().empty()) at = at->get_subcommands().front();
  return *at;
}

// "-t, --time" for an option named -t,--time: the names as pflag lists them.
std::string flag_names(const CLI::Option& option) {
  std::string names;
  for (const auto& s : option.get_snames()) names += (names.empty() ? "-" : ", -") + s;
  for (const auto& l : option.get_lnames()) names += (names.empty() ? "--" : ", --") + l;
  return names;
}

}  // namespace

std::string chosen_command_path(const CLI::App& app) {
  std::string path = app.get_name();
  for (const CLI::App* at = &app; !at->get_subcommands().empty();) {
    at = at->get_subcommands().front();
    path += " " + at->get_name();
  }
  return path;
}

std::string argument_count_sentence(const CLI::App& command) {
  int needed = 0;
  bool open_ended = command.get_prefix_command();
  bool any = false;
  for (const CLI::Option* o : command.get_options()) {
    if (!o->get_positional()) continue;
    any = true;
    if (o->get_required()) needed += std::max(o->get_items_expected_min(), 1);
    // More than one value, or an optional one (import FILE [REPOSITORY]): cobra's RequiresMinArgs.
    if (o->get_items_expected_max() > 1 || !o->get_required()) open_ended = true;
  }
  if (!any) return {};
  // A fixed count is cobra's ExactArgs, worded "exactly".
  return fmt::format("requires {}{} argument{}", open_ended ? "at least " : "exactly ", needed, needed == 1 ? "" : "s");
}

CLI::Option* add_filter_flag(CLI::App& command, std::vector<std::string>& filters, const std::string& help,
                             const std::string& names) {
  std::string shown = names.starts_with("-f,") ? "-f, --filter" : "--filter";
  return command.add_option(names, filters, help)->allow_extra_args(false)->each([shown](const std::string& spec) {
    if (spec.find('=') == std::string::npos)
      throw BadFlagValue(spec, shown, "bad format of filter (expected name=value)");
  });
}

void require_arguments(const CLI::App& command, int at_least) {
  if (static_cast<int>(command.remaining().size()) < at_least) throw TooFewArguments(at_least);
}

std::string argument_error_message(const CLI::ParseError& e, const CLI::App& app, int& exit_code) {
  const CLI::App& command = deepest_chosen(app);
  std::string path = chosen_command_path(app);
  std::string_view what = e.what();
  auto too_few = [&](const std::string& sentence) {
    exit_code = 1;
    return fmt::format("\"{}\" {}.\nSee '{} --help'.", path, sentence, path);
  };
  if (dynamic_cast<const BadFlagValue*>(&e)) {
    exit_code = 125;
    return fmt::format("{}\nSee '{} --help'.", what, path);
  }
  if (const auto* few = dynamic_cast<const TooFewArguments*>(&e))
    return too_few(fmt::format("requires at least {} argument{}", few->at_least(), few->at_least() == 1 ? "" : "s"));
  if (dynamic_cast<const CLI::RequiredError*>(&e) && what.ends_with(" is required")) {
    std::string name(what.substr(0, what.size() - std::string_view(" is required").size()));
    const CLI::Option* missing = command.get_option_no_throw(name);
    if (!missing || !missing->get_positional()) return {};
    std::string sentence = argument_count_sentence(command);
    if (sentence.empty()) return {};
    return too_few(sentence);
  }
  // An argument beyond a fixed count (unknown flags are unknown_flag.hpp's): cobra's ExactArgs
  // says the same as for too few.
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    std::string sentence = argument_count_sentence(command);
    if (!sentence.starts_with("requires exactly")) return {};
    return too_few(sentence);
  }
  if (dynamic_cast<const CLI::ConversionError*>(&e) && what.starts_with("Could not convert: ")) {
    std::string_view rest = what.substr(std::string_view("Could not convert: ").size());
    auto eq = rest.find(" = ");
    if (eq == std::string_view::npos) return {};
    std::string name(rest.substr(0, eq));
    std::string value(rest.substr(eq + 3));
    const CLI::Option* option = command.get_option_no_throw(name);
    if (!option) option = app.get_option_no_throw(name);
    if (!option) return {};
    exit_code = 125;
    // Every typed flag of ours is an integer: pflag's words for one.
    return fmt::format("invalid argument \"{}\" for \"{}\" flag: strconv.ParseInt: parsing \"{}\": invalid syntax\n"
                       "See '{} --help'.",
                       value, flag_names(*option), value, path);
  }
  return {};
}

}  // namespace berth::cli

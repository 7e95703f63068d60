// CLI11's parse errors for too few arguments and badly typed flags, in docker's words.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/berth/argument_errors.hpp"

namespace berth::cli {
namespace {

// A parse of `args` by a "berth" app with a few docker-shaped commands; the message main
// would print, and its exit code.
struct Outcome {
  std::string message;
  int code = 0;
};

Outcome parse(std::vector<std::string> args) {
  CLI::App app{"", "berth"};
  app.require_subcommand(1);
  std::vector<std::string> containers;
  std::string one, two;
  int seconds = 0;
  auto* stop = app.add_subcommand("stop");
  stop->add_option("-t,--time", seconds);
  stop->add_option("containers", containers)->required();
  auto* rename = app.add_subcommand("rename");
  rename->add_option("container", one)->required();
  rename->add_option("new_name", two)->required();
  auto* logs = app.add_subcommand("logs");
  logs->add_option("container", one)->required();
  auto* import = app.add_subcommand("import");  // FILE [REPOSITORY]
  import->add_option("file", one)->required();
  import->add_option("repository", two);
  auto* exec = app.add_subcommand("exec");
  exec->prefix_command();
  exec->parse_complete_callback([exec] { require_arguments(*exec, 2); });
  auto* volume = app.add_subcommand("volume");
  auto* rm = volume->add_subcommand("rm");
  rm->add_option("volumes", containers)->required();
  args.insert(args.begin(), "berth");
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  Outcome out;
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    out.code = -1;
    out.message = argument_error_message(e, app, out.code);
  }
  return out;
}

TEST(ArgumentErrors, TooFewArgumentsInCobrasSentence) {
  Outcome stop = parse({"stop"});
  EXPECT_EQ(stop.message, "\"berth stop\" requires at least 1 argument.\nSee 'berth stop --help'.");
  EXPECT_EQ(stop.code, 1);
  EXPECT_EQ(parse({"rename", "a"}).message,
            "\"berth rename\" requires exactly 2 arguments.\nSee 'berth rename --help'.");
  EXPECT_EQ(parse({"logs"}).message, "\"berth logs\" requires exactly 1 argument.\nSee 'berth logs --help'.");
  EXPECT_EQ(parse({"import"}).message, "\"berth import\" requires at least 1 argument.\nSee 'berth import --help'.");
  EXPECT_EQ(parse({"exec", "c"}).message, "\"berth exec\" requires at least 2 arguments.\nSee 'berth exec --help'.");
  EXPECT_EQ(parse({"volume", "rm"}).message,
            "\"berth volume rm\" requires at least 1 argument.\nSee 'berth volume rm --help'.");
  EXPECT_EQ(parse({"exec", "c", "true"}).code, 0);  // enough
  // One too many for a fixed count: the same sentence, as cobra's ExactArgs.
  Outcome extra = parse({"logs", "a", "b"});
  EXPECT_EQ(extra.message, "\"berth logs\" requires exactly 1 argument.\nSee 'berth logs --help'.");
  EXPECT_EQ(extra.code, 1);
}

TEST(ArgumentErrors, AFlagValueOfTheWrongTypeInPflagsWords) {
  Outcome bad = parse({"stop", "-t", "soon", "c"});
  EXPECT_EQ(bad.message,
            "invalid argument \"soon\" for \"-t, --time\" flag: strconv.ParseInt: parsing \"soon\": invalid syntax\n"
            "See 'berth stop --help'.");
  EXPECT_EQ(bad.code, 125);
}

TEST(ArgumentErrors, OtherErrorsAreLeftToTheCaller) {
  Outcome extra = parse({"import", "a", "b", "c"});  // a count that is not fixed
  EXPECT_EQ(extra.message, "");
  EXPECT_EQ(extra.code, -1);
}

}  // namespace
}  // namespace berth::cli

// command_word: the command in argv, found past global flags before any parser is built.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/argv_scan.hpp"

namespace berth {
namespace {

std::string_view word_of(std::vector<std::string> args) {
  static std::vector<std::string> keep;  // the returned view points into it
  keep = std::move(args);
  keep.insert(keep.begin(), "prog");
  std::vector<char*> argv;
  for (auto& a : keep) argv.push_back(a.data());
  return command_word(static_cast<int>(argv.size()), argv.data(), {"--root", "--log"}, {"--debug"});
}

TEST(ArgvScan, FindsTheCommandPastGlobalFlagsAndTheirValues) {
  EXPECT_EQ(word_of({"run", "x"}), "run");
  EXPECT_EQ(word_of({"--root", "run", "create"}), "create");  // "run" is --root's value
  EXPECT_EQ(word_of({"--root=/r", "--debug", "--log", "l", "exec", "--root", "y"}), "exec");
}

TEST(ArgvScan, GivesUpOnFlagsItDoesNotKnow) {
  EXPECT_EQ(word_of({}), "");
  EXPECT_EQ(word_of({"--root"}), "");             // a value missing
  EXPECT_EQ(word_of({"--help", "run"}), "");      // not listed: the parser decides
  EXPECT_EQ(word_of({"--debug=1", "run"}), "");   // a bare flag given a value
  EXPECT_EQ(word_of({"-r", "/x", "run"}), "");    // short forms are not assumed
}

}  // namespace
}  // namespace berth

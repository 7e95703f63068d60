// --env-file as docker reads it (opts/file.go): values kept exactly, bare names, docker's errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/error.hpp"
#include "engine/env_file.hpp"

namespace berth::engine {
namespace {

using Lines = std::vector<std::string>;

TEST(EnvFile, KeepsValuesExactlyAndSkipsCommentsAndBlankLines) {
  std::string text =
      "\xEF\xBB\xBF"  // a byte order mark, ignored
      "# a comment\n"
      "\n"
      "   \t\n"
      "A=1\n"
      "  B=two words  \n"   // leading space dropped, trailing kept
      "C=\"quoted\"\n"      // quotes are part of the value
      "D=\n"
      "E=x=y\r\n"           // CRLF
      "BARE\n"
      "  # indented comment\n"
      "LAST=no newline";
  EXPECT_EQ(parse_env_file(text, "f"),
            (Lines{"A=1", "B=two words  ", "C=\"quoted\"", "D=", "E=x=y", "BARE", "LAST=no newline"}));
}

void expect_error(const std::string& text, const std::string& message) {
  try {
    parse_env_file(text, "vars.env");
    ADD_FAILURE() << "accepted: " << text;
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), message);
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
  }
}

TEST(EnvFile, RefusesWhatDockerRefuses) {
  expect_error("A B=1\n", "poorly formatted environment: variable 'A B' contains whitespaces");
  expect_error("OK=1\nBARE \n", "poorly formatted environment: variable 'BARE ' contains whitespaces");
  expect_error("=1\n", "poorly formatted environment: no variable name on line '=1'");
  expect_error("A=1\nB=\xff\n", "env file vars.env contains invalid utf8 bytes at line 2");
  expect_error("A=\xed\xa0\x80\n", "env file vars.env contains invalid utf8 bytes at line 1");  // a surrogate
  expect_error("A=\xc0\xaf\n", "env file vars.env contains invalid utf8 bytes at line 1");      // overlong
  EXPECT_EQ(parse_env_file("A=\xc3\xa9t\xc3\xa9 \xf0\x9f\x90\xb3\n", "f"), (Lines{"A=\xc3\xa9t\xc3\xa9 \xf0\x9f\x90\xb3"}));
}

TEST(EnvFile, AMissingFileIsNamed) {
  try {
    read_env_file("/nonexistent/vars.env");
    ADD_FAILURE() << "read a missing file";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "open /nonexistent/vars.env: no such file or directory");
  }
}

}  // namespace
}  // namespace berth::engine

// Variable substitution in Dockerfile words, checked against docker's behaviour.
#include "image/shell_words.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::image {
namespace {

const BuildEnv kEnv = {{"A", "apple"}, {"EMPTY", ""}, {"P", "/usr/bin"}, {"SP", "a b"}};

std::string x(std::string_view w) { return expand_word(w, kEnv); }

std::string error_of(std::string_view w) {
  try {
    expand_word(w, kEnv);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
    return e.what();
  }
  return "no error";
}

TEST(BuildWords, PlainAndBraced) {
  EXPECT_EQ(x("$A"), "apple");
  EXPECT_EQ(x("${A}s"), "apples");
  EXPECT_EQ(x("$As"), "");  // the name is "As"
  EXPECT_EQ(x("x$NOPE-y"), "x-y");
  EXPECT_EQ(x("$P:/bin"), "/usr/bin:/bin");
  EXPECT_EQ(x("$"), "$");
  EXPECT_EQ(x("a$ b"), "a$ b");
  EXPECT_EQ(x("${SP}"), "a b");
  EXPECT_EQ(x("no vars"), "no vars");
}

TEST(BuildWords, Modifiers) {
  EXPECT_EQ(x("${A:-pear}"), "apple");
  EXPECT_EQ(x("${NOPE:-pear}"), "pear");
  EXPECT_EQ(x("${EMPTY:-pear}"), "pear");
  EXPECT_EQ(x("${EMPTY-pear}"), "");
  EXPECT_EQ(x("${NOPE-pear}"), "pear");
  EXPECT_EQ(x("${A:+set}"), "set");
  EXPECT_EQ(x("${NOPE:+set}"), "");
  EXPECT_EQ(x("${EMPTY:+set}"), "");
  EXPECT_EQ(x("${EMPTY+set}"), "set");
  EXPECT_EQ(x("${NOPE:-$A}"), "apple");
  EXPECT_EQ(x("${NOPE:-${EMPTY:-deep}}"), "deep");
  EXPECT_EQ(x("${A:?must be set}"), "apple");
  EXPECT_EQ(error_of("${NOPE:?must be set}"), "NOPE: must be set");
  EXPECT_EQ(error_of("${EMPTY:?}"), "EMPTY: is not allowed to be unset");
}

TEST(BuildWords, Quotes) {
  EXPECT_EQ(x("\"$A pie\""), "apple pie");
  EXPECT_EQ(x("'$A pie'"), "$A pie");
  EXPECT_EQ(x("\\$A"), "$A");
  EXPECT_EQ(x("\"\\$A\""), "$A");
  EXPECT_EQ(x("\"a\\\"b\""), "a\"b");
  EXPECT_EQ(x("\"a\\nb\""), "a\\nb");  // other escapes stay in double quotes
  EXPECT_EQ(x("a\\ b"), "a b");
  EXPECT_EQ(error_of("it's"), "unexpected end of statement while looking for matching single-quote");
  EXPECT_EQ(expand_word("`$A", kEnv, '`'), "$A");
  EXPECT_EQ(expand_word("C:\\dir", kEnv, '`'), "C:\\dir");
}

TEST(BuildWords, SyntaxErrors) {
  EXPECT_EQ(error_of("${A"), "syntax error: missing '}'");
  EXPECT_EQ(error_of("${A:-x"), "syntax error: missing '}'");
  EXPECT_EQ(error_of("${}"), "syntax error: bad substitution");
  EXPECT_EQ(error_of("${:x}"), "syntax error: bad substitution");
  EXPECT_EQ(error_of("${A/x/y}"), "unsupported modifier (/) in substitution");
  EXPECT_EQ(error_of("'abc"), "unexpected end of statement while looking for matching single-quote");
  EXPECT_EQ(error_of("\"abc"), "unexpected end of statement while looking for matching double-quote");
}

}  // namespace
}  // namespace berth::image

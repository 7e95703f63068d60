// Image references: docker's grammar, ":latest" normalisation, familiar names, ids.
#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>

#include "base/error.hpp"
#include "image/reference.hpp"

namespace berth::image {
namespace {

TEST(image_reference, NormalizesToLatest) {
  EXPECT_EQ(normalize_reference("busybox"), "busybox:latest");
  EXPECT_EQ(normalize_reference("busybox:1.36"), "busybox:1.36");
  EXPECT_EQ(normalize_reference("localhost:5000/x"), "localhost:5000/x:latest");
  EXPECT_EQ(normalize_reference("localhost:5000/x:y"), "localhost:5000/x:y");
  EXPECT_EQ(normalize_reference("x@sha256:" + std::string(64, 'a')),
            "x@sha256:" + std::string(64, 'a'));
}

TEST(image_reference, FamiliarNames) {
  EXPECT_EQ(familiar_reference("docker.io/library/busybox:latest"), "busybox:latest");
  EXPECT_EQ(familiar_reference("docker.io/user/app:1"), "user/app:1");
  EXPECT_EQ(familiar_reference("quay.io/x/y:1"), "quay.io/x/y:1");
  EXPECT_EQ(familiar_reference("localhost/x:1"), "localhost/x:1");
}

TEST(image_reference, ValidatesLikeDocker) {
  for (const char* ok :
       {"busybox", "a/b/c:1.0", "my-app_x.y:TAG_1", "localhost:5000/a__b:v", "a--b"}) {
    EXPECT_NO_THROW(validate_reference(ok)) << ok;
  }
  for (const char* bad :
       {"", "Busybox", "a b", "a:", ":tag", "a/", "-a", "a:-tag", "a@sha256:abc"}) {
    EXPECT_THROW(validate_reference(bad), Error) << bad;
  }
  // docker's words: the repository path for a name that is only wrong in its case.
  auto message = [](const char* ref) {
    try {
      validate_reference(ref);
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(message("Busybox"), "invalid reference format: repository name (library/Busybox) must be lowercase");
  EXPECT_EQ(message("me/App:1"), "invalid reference format: repository name (me/App) must be lowercase");
  EXPECT_EQ(message("a b"), "invalid reference format");
}

// The hand-written matcher against docker's grammar as a regex (reference.cpp gives it), on
// random strings over the characters the grammar cares about, plus near-valid shapes.
TEST(image_reference, AgreesWithTheGrammarRegex) {
  const std::regex grammar(
      R"(^(([A-Za-z0-9.-]+(:[0-9]+)?)/)?[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*)"
      R"((:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$)");
  const std::string alphabet = "ab0Z9._-_-:/@";
  const std::string digest = "@sha256:" + std::string(63, 'e');
  std::mt19937 rng(1234);
  int valid = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string ref;
    size_t len = rng() % 14;
    for (size_t j = 0; j < len; ++j) ref += alphabet[rng() % alphabet.size()];
    switch (rng() % 8) {
      case 0: ref += digest + "f"; break;           // a valid digest
      case 1: ref += digest; break;                 // one hex digit short
      case 2: ref += digest + "F"; break;           // upper case hex
      case 3: ref = "localhost:5000/" + ref; break;
      default: break;
    }
    bool expected = !ref.empty() && std::regex_match(ref, grammar);
    bool accepted = true;
    try {
      validate_reference(ref);
    } catch (const Error&) {
      accepted = false;
    }
    ASSERT_EQ(accepted, expected) << "\"" << ref << "\"";
    valid += expected;
  }
  EXPECT_GT(valid, 1000);  // the sample reaches the accepting side too
}

TEST(image_reference, Ids) {
  EXPECT_TRUE(looks_like_id("abc123"));
  EXPECT_TRUE(looks_like_id("sha256:" + std::string(64, 'f')));
  EXPECT_FALSE(looks_like_id("xyz"));
  EXPECT_FALSE(looks_like_id(std::string(65, 'a')));
  EXPECT_FALSE(looks_like_id("sha256:"));
  EXPECT_EQ(strip_digest_prefix("sha256:abc"), "abc");
}

}  // namespace
}  // namespace berth::image

// .dockerignore matching (moby/patternmatcher's rules) and COPY's wildcard matching.
#include "image/dockerignore.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::image {
namespace {

TEST(DockerIgnore, PlainNamesExcludeWhatIsBelow) {
  auto d = DockerIgnore::parse("# comment\nsecret.txt\n  build/  \n/abs\n");
  EXPECT_TRUE(d.excluded("secret.txt"));
  EXPECT_FALSE(d.excluded("sub/secret.txt"));
  EXPECT_TRUE(d.excluded("build"));
  EXPECT_TRUE(d.excluded("build/a/b.o"));
  EXPECT_TRUE(d.excluded("abs"));
  EXPECT_FALSE(d.excluded("builder"));
  EXPECT_FALSE(d.excluded("Dockerfile"));
}

TEST(DockerIgnore, Wildcards) {
  auto d = DockerIgnore::parse("*.log\ndocs/*/draft?.md\ntmp[0-9]\n");
  EXPECT_TRUE(d.excluded("a.log"));
  EXPECT_FALSE(d.excluded("dir/a.log"));  // '*' does not cross '/'
  EXPECT_TRUE(d.excluded("docs/x/draft1.md"));
  EXPECT_FALSE(d.excluded("docs/x/y/draft1.md"));
  EXPECT_FALSE(d.excluded("docs/x/draft10.md"));
  EXPECT_TRUE(d.excluded("tmp3"));
  EXPECT_TRUE(d.excluded("tmp3/inside"));
  EXPECT_FALSE(d.excluded("tmpx"));
}

TEST(DockerIgnore, DoubleStar) {
  auto d = DockerIgnore::parse("**/*.o\nsrc/**/gen\nvendor/**\n");
  EXPECT_TRUE(d.excluded("a.o"));
  EXPECT_TRUE(d.excluded("x/y/z.o"));
  EXPECT_TRUE(d.excluded("src/gen"));
  EXPECT_TRUE(d.excluded("src/a/b/gen/file"));
  EXPECT_TRUE(d.excluded("vendor/lib/x.go"));
  EXPECT_FALSE(d.excluded("vendor"));
  EXPECT_FALSE(d.excluded("x.c"));
}

TEST(DockerIgnore, ExceptionsReinclude) {
  auto d = DockerIgnore::parse("*.md\n!README.md\n");
  EXPECT_TRUE(d.excluded("CHANGES.md"));
  EXPECT_FALSE(d.excluded("README.md"));
  // The last matching pattern wins.
  d = DockerIgnore::parse("!README.md\n*.md\n");
  EXPECT_TRUE(d.excluded("README.md"));
  d = DockerIgnore::parse("docs\n!docs/keep.txt\n");
  EXPECT_TRUE(d.excluded("docs/other.txt"));
  EXPECT_FALSE(d.excluded("docs/keep.txt"));
  EXPECT_TRUE(d.may_include_below("docs"));
  EXPECT_FALSE(d.may_include_below("other"));
  EXPECT_THROW(DockerIgnore::parse("!\n"), Error);
}

TEST(DockerIgnore, Escapes) {
  auto d = DockerIgnore::parse("a\\*b\nx.y\n");
  EXPECT_TRUE(d.excluded("a*b"));
  EXPECT_FALSE(d.excluded("axxb"));
  EXPECT_TRUE(d.excluded("x.y"));
  EXPECT_FALSE(d.excluded("xzy"));  // '.' is literal
}

TEST(GoCleanPath, LikeFilepathClean) {
  EXPECT_EQ(go_clean_path(""), ".");
  EXPECT_EQ(go_clean_path("./a//b/"), "a/b");
  EXPECT_EQ(go_clean_path("a/../../b"), "../b");
  EXPECT_EQ(go_clean_path("/../a"), "/a");
  EXPECT_EQ(go_clean_path("/"), "/");
  EXPECT_EQ(go_clean_path("a/./b/.."), "a");
}

TEST(PathMatch, LikeFilepathMatch) {
  EXPECT_TRUE(path_match("*.txt", "a.txt"));
  EXPECT_FALSE(path_match("*.txt", "d/a.txt"));
  EXPECT_TRUE(path_match("d/*.txt", "d/a.txt"));
  EXPECT_TRUE(path_match("?b", "ab"));
  EXPECT_FALSE(path_match("?b", "/b"));
  EXPECT_TRUE(path_match("[a-c]x", "bx"));
  EXPECT_FALSE(path_match("[^a-c]x", "bx"));
  EXPECT_TRUE(path_match("[^a-c]x", "dx"));
  EXPECT_TRUE(path_match("a\\*", "a*"));
  EXPECT_FALSE(path_match("a\\*", "ab"));
  EXPECT_FALSE(path_match("[a", "a"));  // malformed
  EXPECT_TRUE(path_match("*", ""));
  EXPECT_TRUE(path_match("a*b*c", "axxbyyc"));
  EXPECT_TRUE(has_wildcards("a*"));
  EXPECT_TRUE(has_wildcards("[ab]"));
  EXPECT_FALSE(has_wildcards("a\\*"));
  EXPECT_FALSE(has_wildcards("plain/name"));
}

}  // namespace
}  // namespace berth::image

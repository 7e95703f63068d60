// .dockerignore: which files of the build context the builder may see (moby/patternmatcher).
//
// One pattern a line; '#' starts a comment line; "!pattern" re-includes. Patterns are cleaned
// like Go's filepath.Clean and made relative ("/a" is "a"). '*' and '?' do not cross '/',
// "**" crosses any number of directories, [a-z] classes and '\' escapes work. A path is
// excluded when the last pattern that matches it, or one of its parent directories, is not an
// exception.
#pragma once

#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace berth::image {

class DockerIgnore {
 public:
  DockerIgnore() = default;
  // Throws Error (exit 125) for a bad pattern ("!" alone, an unbalanced '[').
  static DockerIgnore parse(std::string_view text);

  // `path` is relative to the context root, '/'-separated ("src/main.c").
  bool excluded(std::string_view path) const;
  // Whether a walk must enter the excluded directory `dir` because an exception pattern may
  // re-include something below it (docker's rule: the exception's text starts with "dir/").
  bool may_include_below(std::string_view dir) const;
  bool empty() const { return patterns_.empty(); }

 private:
  struct Pattern {
    std::string text;  // cleaned, without '!'
    bool exception = false;
    std::regex re;
  };
  std::vector<Pattern> patterns_;
};

// Go's filepath.Clean for '/'-separated paths: "." for empty, no "//", "./", trailing '/',
// and ".." folded where a name precedes it.
std::string go_clean_path(std::string_view path);
// Go's filepath.Match: '*' (not crossing '/'), '?', [classes] with '^' negation and ranges,
// '\' escapes. A malformed pattern matches nothing.
bool path_match(std::string_view pattern, std::string_view name);
// True when `pattern` has an unescaped '*', '?' or '['.
bool has_wildcards(std::string_view pattern);

}  // namespace berth::image

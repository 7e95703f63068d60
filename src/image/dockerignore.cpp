// .dockerignore matching, translated from moby/patternmatcher (patterns compiled to regular
// expressions, parent directories matched too), and Go's filepath.Match for COPY sources.
#include "image/dockerignore.hpp"

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"

namespace berth::image {
namespace {

// The regular expression for one cleaned pattern, as patternmatcher's compile builds it.
std::string pattern_regex(std::string_view p) {
  std::string re = "^";
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '*') {
      if (i + 1 < p.size() && p[i + 1] == '*') {
        ++i;
        if (i + 1 < p.size() && p[i + 1] == '/') ++i;  // "**/" is "**"
        re += i + 1 == p.size() ? ".*" : "(.*/)?";
      } else {
        re += "[^/]*";
      }
    } else if (c == '?') {
      re += "[^/]";
    } else if (std::string_view(".+()|{}$^").find(c) != std::string_view::npos) {
      re += '\\';
      re += c;
    } else if (c == '\\') {
      re += '\\';
      if (i + 1 < p.size()) re += p[++i];
      else re += '\\';
    } else {
      re += c;
    }
  }
  return re + "$";
}

// Matches one character class starting after '['; returns the position after ']' or npos.
size_t match_class(std::string_view p, size_t i, char c, bool& matched) {
  bool negate = i < p.size() && p[i] == '^';
  if (negate) ++i;
  bool in = false;
  bool first = true;
  while (i < p.size() && (first || p[i] != ']')) {
    first = false;
    char lo = p[i++];
    if (lo == '\\') {
      if (i >= p.size()) return std::string_view::npos;
      lo = p[i++];
    }
    char hi = lo;
    if (i + 1 < p.size() && p[i] == '-' && p[i + 1] != ']') {
      hi = p[i + 1];
      i += 2;
      if (hi == '\\') {
        if (i >= p.size()) return std::string_view::npos;
        hi = p[i++];
      }
    }
    if (lo <= c && c <= hi) in = true;
  }
  if (i >= p.size()) return std::string_view::npos;  // no closing ']'
  matched = in != negate;
  return i + 1;
}

bool match_from(std::string_view p, std::string_view n) {
  while (!p.empty()) {
    char c = p.front();
    if (c == '*') {
      while (!p.empty() && p.front() == '*') p.remove_prefix(1);
      for (size_t i = 0;; ++i) {
        if (match_from(p, n.substr(i))) return true;
        if (i >= n.size() || n[i] == '/') return false;
      }
    }
    if (n.empty()) return false;
    if (c == '?') {
      if (n.front() == '/') return false;
      p.remove_prefix(1);
    } else if (c == '[') {
      bool matched = false;
      size_t end = match_class(p, 1, n.front(), matched);
      if (end == std::string_view::npos || !matched || n.front() == '/') return false;
      p.remove_prefix(end);
    } else {
      if (c == '\\') {
        p.remove_prefix(1);
        if (p.empty()) return false;
        c = p.front();
      }
      if (c != n.front()) return false;
      p.remove_prefix(1);
    }
    n.remove_prefix(1);
  }
  return n.empty();
}

}  // namespace

std::string go_clean_path(std::string_view path) {
  if (path.empty()) return ".";
  bool rooted = path.front() == '/';
  std::vector<std::string> out;
  for (const auto& part : split(path, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!out.empty() && out.back() != "..") out.pop_back();
      else if (!rooted) out.push_back(part);
      continue;
    }
    out.push_back(part);
  }
  std::string joined = join(out, "/");
  if (rooted) return "/" + joined;
  return joined.empty() ? "." : joined;
}

bool path_match(std::string_view pattern, std::string_view name) { return match_from(pattern, name); }

bool has_wildcards(std::string_view pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') ++i;
    else if (c == '*' || c == '?' || c == '[') return true;
  }
  return false;
}

DockerIgnore DockerIgnore::parse(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  DockerIgnore d;
  for (const auto& raw : split(text, '\n')) {
    if (raw.starts_with('#')) continue;
    std::string_view line = trim(raw);
    if (line.empty()) continue;
    Pattern p;
    if (line.front() == '!') {
      p.exception = true;
      line = trim(line.substr(1));
      if (line.empty()) throw Error("illegal exclusion pattern: \"!\" in .dockerignore", ExitCode::kEngine);
    }
    p.text = go_clean_path(line);
    if (p.text.size() > 1 && p.text.front() == '/') p.text.erase(0, 1);
    try {
      p.re = std::regex(pattern_regex(p.text), std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      throw Error(fmt::format(".dockerignore: bad pattern \"{}\"", p.text), ExitCode::kEngine);
    }
    d.patterns_.push_back(std::move(p));
  }
  return d;
}

bool DockerIgnore::excluded(std::string_view path) const {
  std::string file = go_clean_path(path);
  size_t slash = file.rfind('/');
  std::vector<std::string> parents;
  if (slash != std::string::npos) {
    auto dirs = split(std::string_view(file).substr(0, slash), '/');
    std::string prefix;
    for (const auto& d : dirs) {
      prefix += prefix.empty() ? d : "/" + d;
      parents.push_back(prefix);
    }
  }
  bool matched = false;
  for (const auto& p : patterns_) {
    // An exception can only undo a match, and a plain pattern only add one.
    if (p.exception != matched) continue;
    bool match = std::regex_match(file, p.re);
    for (size_t i = 0; !match && i < parents.size(); ++i) match = std::regex_match(parents[i], p.re);
    if (match) matched = !p.exception;
  }
  return matched;
}

bool DockerIgnore::may_include_below(std::string_view dir) const {
  std::string prefix = go_clean_path(dir) + "/";
  for (const auto& p : patterns_)
    if (p.exception && (p.text + "/").starts_with(prefix)) return true;
  return false;
}

}  // namespace berth::image

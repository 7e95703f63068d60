// Dockerfile variable substitution; the structure follows buildkit's shellWord so that corner
// cases (escapes inside double quotes, "$" before a non-name) behave the same.
#include "image/shell_words.hpp"

#include <cctype>
#include <optional>

#include <fmt/core.h>

#include "base/error.hpp"

namespace berth::image {
namespace {

constexpr int kEof = -1;

class Lexer {
 public:
  Lexer(std::string_view s, const BuildEnv& env, char escape) : s_(s), env_(env), escape_(escape) {}

  // Reads up to `stop` (consumed) or the end of input when stop is kEof.
  std::string process_until(int stop) {
    std::string out;
    while (peek() != kEof) {
      int c = peek();
      if (stop != kEof && c == stop) {
        next();
        return out;
      }
      if (c == '\'') {
        out += single_quoted();
      } else if (c == '"') {
        out += double_quoted();
      } else if (c == '$') {
        out += dollar();
      } else {
        next();
        if (c == escape_) {
          if (peek() == kEof) break;  // a trailing escape is dropped
          c = next();
        }
        out += static_cast<char>(c);
      }
    }
    if (stop == '}') fail("syntax error: missing '}'");
    return out;
  }

 private:
  int peek() const { return pos_ < s_.size() ? static_cast<unsigned char>(s_[pos_]) : kEof; }
  int next() { return pos_ < s_.size() ? static_cast<unsigned char>(s_[pos_++]) : kEof; }
  [[noreturn]] static void fail(const std::string& what) { throw Error(what, ExitCode::kEngine); }

  // Everything up to the next ' is literal; ' cannot be escaped inside.
  std::string single_quoted() {
    next();
    std::string out;
    for (;;) {
      int c = next();
      if (c == kEof) fail("unexpected end of statement while looking for matching single-quote");
      if (c == '\'') return out;
      out += static_cast<char>(c);
    }
  }

  // Literal except $ expansions; the escape character escapes only ", $ and itself.
  std::string double_quoted() {
    next();
    std::string out;
    for (;;) {
      int c = peek();
      if (c == kEof) fail("unexpected end of statement while looking for matching double-quote");
      if (c == '"') {
        next();
        return out;
      }
      if (c == '$') {
        out += dollar();
        continue;
      }
      next();
      if (c == escape_) {
        int n = peek();
        if (n == kEof) continue;
        if (n == '"' || n == '$' || n == escape_) c = next();
      }
      out += static_cast<char>(c);
    }
  }

  static bool is_special_param(int c) {
    return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' || c == '!' || c == '0';
  }
  static bool is_name_char(int c) { return c == '_' || c >= 0x80 || std::isalnum(c); }

  std::string name() {
    std::string n;
    if (peek() != kEof && std::isdigit(peek())) {
      while (peek() != kEof && std::isdigit(peek())) n += static_cast<char>(next());
      return n;
    }
    if (peek() != kEof && is_special_param(peek())) return std::string(1, static_cast<char>(next()));
    while (peek() != kEof && is_name_char(peek())) n += static_cast<char>(next());
    return n;
  }

  std::optional<std::string> lookup(const std::string& n) const {
    auto it = env_.find(n);
    if (it == env_.end()) return std::nullopt;
    return it->second;
  }

  std::string dollar() {
    next();
    if (peek() != '{') {
      std::string n = name();
      if (n.empty()) return "$";
      return lookup(n).value_or("");
    }
    next();
    int c = peek();
    if (c == kEof) fail("syntax error: missing '}'");
    if (c == '{' || c == '}' || c == ':') fail("syntax error: bad substitution");
    std::string n = name();
    c = next();
    if (c == '}') return lookup(n).value_or("");
    if (c == kEof) fail("syntax error: missing '}'");
    bool colon = c == ':';
    int modifier = colon ? next() : c;
    if (modifier != '-' && modifier != '+' && modifier != '?')
      fail(fmt::format("unsupported modifier ({}) in substitution", static_cast<char>(modifier)));
    std::string word = process_until('}');
    auto value = lookup(n);
    // With ':', an empty value counts as unset.
    bool set = value && (!colon || !value->empty());
    switch (modifier) {
      case '-':
        return set ? *value : word;
      case '+':
        return set ? word : "";
      default:  // '?'
        if (!set) fail(fmt::format("{}: {}", n, word.empty() ? "is not allowed to be unset" : word));
        return *value;
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
  const BuildEnv& env_;
  int escape_;
};

}  // namespace

std::string expand_word(std::string_view word, const BuildEnv& env, char escape) {
  return Lexer(word, env, escape).process_until(kEof);
}

}  // namespace berth::image

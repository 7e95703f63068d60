// Parsing detach keys and matching them in a stream of typed bytes.
#include "engine/detach_keys.hpp"

#include <fmt/core.h>

namespace berth::engine {
namespace {

// ctrl-<c>: the code a terminal sends with Control held, for the characters docker names.
std::expected<char, std::string> control_code(std::string_view c) {
  if (c.size() == 1) {
    if (c[0] >= 'a' && c[0] <= 'z') return static_cast<char>(c[0] - 'a' + 1);
    if (c[0] == '@') return '\0';
    if (c[0] >= '[' && c[0] <= '_') return static_cast<char>(c[0] - '[' + 27);  // [ \ ] ^ _
  }
  return std::unexpected(fmt::format("unknown key \"ctrl-{}\" (ctrl- takes one of a-z @ [ \\ ] ^ _)", c));
}

}  // namespace

std::expected<std::string, std::string> parse_detach_keys(std::string_view spec) {
  std::string bytes;
  for (size_t start = 0;;) {
    size_t comma = spec.find(',', start);
    std::string_view key = spec.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (key.size() == 1) {
      bytes += key[0];
    } else if (key.starts_with("ctrl-")) {
      auto code = control_code(key.substr(5));
      if (!code) return std::unexpected(code.error());
      bytes += *code;
    } else {
      return std::unexpected(key.empty() ? std::string("empty key") : fmt::format("unknown key \"{}\"", key));
    }
    if (comma == std::string_view::npos) return bytes;
    start = comma + 1;
  }
}

DetachKeyMatcher::Result DetachKeyMatcher::feed(std::string_view input) {
  Result r;
  if (keys_.empty()) {
    r.forward = input;
    return r;
  }
  for (char c : input) {
    held_ += c;
    if (held_ == keys_) {
      held_.clear();
      r.detached = true;
      return r;
    }
    // Keep the longest tail of what is held that can still start the sequence (so that
    // "ctrl-p ctrl-p ctrl-q" detaches); what falls off the front goes to the container.
    size_t drop = 0;
    while (drop < held_.size() && !keys_.starts_with(std::string_view(held_).substr(drop))) ++drop;
    r.forward.append(held_, 0, drop);
    held_.erase(0, drop);
  }
  return r;
}

}  // namespace berth::engine

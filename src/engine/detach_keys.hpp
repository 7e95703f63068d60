// Detach keys: docker's --detach-keys syntax, and spotting the sequence in typed input.
//   "ctrl-p,ctrl-q"   keys separated by commas; each is one character ("x") or ctrl-<c> with
//                     <c> one of a-z @ [ \ ] ^ _ (the control code the terminal sends for it)
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace berth::engine {

// Docker's default: ctrl-p ctrl-q.
inline constexpr std::string_view kDefaultDetachKeys = "ctrl-p,ctrl-q";

// The bytes a terminal sends for `spec`, or what is wrong with it.
std::expected<std::string, std::string> parse_detach_keys(std::string_view spec);

// Watches input for the sequence. Bytes that might start it are held back until the next
// byte decides: the whole sequence means detach (and is never forwarded); anything else
// releases them unchanged, in order.
class DetachKeyMatcher {
 public:
  // Empty `keys`: never detaches, forwards everything.
  explicit DetachKeyMatcher(std::string keys) : keys_(std::move(keys)) {}

  struct Result {
    std::string forward;    // to send to the container now
    bool detached = false;  // the sequence was typed; input after it is dropped
  };
  Result feed(std::string_view input);

 private:
  std::string keys_;
  std::string held_;  // a prefix of keys_ typed so far
};

}  // namespace berth::engine

// libFuzzer target: image references. validate_reference may only succeed or throw berth::Error,
// and it must agree with docker's grammar written as a regex (reference.cpp matches it by hand).
#include <cstddef>
#include <cstdint>
#include <regex>
#include <string>

#include "base/error.hpp"
#include "image/reference.hpp"

namespace {

bool grammar_accepts(const std::string& ref) {
  static const std::regex grammar(
      R"(^(([A-Za-z0-9.-]+(:[0-9]+)?)/)?[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*)"
      R"((:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$)");
  return !ref.empty() && ref.size() <= 255 && std::regex_match(ref, grammar);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 300) return 0;  // the grammar caps references at 255 bytes
  std::string ref(reinterpret_cast<const char*>(data), size);
  bool accepted = true;
  try {
    berth::image::validate_reference(ref);
  } catch (const berth::Error&) {
    accepted = false;
  }
  if (accepted != grammar_accepts(ref)) __builtin_trap();
  if (accepted) {
    (void)berth::image::normalize_reference(ref);
    (void)berth::image::familiar_reference(ref);
  }
  return 0;
}

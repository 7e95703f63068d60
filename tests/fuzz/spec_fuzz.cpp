// libFuzzer target: parse_spec on arbitrary bytes may only succeed or throw berth::Error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/error.hpp"
#include "oci/spec_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    berth::oci::parse_spec(text);
  } catch (const berth::Error&) {
    // Refusing bad input is the expected outcome; anything else escapes and aborts the run.
  }
  return 0;
}

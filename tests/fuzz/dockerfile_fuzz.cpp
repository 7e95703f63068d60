// libFuzzer target: a Dockerfile comes with a build context that may not be the user's own.
// Parsing it may only succeed or throw berth::Error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/error.hpp"
#include "image/dockerfile_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    (void)berth::image::parse_dockerfile(text);
  } catch (const berth::Error&) {
  }
  return 0;
}

// libFuzzer target: an image config from an archive (`berth load`) is untrusted. Reading the
// container defaults and the layer ids may only succeed or throw berth::Error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "image/image_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = nlohmann::json::parse(text, nullptr, false);
  if (config.is_discarded()) return 0;  // load refuses text that is not JSON before this
  try {
    (void)berth::image::parse_container_defaults(config);
  } catch (const berth::Error&) {
  }
  try {
    (void)berth::image::parse_diff_ids(config);
  } catch (const berth::Error&) {
  }
  return 0;
}

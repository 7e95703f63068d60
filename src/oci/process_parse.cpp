// Reading a standalone process.json (runc exec --process) with the same rules as config.json.
#include "oci/process_parse.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "oci/spec_parse.hpp"

namespace berth::oci {

Process parse_process_json(std::string_view text, const std::string& origin) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(fmt::format("{}: invalid JSON at byte {}", origin, e.byte));
  }
  // Parse it as the process of a minimal config so every field gets the config's checks.
  nlohmann::json wrapper = {{"ociVersion", kWrapperVersion}, {"root", {{"path", "rootfs"}}}, {"process", doc}};
  return *parse_spec(wrapper.dump(), origin).process;
}

}  // namespace berth::oci

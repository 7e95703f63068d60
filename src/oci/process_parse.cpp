// Reading a standalone process.json (runc exec --process) with the same rules as config.json.
#include "oci/process_parse.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "oci/spec_parse.hpp"

namespace berth::oci {

namespace {

nlohmann::json parse_json(std::string_view text, const std::string& origin) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: invalid JSON: {}", origin, e.what()));
  }
}

// A minimal config around `part`, so the part gets every check the config parser makes.
Spec parse_wrapped(const std::string& key, nlohmann::json part, const std::string& origin) {
  nlohmann::json wrapper = {{"ociVersion", kWrapperVersion}, {"root", {{"path", "rootfs"}}}};
  if (key == "resources") wrapper["linux"] = {{"resources", std::move(part)}};
  else wrapper[key] = std::move(part);
  return parse_spec(wrapper.dump(), origin);
}

}  // namespace

Process parse_process_json(std::string_view text, const std::string& origin) {
  return *parse_wrapped("process", parse_json(text, origin), origin).process;
}

Resources parse_resources_json(std::string_view text, const std::string& origin) {
  return *parse_wrapped("resources", parse_json(text, origin), origin).linux_->resources;
}

}  // namespace berth::oci

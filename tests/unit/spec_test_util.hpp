// Helpers for the config.json tests: a minimal valid config, and the error a variant of it gives.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "oci/spec_parse.hpp"

namespace berth::oci::testing {

using nlohmann::json;

// The smallest config parse_spec accepts, with a linux object to hang variants on.
inline json minimal_config() {
  return json::parse(R"({
    "ociVersion": "1.0.2",
    "root": {"path": "rootfs"},
    "process": {"args": ["sh"], "cwd": "/", "user": {"uid": 0, "gid": 0}},
    "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "ipc"}]}
  })");
}

// What parse_spec says about `text`, or "ok".
inline std::string text_error(std::string_view text) {
  try {
    parse_spec(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "ok";
}

inline std::string parse_error(const json& config) { return text_error(config.dump()); }

// The minimal config with the value at JSON pointer `where` replaced by `value`.
inline std::string error_with(const std::string& where, const json& value) {
  json c = minimal_config();
  c[json::json_pointer(where)] = value;
  return parse_error(c);
}

// The minimal config without the member at JSON pointer `where`.
inline std::string error_without(const std::string& where) {
  json c = minimal_config();
  json::json_pointer p(where);
  c[p.parent_pointer()].erase(p.back());
  return parse_error(c);
}

}  // namespace berth::oci::testing

// The version an OCI runtime binary reports, for `berth version`: runc, crun and berth-runtime
// all answer `--version` with a first line "<name> version <v>" and a line "spec: <v>".
#pragma once

#include <string>
#include <string_view>

#include "engine/paths.hpp"
#include "engine/runtime_client.hpp"

namespace berth::engine {

struct RuntimeVersion {
  std::string version;  // empty when the text names none
  std::string spec;     // the OCI runtime spec version it implements; empty when not said
};

// Reads `--version` output: the last word of the first line, and the value of a "spec:" line.
RuntimeVersion parse_runtime_version(std::string_view text);

// Runs `<choice.path> --version`. Throws (exit 125) naming the runtime when it fails.
RuntimeVersion query_runtime_version(const Paths& paths, const RuntimeChoice& choice);

}  // namespace berth::engine

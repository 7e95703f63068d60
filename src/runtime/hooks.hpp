// OCI hooks: run each with the container's state JSON on stdin, within its timeout.
#pragma once

#include <string>
#include <vector>

#include "oci/spec.hpp"

namespace berth::runtime {

// Whether create has prestart or createRuntime hooks to run, which the runtime runs while the
// init waits (the sync round trip is skipped without them: both sides read the same config).
inline bool has_create_runtime_hooks(const oci::Spec& spec) {
  return !spec.hooks.prestart.empty() || !spec.hooks.create_runtime.empty();
}

// Runs `hooks` in order. The first that fails (non-zero exit, signal, timeout, or cannot be
// executed) throws an Error naming `stage`, the index and the hook's path.
void run_hooks(const std::vector<oci::Hook>& hooks, const std::string& state_json,
               const std::string& stage);

// Like run_hooks, but a failing hook is logged as a warning and the rest still run
// (poststart and poststop: the spec says their failure must not stop the lifecycle).
void run_hooks_warn_only(const std::vector<oci::Hook>& hooks, const std::string& state_json,
                         const std::string& stage);

}  // namespace berth::runtime

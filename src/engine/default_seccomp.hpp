// The seccomp filter a container gets when no --security-opt seccomp= is given.
//
// Modelled on the syscalls Docker's default profile blocks ("Significant syscalls blocked by the
// default profile" in Docker's docs), as a deny list: kernel modules, kexec, reboot, clock and
// time setting, swap, quotactl, keyrings, BPF, perf, userfaultfd, handle-based opens, mount and
// namespace creation (unshare, setns, clone/clone3 with namespace flags), NUMA policy, personality
// tricks, and so on, each allowed again when the container holds the capability Docker ties it
// to (CAP_SYS_ADMIN, CAP_SYS_MODULE, …). Denied calls fail with EPERM (clone3 with ENOSYS, so
// libc falls back to clone, whose flags the filter can inspect). Docker's real profile is an
// allow list; a deny list lets through syscalls newer than this list (docs/engine.md).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace berth::engine {

// The OCI linux.seccomp object for a container with capabilities `caps` ("CAP_…").
nlohmann::json default_seccomp_profile(const std::vector<std::string>& caps);

}  // namespace berth::engine

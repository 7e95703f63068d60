// The seccomp filter a container gets when no --security-opt seccomp= is given.
//
// Docker's default profile (moby profiles/seccomp as of mid-2025: io_uring blocked, kernel
// 6.13 calls listed), written as Berth's own table: an allow list with defaultAction
// SCMP_ACT_ERRNO and errno EPERM. Ordinary calls are allowed; kernel modules, kexec, reboot,
// clocks, keyrings, BPF, perf, mount and namespace creation are not, unless the container holds
// the capability Docker ties them to (CAP_SYS_ADMIN re-allows mount, unshare, setns, clone with
// namespace flags, …). clone3 fails with ENOSYS without CAP_SYS_ADMIN (its flags are in memory
// where the filter cannot read them), so libc falls back to clone, whose flags it can check.
// Architectures: x86_64 with its x86 and x32 sub-architectures.
//
// Names this libseccomp does not know are skipped by the runtime (runtime/init/seccomp.cpp);
// syscalls numbered above every listed one fail with ENOSYS there, not EPERM, as under runc.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace berth::engine {

// The OCI linux.seccomp object for a container with capabilities `caps` ("CAP_…").
nlohmann::json default_seccomp_profile(const std::vector<std::string>& caps);

}  // namespace berth::engine

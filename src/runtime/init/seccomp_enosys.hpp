// ENOSYS, not the profile's errno, for syscalls newer than every syscall a profile names.
//
// An allow list written before a syscall existed refuses it with its default errno (EPERM for
// Docker's). libc probes new calls and falls back to an older one only on ENOSYS (fchmodat2 ->
// fchmodat, faccessat2 -> faccessat, …), so EPERM breaks programs on a kernel newer than the
// profile. runc (and so Docker) answers ENOSYS for those; Berth does the same with a second,
// small BPF program loaded after libseccomp's filter:
//
//   ld  arch
//   jeq AUDIT_ARCH_X86_64 ? . : next arch     (one block per architecture of the filter)
//     ld  nr
//     jge X32 bit ? x32 compare : x86_64 compare    (only when SCMP_ARCH_X32 is in the filter)
//     jgt <highest x32 nr named> ? ENOSYS : ALLOW
//     jgt <highest nr named>     ? ENOSYS : ALLOW
//   …
//   ret ALLOW            ALLOW defers to libseccomp's filter: the kernel runs every filter and
//   ret ERRNO(ENOSYS)    keeps the most restrictive answer, and of two ERRNOs the one of the
//                        filter loaded last, so ENOSYS wins over the profile's default errno.
//
// Only for profiles whose default action is SCMP_ACT_ERRNO: with ALLOW nothing is refused, and a
// KILL or TRAP default is a choice to be strict that ENOSYS would soften.
#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <string>
#include <vector>

namespace berth::runtime {

// The program for a filter on architectures `arch_tokens` (libseccomp SCMP_ARCH_* values,
// native first) whose rules name `names`. Empty when no name resolves on any architecture.
std::vector<sock_filter> enosys_program(const std::vector<uint32_t>& arch_tokens,
                                        const std::vector<std::string>& names);

// Loads `program` as a filter of this process (after libseccomp's own). `spec_allow` passes
// SECCOMP_FILTER_FLAG_SPEC_ALLOW, so the stub does not turn on the speculative store bypass
// mitigation the profile asked to leave off. Falls back to prctl(PR_SET_SECCOMP) when the
// profile refuses seccomp(2); a profile that refuses both keeps its own errno for new calls.
void load_enosys_program(const std::vector<sock_filter>& program, bool spec_allow);

}  // namespace berth::runtime

// The process's identity and privileges, applied by the container's init (and exec) just before
// execve: rlimits, user and groups, capabilities, no_new_privs, seccomp.
//
// Each function runs in the child between clone and execve: it throws berth::Error, and the
// caller catches it there and sends it over the sync socket (nothing crosses the clone boundary).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "oci/spec.hpp"

namespace berth::runtime {

// setrlimit for each entry; the error names the rlimit type.
void apply_rlimits(const std::vector<oci::Rlimit>& rlimits);

// Capability name <-> number ("CAP_SYS_ADMIN" <-> 21); throws on an unknown name.
int capability_from_name(const std::string& name);
std::string capability_name(int cap);
// The last capability the running kernel knows (from /proc/sys/kernel/cap_last_cap).
int last_capability();

// Drops every capability not in `caps.bounding` from the bounding set. Must run while the
// process still has CAP_SETPCAP (before the uid change).
void drop_bounding_set(const oci::Capabilities& caps);

// Switches to user.uid/gid with additionalGids (setgroups, setgid, setuid), keeping the
// permitted capabilities across the change, then sets effective, permitted, inheritable and
// ambient sets exactly as listed. Without `caps`, all capabilities are cleared as a non-root
// user would have them (and kept as they are for uid 0).
void switch_user_and_capabilities(const oci::User& user, const oci::Capabilities* caps);

// Loads the seccomp filter from the config with libseccomp. Throws naming the syscall, action
// or architecture that is not valid. Unknown syscall names are skipped as runc does (a newer
// profile on an older kernel/libseccomp), logged at debug level.
void apply_seccomp(const oci::Seccomp& seccomp);

// prctl(PR_SET_NO_NEW_PRIVS, 1).
void set_no_new_privileges();

}  // namespace berth::runtime

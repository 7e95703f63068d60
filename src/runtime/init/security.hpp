// The process's identity and privileges, applied by the container's init (and exec) just before
// execve: rlimits, user and groups, capabilities, no_new_privs, seccomp.
//
// Each function runs in the child between clone and execve: it throws berth::Error, and the
// caller catches it there and sends it over the sync socket (nothing crosses the clone boundary).
// None of them starts a thread or keeps state between calls; they assume the calling process is
// single threaded (uid/gid changes are made with raw syscalls, which apply to the calling thread
// only, not through glibc's all-threads setxid broadcast).
//
// Order. The container init calls them in this order, and each step needs the one before:
//
//   1. apply_rlimits                 while still root: raising a hard limit needs CAP_SYS_RESOURCE.
//   2. drop_bounding_set             needs CAP_SETPCAP, which the uid change below may drop.
//   3. switch_user_and_capabilities  setgroups/setgid/setuid need CAP_SETGID/CAP_SETUID, so the
//                                    ids change first and the capability sets are set after.
//   4. set_no_new_privileges         if process.noNewPrivileges; unprivileged, any time.
//   5. apply_seccomp                 last, just before execve, so the filter sees as few of the
//                                    runtime's own syscalls as possible.
//
// Seccomp and no_new_privs: loading a filter without no_new_privs needs CAP_SYS_ADMIN in the
// effective set (otherwise the kernel answers EACCES). So when noNewPrivileges is false, the
// caller must load the filter BEFORE step 3 drops capabilities (as runc does), e.g. with
//   auto filter = build_seccomp_filter(seccomp);   // any time: allocates, changes nothing
//   load_seccomp_filter(filter);                   // before step 3 when NNP is off
// A filter loaded early also filters steps 3-5 and the execve: a profile that denies setgroups,
// setresuid, capset, prctl or execve makes the init fail, as it would under runc.
// libseccomp would set no_new_privs itself on load; we turn that off (SCMP_FLTATR_CTL_NNP = 0)
// so that only set_no_new_privileges decides it.
//
// RLIMIT_NPROC is checked against the new uid at execve (PF_NPROC_EXCEEDED), not at setuid: a
// limit the target user already exceeds shows up as execve failing with EAGAIN.
#pragma once

#include <linux/filter.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "oci/spec.hpp"

namespace berth::runtime {

// --- rlimits (rlimits.cpp) -----------------------------------------------------------------

// setrlimit for each entry; the error names the rlimit type. All entries are checked (known type,
// soft <= hard) before any is applied.
void apply_rlimits(const std::vector<oci::Rlimit>& rlimits);

// "RLIMIT_NOFILE" -> RLIMIT_NOFILE; throws on a name that is not an rlimit.
int rlimit_from_name(const std::string& name);
// RLIMIT_NOFILE -> "RLIMIT_NOFILE"; throws on an unknown resource number.
std::string rlimit_name(int resource);

// --- capabilities (capabilities.cpp) -------------------------------------------------------

// Capability name <-> number ("CAP_SYS_ADMIN" <-> 21); throws on an unknown name.
// Names are those of linux/capability.h up to CAP_CHECKPOINT_RESTORE (40), spelled exactly.
int capability_from_name(const std::string& name);
// Throws on a number that has no name in the table (negative, or beyond the table).
std::string capability_name(int cap);
// The last capability the running kernel knows (from /proc/sys/kernel/cap_last_cap).
int last_capability();

// The set of capabilities named in `names` as a bit mask (bit N = capability N). A name that is
// not a capability at all throws, naming `set_name` ("bounding", ...); a capability the running
// kernel does not know (above last_capability()) is skipped with a warning, as runc does.
uint64_t capability_mask(const std::vector<std::string>& names, const std::string& set_name);
// The same against an explicit last capability (tests pretend to be an older kernel).
uint64_t capability_mask(const std::vector<std::string>& names, const std::string& set_name,
                         int last_cap);

// Drops every capability not in `caps.bounding` from the bounding set. Must run while the
// process still has CAP_SETPCAP (before the uid change).
void drop_bounding_set(const oci::Capabilities& caps);

// --- identity (identity.cpp) ---------------------------------------------------------------

// Switches to user.uid/gid with additionalGids (setgroups, setgid, setuid), keeping the
// permitted capabilities across the change, then sets effective, permitted, inheritable and
// ambient sets exactly as listed. Without `caps`, all capabilities are cleared as a non-root
// user would have them (and kept as they are for uid 0).
// setgroups is skipped when /proc/self/setgroups says "deny" (an unprivileged user namespace,
// where it would fail with EPERM); additionalGids are then ignored with a warning. Without
// additionalGids the supplementary groups are cleared, so none leak from the runtime.
// All capability names are checked before any id changes.
void switch_user_and_capabilities(const oci::User& user, const oci::Capabilities* caps);

// --- no_new_privs (no_new_privs.cpp) -------------------------------------------------------

// prctl(PR_SET_NO_NEW_PRIVS, 1).
void set_no_new_privileges();

// --- seccomp (seccomp.cpp) -----------------------------------------------------------------

// A libseccomp filter built from the config, not yet loaded. Owns its scmp_filter_ctx.
class SeccompFilter {
 public:
  explicit SeccompFilter(void* ctx) : ctx_(ctx) {}
  SeccompFilter(const SeccompFilter&) = delete;
  SeccompFilter& operator=(const SeccompFilter&) = delete;
  SeccompFilter(SeccompFilter&& other) noexcept
      : ctx_(std::exchange(other.ctx_, nullptr)),
        enosys_(std::move(other.enosys_)),
        spec_allow_(other.spec_allow_) {}
  SeccompFilter& operator=(SeccompFilter&& other) noexcept;
  ~SeccompFilter();

  // The scmp_filter_ctx (kept as void* so this header does not pull in seccomp.h).
  void* get() const { return ctx_; }
  // The filter as libseccomp's human-readable pseudo filter code (seccomp_export_pfc).
  std::string export_pfc() const;

  // The ENOSYS program loaded after the filter (runtime/init/seccomp_enosys.hpp); empty: none.
  void set_enosys_program(std::vector<sock_filter> program, bool spec_allow) {
    enosys_ = std::move(program);
    spec_allow_ = spec_allow;
  }
  const std::vector<sock_filter>& enosys_program() const { return enosys_; }
  bool spec_allow() const { return spec_allow_; }

 private:
  void* ctx_ = nullptr;
  std::vector<sock_filter> enosys_;
  bool spec_allow_ = false;
};

// Builds the filter: default action, architectures, flags, one rule per syscall name. Throws
// naming what is not valid (`seccomp: syscalls[3].action: unknown action "SCMP_ACT_FOO"`).
// Unknown syscall names are skipped as runc does (a newer profile on an older kernel/libseccomp),
// logged at debug level; so are rules whose action equals the default action (libseccomp
// refuses them and they change nothing). SCMP_ACT_NOTIFY is not supported yet and throws.
// With defaultAction SCMP_ACT_ERRNO it also prepares the ENOSYS program for syscalls numbered
// above every one the profile names (runtime/init/seccomp_enosys.hpp).
// Changes nothing in the process: safe to call (and test) without privileges.
SeccompFilter build_seccomp_filter(const oci::Seccomp& seccomp);

// Loads a built filter, then its ENOSYS program, into the kernel for this process. Without
// no_new_privs this needs CAP_SYS_ADMIN (see "Seccomp and no_new_privs" above).
void load_seccomp_filter(const SeccompFilter& filter);

// Loads the seccomp filter from the config with libseccomp: build_seccomp_filter then
// load_seccomp_filter. Throws naming the syscall, action or architecture that is not valid.
void apply_seccomp(const oci::Seccomp& seccomp);

}  // namespace berth::runtime

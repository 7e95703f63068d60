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
//   5. load_compiled_seccomp         last, just before execve, so the filter sees as few of the
//                                    runtime's own syscalls as possible.
//
// Seccomp and no_new_privs: loading a filter without no_new_privs needs CAP_SYS_ADMIN in the
// effective set (otherwise the kernel answers EACCES). So when noNewPrivileges is false, the
// caller must load the filter BEFORE step 3 drops capabilities (as runc does), e.g. with
//   auto filter = compile_seccomp(seccomp);   // any time (in the parent): changes nothing
//   load_compiled_seccomp(filter);            // before step 3 when NNP is off
// A filter loaded early also filters steps 3-5 and the execve: a profile that denies setgroups,
// setresuid, capset, prctl or execve makes the init fail, as it would under runc.
// The filter is loaded with seccomp(2) directly, which never sets no_new_privs (libseccomp's own
// load would, unless SCMP_FLTATR_CTL_NNP is 0): only set_no_new_privileges decides it.
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

#include "base/unique_fd.hpp"
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
        enosys_(std::move(other.enosys_)) {}
  SeccompFilter& operator=(SeccompFilter&& other) noexcept;
  ~SeccompFilter();

  // The scmp_filter_ctx (kept as void* so this header does not pull in seccomp.h).
  void* get() const { return ctx_; }
  // The filter as libseccomp's human-readable pseudo filter code (seccomp_export_pfc).
  std::string export_pfc() const;

  // The ENOSYS program loaded after the filter (runtime/init/seccomp_enosys.hpp); empty: none.
  void set_enosys_program(std::vector<sock_filter> program) { enosys_ = std::move(program); }
  const std::vector<sock_filter>& enosys_program() const { return enosys_; }

 private:
  void* ctx_ = nullptr;
  std::vector<sock_filter> enosys_;
};

// Builds the filter: default action, architectures, flags, one rule per syscall name. Throws
// naming what is not valid (`seccomp: syscalls[3].action: unknown action "SCMP_ACT_FOO"`).
// Unknown syscall names are skipped as runc does (a newer profile on an older kernel/libseccomp),
// logged at debug level; so are rules whose action equals the default action (libseccomp
// refuses them and they change nothing). SCMP_ACT_NOTIFY rules make a filter whose listener fd
// goes to linux.seccomp.listenerPath (runtime/init/seccomp_listener.hpp).
// With defaultAction SCMP_ACT_ERRNO it also prepares the ENOSYS program for syscalls numbered
// above every one the profile names (runtime/init/seccomp_enosys.hpp).
// Changes nothing in the process: safe to call (and test) without privileges.
SeccompFilter build_seccomp_filter(const oci::Seccomp& seccomp);

// A filter as the kernel takes it: libseccomp's BPF program, the seccomp(2) flags the profile
// asked for, and the ENOSYS program. A plain value, so that it can be compiled once in the
// runtime (or read from runtime/seccomp_cache.hpp), handed to the child across clone, and
// loaded there without libseccomp, whose BPF generation costs ~10 ms per filter of Docker's size.
struct CompiledSeccomp {
  std::vector<sock_filter> program;
  unsigned flags = 0;  // SECCOMP_FILTER_FLAG_*
  std::vector<sock_filter> enosys;  // empty: none

  bool operator==(const CompiledSeccomp& other) const;
  // Whether any rule hands its syscall to a seccomp agent (SECCOMP_RET_USER_NOTIF): read off
  // the program, so that a filter from the cache knows it too.
  bool notifies() const;
};

// build_seccomp_filter, then libseccomp's BPF export. Throws as build_seccomp_filter does.
CompiledSeccomp compile_seccomp(const oci::Seccomp& seccomp);

// Loads a compiled filter, then its ENOSYS program, with seccomp(2) (prctl when the kernel has
// no seccomp(2) and no flags are asked for). Without no_new_privs this needs CAP_SYS_ADMIN (see
// "Seccomp and no_new_privs" above). Returns the filter's listener fd when it notifies()
// (SECCOMP_FILTER_FLAG_NEW_LISTENER), an invalid fd otherwise.
UniqueFd load_compiled_seccomp(const CompiledSeccomp& compiled);

}  // namespace berth::runtime

// The user switch: supplementary groups, gid, uid, then the capability sets the process keeps.
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "base/strings.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {
namespace {

// The 32-bit id variants where the plain ones take 16-bit ids (i386, arm).
#ifdef SYS_setgroups32
constexpr long kSysSetgroups = SYS_setgroups32;
constexpr long kSysSetresgid = SYS_setresgid32;
constexpr long kSysSetresuid = SYS_setresuid32;
#else
constexpr long kSysSetgroups = SYS_setgroups;
constexpr long kSysSetresgid = SYS_setresgid;
constexpr long kSysSetresuid = SYS_setresuid;
#endif

struct CapabilitySets {
  uint64_t effective = 0, permitted = 0, inheritable = 0, ambient = 0;
};

CapabilitySets parse_sets(const oci::Capabilities& caps) {
  return CapabilitySets{
      .effective = capability_mask(caps.effective, "effective"),
      .permitted = capability_mask(caps.permitted, "permitted"),
      .inheritable = capability_mask(caps.inheritable, "inheritable"),
      .ambient = capability_mask(caps.ambient, "ambient"),
  };
}

// False in a user namespace whose gid map was written without setgroups (unprivileged
// user namespaces since Linux 3.19), where setgroups fails with EPERM whatever we pass.
bool setgroups_allowed() {
  const std::string path = "/proc/self/setgroups";
  if (!path_exists(path)) return true;  // kernel older than 3.19: no such control
  return trim(read_file(path)) != "deny";
}

void set_groups(const oci::User& user) {
  if (!setgroups_allowed()) {
    if (!user.additional_gids.empty())
      log::warn("user.additionalGids ignored: setgroups is denied in this user namespace");
    return;
  }
  // Called even with no additionalGids: the empty list clears the runtime's own groups.
  std::vector<gid_t> gids(user.additional_gids.begin(), user.additional_gids.end());
  if (::syscall(kSysSetgroups, gids.size(), gids.data()) != 0)
    throw Error::last_errno("setgroups", fmt::format("[{}]", fmt::join(gids, " ")));
}

void set_ids(const oci::User& user) {
  // setresgid/setresuid change real, effective and saved ids, so nothing can switch back.
  if (::syscall(kSysSetresgid, user.gid, user.gid, user.gid) != 0)
    throw Error::last_errno("setgid", fmt::format("{}", user.gid));
  if (::syscall(kSysSetresuid, user.uid, user.uid, user.uid) != 0)
    throw Error::last_errno("setuid", fmt::format("{}", user.uid));
}

void set_flag_bits(cap_t state, cap_flag_t flag, uint64_t mask) {
  for (int cap = 0; cap < 64; ++cap) {
    if (!(mask & (uint64_t{1} << cap))) continue;
    cap_value_t value = cap;
    if (::cap_set_flag(state, flag, 1, &value, CAP_SET) != 0)
      throw Error::last_errno("cap_set_flag", capability_name(cap));
  }
}

// capset for effective, permitted and inheritable, exactly as given.
void set_capabilities(const CapabilitySets& sets) {
  cap_t state = ::cap_init();  // all clear
  if (state == nullptr) throw Error::last_errno("cap_init");
  try {
    set_flag_bits(state, CAP_EFFECTIVE, sets.effective);
    set_flag_bits(state, CAP_PERMITTED, sets.permitted);
    set_flag_bits(state, CAP_INHERITABLE, sets.inheritable);
    if (::cap_set_proc(state) != 0) throw Error::last_errno("capset");
  } catch (...) {
    ::cap_free(state);
    throw;
  }
  ::cap_free(state);
}

// Ambient capabilities must be in both permitted and inheritable, so this runs after capset.
void set_ambient(uint64_t ambient) {
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0) {
    // EINVAL: a kernel before 4.3 has no ambient set; nothing to clear, nothing we can raise.
    if (errno == EINVAL && ambient == 0) return;
    throw Error::last_errno("prctl(PR_CAP_AMBIENT_CLEAR_ALL)");
  }
  for (int cap = 0; cap < 64; ++cap) {
    if (!(ambient & (uint64_t{1} << cap))) continue;
    // The kernel raises an ambient capability only if it is also permitted and inheritable.
    // runc's own default config lists ambient capabilities without inheritable ones, so a
    // refusal here is a warning, as in runc, not a failure to start.
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0) {
      if (errno != EPERM) throw Error::last_errno("prctl(PR_CAP_AMBIENT_RAISE)", capability_name(cap));
      log::debug(fmt::format("cannot raise ambient capability {}: not in the permitted and inheritable sets",
                            capability_name(cap)));
    }
  }
}

void set_keep_capabilities(bool keep) {
  if (::prctl(PR_SET_KEEPCAPS, keep ? 1 : 0, 0, 0, 0) != 0)
    throw Error::last_errno(fmt::format("prctl(PR_SET_KEEPCAPS, {})", keep ? 1 : 0));
}

}  // namespace

void switch_user_and_capabilities(const oci::User& user, const oci::Capabilities* caps) {
  try {
    // Validate every name before anything changes.
    CapabilitySets sets;
    if (caps) sets = parse_sets(*caps);
    const bool set_caps = caps != nullptr || user.uid != 0;

    // Without KEEPCAPS, leaving uid 0 clears the permitted set, and capset could not raise
    // anything afterwards. (execve clears KEEPCAPS again; we clear it ourselves anyway.)
    if (set_caps) set_keep_capabilities(true);
    set_groups(user);
    set_ids(user);
    if (set_caps) {
      set_capabilities(sets);
      set_ambient(sets.ambient);
      set_keep_capabilities(false);
    }
  } catch (Error& e) {
    throw std::move(e.context(fmt::format("switch to user {}:{}", user.uid, user.gid)));
  }
}

}  // namespace berth::runtime

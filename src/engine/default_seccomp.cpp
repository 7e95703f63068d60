// Berth's default seccomp deny list (see the header for its source and limits).
#include "engine/default_seccomp.hpp"

#include <algorithm>
#include <cerrno>

namespace berth::engine {
namespace {

using json = nlohmann::json;

struct DeniedGroup {
  const char* unless_cap;  // nullptr: always denied
  std::vector<const char*> syscalls;
};

// Which capability re-allows which calls: Docker's default profile's "includes.caps" rules.
const std::vector<DeniedGroup>& denied_groups() {
  static const std::vector<DeniedGroup> groups = {
      {nullptr,
       {"add_key", "request_key", "keyctl", "create_module", "get_kernel_syms", "query_module", "nfsservctl",
        "uselib", "ustat", "sysfs", "_sysctl", "userfaultfd", "vm86", "vm86old", "kexec_file_load", "kexec_load"}},
      {"CAP_SYS_ADMIN",
       {"bpf", "fanotify_init", "lookup_dcookie", "mount", "mount_setattr", "move_mount", "open_tree", "fsopen",
        "fsconfig", "fsmount", "fspick", "name_to_handle_at", "open_by_handle_at", "perf_event_open", "quotactl",
        "quotactl_fd", "setdomainname", "sethostname", "setns", "umount", "umount2", "unshare", "pivot_root",
        "swapon", "swapoff", "syslog"}},
      {"CAP_SYS_BOOT", {"reboot"}},
      {"CAP_SYS_MODULE", {"delete_module", "init_module", "finit_module"}},
      {"CAP_SYS_PTRACE", {"kcmp", "process_vm_readv", "process_vm_writev", "pidfd_getfd"}},
      {"CAP_SYS_TIME", {"settimeofday", "stime", "clock_settime", "clock_settime64", "adjtimex", "clock_adjtime",
                        "clock_adjtime64"}},
      {"CAP_SYS_PACCT", {"acct"}},
      {"CAP_SYS_RAWIO", {"iopl", "ioperm"}},
      {"CAP_SYS_NICE", {"get_mempolicy", "mbind", "set_mempolicy", "move_pages"}},
      {"CAP_SYS_TTY_CONFIG", {"vhangup"}},
  };
  return groups;
}

// clone's namespace flags: CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET.
constexpr unsigned long long kNamespaceFlags[] = {0x00020000, 0x02000000, 0x04000000, 0x08000000,
                                                  0x10000000, 0x20000000, 0x40000000};

bool holds(const std::vector<std::string>& caps, const char* cap) {
  return std::find(caps.begin(), caps.end(), cap) != caps.end();
}

json deny(std::vector<std::string> names, int err) {
  return {{"names", names}, {"action", "SCMP_ACT_ERRNO"}, {"errnoRet", err}};
}

}  // namespace

json default_seccomp_profile(const std::vector<std::string>& caps) {
  json syscalls = json::array();
  for (const auto& g : denied_groups()) {
    if (g.unless_cap && holds(caps, g.unless_cap)) continue;
    syscalls.push_back(deny(std::vector<std::string>(g.syscalls.begin(), g.syscalls.end()), EPERM));
  }
  if (!holds(caps, "CAP_SYS_ADMIN")) {
    // One rule per flag: "any namespace flag set" is a union of masked equalities.
    for (unsigned long long flag : kNamespaceFlags) {
      json rule = deny({"clone"}, EPERM);
      rule["args"] = json::array({{{"index", 0}, {"value", flag}, {"valueTwo", flag}, {"op", "SCMP_CMP_MASKED_EQ"}}});
      syscalls.push_back(rule);
    }
    syscalls.push_back(deny({"clone3"}, ENOSYS));  // its flags are in memory: make libc use clone
  }
  return {{"defaultAction", "SCMP_ACT_ALLOW"},
          {"architectures", {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}},
          {"syscalls", syscalls}};
}

}  // namespace berth::engine

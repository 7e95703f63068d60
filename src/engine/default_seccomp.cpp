// Berth's default seccomp allow list (see the header for its source and limits).
#include "engine/default_seccomp.hpp"

#include <algorithm>
#include <cerrno>

namespace berth::engine {
namespace {

using json = nlohmann::json;

// Whether a rule applies, decided by one capability of the container.
enum class When { kAlways, kWithCap, kWithoutCap };

// One condition on a syscall argument, in the OCI spec's terms (for MASKED_EQ `value` is the
// mask and `value_two` the value the masked argument must equal).
struct ArgTest {
  unsigned index;
  unsigned long long value;
  unsigned long long value_two;
  const char* op;
};

struct Rule {
  std::vector<const char*> names;
  When when = When::kAlways;
  const char* cap = nullptr;
  std::vector<ArgTest> args;  // all must hold
  int errno_ret = 0;          // 0: allow; otherwise fail with this errno
};

// clone's namespace flags: CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET.
constexpr unsigned long long kCloneNamespaceFlags = 0x7E020000;
constexpr unsigned long long kAfVsock = 40;

// personality(2) values Docker lets through: PER_LINUX, PER_LINUX32, UNAME26 alone and with
// PER_LINUX32, and 0xffffffff, which only queries the current persona.
constexpr unsigned long long kPersonalities[] = {0x0, 0x8, 0x20000, 0x20008, 0xffffffff};

Rule always(std::vector<const char*> names, std::vector<ArgTest> args = {}) {
  return Rule{std::move(names), When::kAlways, nullptr, std::move(args), 0};
}

Rule with_cap(const char* cap, std::vector<const char*> names) {
  return Rule{std::move(names), When::kWithCap, cap, {}, 0};
}

Rule without_cap(const char* cap, std::vector<const char*> names, std::vector<ArgTest> args,
                 int errno_ret) {
  return Rule{std::move(names), When::kWithoutCap, cap, std::move(args), errno_ret};
}

const std::vector<Rule>& rules() {
  // clang-format off
  static const std::vector<Rule> table = {
      // Files and directories: paths, metadata, links, xattrs, mount information. Permission is
      // left to the kernel's own checks (DAC, capabilities, the container's mounts).
      always({"access", "chdir", "chmod", "chown", "creat", "faccessat", "faccessat2", "fallocate",
              "fchdir", "fchmod", "fchmodat", "fchmodat2", "fchown", "fchownat", "fgetxattr",
              "flistxattr", "flock", "fremovexattr", "fsetxattr", "fstat", "fstatfs", "ftruncate",
              "futimesat", "getcwd", "getdents", "getdents64", "getxattr", "getxattrat", "lchown",
              "lgetxattr", "link", "linkat", "listmount", "listxattr", "listxattrat", "llistxattr",
              "lremovexattr", "lsetxattr", "lstat", "mkdir", "mkdirat", "mknod", "mknodat",
              "name_to_handle_at", "newfstatat", "open", "openat", "openat2", "readlink",
              "readlinkat", "removexattr", "removexattrat", "rename", "renameat", "renameat2",
              "rmdir", "setxattr", "setxattrat", "stat", "statfs", "statmount", "statx", "symlink",
              "symlinkat", "truncate", "umask", "unlink", "unlinkat", "utime", "utimensat", "utimes"}),
      // Reading, writing and waiting on descriptors: pipes, event loops, AIO, splicing, inotify.
      // io_uring is left out, as Docker does since 25.0: its rings run calls seccomp never sees.
      always({"cachestat", "close", "close_range", "copy_file_range", "dup", "dup2", "dup3",
              "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait",
              "epoll_pwait2", "epoll_wait", "epoll_wait_old", "eventfd", "eventfd2", "fadvise64",
              "fanotify_mark", "fcntl", "fdatasync", "fsync", "inotify_add_watch", "inotify_init",
              "inotify_init1", "inotify_rm_watch", "io_cancel", "io_destroy", "io_getevents",
              "io_pgetevents", "io_setup", "io_submit", "ioctl", "lseek", "pipe", "pipe2", "poll",
              "ppoll", "pread64", "preadv", "preadv2", "pselect6", "pwrite64", "pwritev",
              "pwritev2", "read", "readahead", "readv", "select", "sendfile", "signalfd",
              "signalfd4", "splice", "sync", "sync_file_range", "syncfs", "tee", "vmsplice",
              "write", "writev"}),
      // The process's own memory.
      always({"brk", "madvise", "map_shadow_stack", "membarrier", "memfd_create", "memfd_secret",
              "mincore", "mlock", "mlock2", "mlockall", "mmap", "mprotect", "mremap", "mseal",
              "msync", "munlock", "munlockall", "munmap", "pkey_alloc", "pkey_free",
              "pkey_mprotect", "remap_file_pages"}),
      // Processes, threads, signals and scheduling inside the container's own pid namespace;
      // seccomp and landlock only ever narrow what the caller may do.
      always({"capget", "capset", "execve", "execveat", "exit", "exit_group", "fork", "futex",
              "futex_requeue", "futex_wait", "futex_waitv", "futex_wake", "get_robust_list",
              "get_thread_area", "getcpu", "getpgid", "getpgrp", "getpid", "getppid", "getpriority",
              "getrlimit", "getrusage", "getsid", "gettid", "ioprio_get", "ioprio_set", "kill",
              "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self", "pause",
              "pidfd_open", "pidfd_send_signal", "prctl", "prlimit64", "process_mrelease",
              "restart_syscall", "rseq", "rt_sigaction", "rt_sigpending", "rt_sigprocmask",
              "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait",
              "rt_tgsigqueueinfo", "sched_get_priority_max", "sched_get_priority_min",
              "sched_getaffinity", "sched_getattr", "sched_getparam", "sched_getscheduler",
              "sched_rr_get_interval", "sched_setaffinity", "sched_setattr", "sched_setparam",
              "sched_setscheduler", "sched_yield", "seccomp", "set_robust_list", "set_thread_area",
              "set_tid_address", "setpgid", "setpriority", "setrlimit", "setsid", "sigaltstack",
              "tgkill", "times", "tkill", "uretprobe", "vfork", "wait4", "waitid"}),
      // Since Linux 4.8 ptrace cannot be used to step around a tracee's seccomp filter, so
      // tracing inside the container is safe (Docker's minKernel 4.8 rule; Berth needs 5.6+).
      always({"process_vm_readv", "process_vm_writev", "ptrace"}),
      // User and group ids: the kernel checks CAP_SETUID/CAP_SETGID.
      always({"getegid", "geteuid", "getgid", "getgroups", "getresgid", "getresuid", "getuid",
              "setfsgid", "setfsuid", "setgid", "setgroups", "setregid", "setresgid", "setresuid",
              "setreuid", "setuid"}),
      // Reading clocks and arming timers. adjtimex and clock_adjtime only read unless the
      // caller has CAP_SYS_TIME, which the kernel checks.
      always({"adjtimex", "alarm", "clock_adjtime", "clock_getres", "clock_gettime",
              "clock_nanosleep", "getitimer", "gettimeofday", "nanosleep", "setitimer", "time",
              "timer_create", "timer_delete", "timer_getoverrun", "timer_gettime", "timer_settime",
              "timerfd_create", "timerfd_gettime", "timerfd_settime"}),
      // SysV and POSIX IPC, namespaced by the container's IPC namespace (the book's examples).
      always({"mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive", "mq_timedsend",
              "mq_unlink", "msgctl", "msgget", "msgrcv", "msgsnd", "semctl", "semget", "semop",
              "semtimedop", "shmat", "shmctl", "shmdt", "shmget"}),
      // Sockets in the container's network namespace (socket itself is below).
      always({"accept", "accept4", "bind", "connect", "getpeername", "getsockname", "getsockopt",
              "listen", "recv", "recvfrom", "recvmmsg", "recvmsg", "send", "sendmmsg", "sendmsg",
              "sendto", "setsockopt", "shutdown", "socketpair"}),
      // Facts about the (namespaced) system.
      always({"getrandom", "sysinfo", "uname"}),
      // The 32-bit x86 ABI's own names for the calls above (its 64-bit-time and large-file
      // variants, uid32 calls, and the ipc/socketcall multiplexers); x32 shares x86_64's names.
      always({"_llseek", "_newselect", "chown32", "clock_adjtime64", "clock_getres_time64",
              "clock_gettime64", "clock_nanosleep_time64", "fadvise64_64", "fchown32", "fcntl64",
              "fstat64", "fstatat64", "fstatfs64", "ftruncate64", "futex_time64", "getegid32",
              "geteuid32", "getgid32", "getgroups32", "getresgid32", "getresuid32", "getuid32",
              "io_pgetevents_time64", "ipc", "lchown32", "lstat64", "mmap2",
              "mq_timedreceive_time64", "mq_timedsend_time64", "ppoll_time64", "pselect6_time64",
              "recvmmsg_time64", "rt_sigtimedwait_time64", "sched_rr_get_interval_time64",
              "semtimedop_time64", "sendfile64", "setfsgid32", "setfsuid32", "setgid32",
              "setgroups32", "setregid32", "setresgid32", "setresuid32", "setreuid32", "setuid32",
              "sigprocmask", "sigreturn", "socketcall", "stat64", "statfs64", "timer_gettime64",
              "timer_settime64", "timerfd_gettime64", "timerfd_settime64", "truncate64",
              "ugetrlimit", "utimensat_time64", "waitpid"}),
      // x86 thread-local storage and segment setup.
      always({"arch_prctl", "modify_ldt"}),
      // Any socket but AF_VSOCK, which reaches the hypervisor's host rather than the network
      // namespace.
      always({"socket"}, {{0, kAfVsock, 0, "SCMP_CMP_NE"}}),

      // CAP_SYS_ADMIN: mounting (old and new mount API), namespaces, hostname, quotas,
      // kernel-wide tracing and LSM attributes. clone and clone3 without restriction.
      with_cap("CAP_SYS_ADMIN", {"bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount",
                                 "fsopen", "fspick", "lookup_dcookie", "lsm_get_self_attr",
                                 "lsm_list_modules", "lsm_set_self_attr", "mount", "mount_setattr",
                                 "move_mount", "open_tree", "perf_event_open", "quotactl",
                                 "quotactl_fd", "setdomainname", "sethostname", "setns", "syslog",
                                 "umount", "umount2", "unshare"}),
      // Without it: clone only when no namespace flag is set, and clone3 reports ENOSYS (its
      // flags are in memory the filter cannot read) so that libc falls back to clone.
      without_cap("CAP_SYS_ADMIN", {"clone"}, {{0, kCloneNamespaceFlags, 0, "SCMP_CMP_MASKED_EQ"}},
                  0),
      without_cap("CAP_SYS_ADMIN", {"clone3"}, {}, ENOSYS),

      // The other capability-gated calls: each is allowed only when the container holds the
      // capability the kernel would check anyway, so a filter refusal and a capability refusal
      // look the same and no call reaches kernel code the container cannot use.
      with_cap("CAP_DAC_READ_SEARCH", {"open_by_handle_at"}),
      with_cap("CAP_SYS_BOOT", {"reboot"}),
      with_cap("CAP_SYS_CHROOT", {"chroot"}),
      with_cap("CAP_SYS_MODULE", {"delete_module", "init_module", "finit_module"}),
      with_cap("CAP_SYS_PACCT", {"acct"}),
      with_cap("CAP_SYS_PTRACE", {"kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv",
                                  "process_vm_writev", "ptrace"}),
      with_cap("CAP_SYS_RAWIO", {"iopl", "ioperm"}),
      with_cap("CAP_SYS_TIME", {"settimeofday", "stime", "clock_settime", "clock_settime64"}),
      with_cap("CAP_SYS_TTY_CONFIG", {"vhangup"}),
      with_cap("CAP_SYS_NICE",
               {"get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"}),
      with_cap("CAP_SYSLOG", {"syslog"}),
      with_cap("CAP_BPF", {"bpf"}),
      with_cap("CAP_PERFMON", {"perf_event_open"}),
  };
  // clang-format on
  return table;
}

bool holds(const std::vector<std::string>& caps, const char* cap) {
  return std::find(caps.begin(), caps.end(), cap) != caps.end();
}

bool applies(const Rule& rule, const std::vector<std::string>& caps) {
  switch (rule.when) {
    case When::kAlways:
      return true;
    case When::kWithCap:
      return holds(caps, rule.cap);
    case When::kWithoutCap:
      return !holds(caps, rule.cap);
  }
  return false;
}

json to_oci(const Rule& rule) {
  json out = {{"names", rule.names}};
  if (rule.errno_ret != 0) {
    out["action"] = "SCMP_ACT_ERRNO";
    out["errnoRet"] = rule.errno_ret;
  } else {
    out["action"] = "SCMP_ACT_ALLOW";
  }
  if (!rule.args.empty()) {
    out["args"] = json::array();
    for (const auto& a : rule.args)
      out["args"].push_back(
          {{"index", a.index}, {"value", a.value}, {"valueTwo", a.value_two}, {"op", a.op}});
  }
  return out;
}

json personality_rules() {
  json out = json::array();
  // One rule per value, as Docker's profile has them.
  for (unsigned long long value : kPersonalities)
    out.push_back(to_oci(always({"personality"}, {{0, value, 0, "SCMP_CMP_EQ"}})));
  return out;
}

}  // namespace

json default_seccomp_profile(const std::vector<std::string>& caps) {
  json syscalls = json::array();
  for (const auto& rule : rules())
    if (applies(rule, caps)) syscalls.push_back(to_oci(rule));
  for (auto& rule : personality_rules()) syscalls.push_back(std::move(rule));
  return {{"defaultAction", "SCMP_ACT_ERRNO"},
          {"defaultErrnoRet", EPERM},
          {"architectures", {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}},
          {"syscalls", syscalls}};
}

}  // namespace berth::engine

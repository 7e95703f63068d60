// The ENOSYS program for syscalls newer than a profile: when it is made, and what a process that
// loaded it sees (in a forked child with no_new_privs, so no privileges are needed).
#include "runtime/init/seccomp_enosys.hpp"

#include <gtest/gtest.h>
#include <seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/init/security.hpp"

namespace berth::runtime {
namespace {

oci::Seccomp allow_list(std::string default_action, std::vector<std::string> names) {
  oci::Seccomp s;
  s.default_action = std::move(default_action);
  s.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"};
  s.syscalls = {{std::move(names), "SCMP_ACT_ALLOW", std::nullopt, {}}};
  return s;
}

TEST(SeccompEnosys, OnlyForAnErrnoDefaultAction) {
  EXPECT_FALSE(
      build_seccomp_filter(allow_list("SCMP_ACT_ERRNO", {"read"})).enosys_program().empty());
  EXPECT_TRUE(build_seccomp_filter(allow_list("SCMP_ACT_KILL", {"read"})).enosys_program().empty());
  oci::Seccomp deny = allow_list("SCMP_ACT_ALLOW", {});
  deny.syscalls = {{{"getcwd"}, "SCMP_ACT_ERRNO", std::nullopt, {}}};
  EXPECT_TRUE(build_seccomp_filter(deny).enosys_program().empty());
}

TEST(SeccompEnosys, NoProgramWhenNoNameIsKnown) {
  EXPECT_TRUE(enosys_program({SCMP_ARCH_X86_64}, {"no_such_syscall_ever"}).empty());
  EXPECT_FALSE(enosys_program({SCMP_ARCH_X86_64}, {"no_such_syscall_ever", "read"}).empty());
}

#if defined(__x86_64__)
// What the child saw, as bits of its exit code (0: all as expected).
enum Check { kNewerIsEnosys = 1, kUnlistedIsEperm = 2, kListedWorks = 4, kSetupFailed = 64 };

TEST(SeccompEnosys, NewerSyscallsGetEnosysUnlistedOlderOnesTheDefaultErrno) {
  // close_range (436) is the highest listed; openat2 (437) is newer, getppid (110) older.
  // seccomp itself is listed so the ENOSYS program can be loaded after the filter.
  CompiledSeccomp filter =
      compile_seccomp(allow_list("SCMP_ACT_ERRNO", {"exit_group", "seccomp", "close_range"}));
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) _exit(kSetupFailed);
    try {
      load_compiled_seccomp(filter);
    } catch (...) {
      _exit(kSetupFailed);
    }
    int code = 0;
    if (syscall(SYS_openat2, -1, "", nullptr, 0) != -1 || errno != ENOSYS) code |= kNewerIsEnosys;
    if (syscall(1000) != -1 || errno != ENOSYS) code |= kNewerIsEnosys;
    if (syscall(SYS_getppid) != -1 || errno != EPERM) code |= kUnlistedIsEperm;
    if (syscall(SYS_close_range, 1000, 1001, 0) != 0) code |= kListedWorks;
    // The raw call: under ASan, _exit() first runs checks whose syscalls the filter denies.
    syscall(SYS_exit_group, code);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
}
#endif

}  // namespace
}  // namespace berth::runtime

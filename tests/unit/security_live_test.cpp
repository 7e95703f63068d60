// The privilege steps applied for real, as root, each in a fork()ed child that reports what it
// sees in /proc/self/status over a pipe; the parent asserts. Skipped when not root.
#include <fcntl.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <map>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/unique_fd.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {
namespace {

using ::testing::HasSubstr;

struct ChildResult {
  int exit_code = -1;
  std::string output;  // what the child returned, or "error: " and the exception's text
};

// Runs `body` in a forked child; its result travels back through a pipe.
ChildResult run_in_child(const std::function<std::string()>& body) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw Error::last_errno("pipe2");
  UniqueFd read_end(fds[0]), write_end(fds[1]);
  pid_t pid = fork();
  if (pid < 0) throw Error::last_errno("fork");
  if (pid == 0) {
    read_end.reset();
    int code = 0;
    std::string out;
    try {
      out = body();
    } catch (const std::exception& e) {
      out = std::string("error: ") + e.what();
      code = 1;
    }
    try {
      write_all(write_end.get(), out);
    } catch (...) {
      code = 3;
    }
    _exit(code);
  }
  write_end.reset();
  ChildResult result;
  result.output = read_fd(read_end.get());
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

// "Name:\tvalue" lines of /proc/self/status.
std::map<std::string, std::string> parse_status(const std::string& text) {
  std::map<std::string, std::string> fields;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    fields[line.substr(0, colon)] = value;
  }
  return fields;
}

uint64_t mask_of(std::initializer_list<int> caps) {
  uint64_t m = 0;
  for (int c : caps) m |= uint64_t{1} << c;
  return m;
}

std::string hex16(uint64_t mask) {
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(mask));
  return buf;
}

class SecurityLive : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root";
  }
};

TEST_F(SecurityLive, RlimitsBoundingSetUserAndCapabilities) {
  oci::Capabilities caps;
  caps.bounding = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW"};
  caps.permitted = {"CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"};
  caps.effective = {"CAP_CHOWN", "CAP_NET_BIND_SERVICE"};
  caps.inheritable = {"CAP_KILL", "CAP_NET_BIND_SERVICE"};
  caps.ambient = {"CAP_NET_BIND_SERVICE"};
  oci::User user{.uid = 65534, .gid = 65534, .umask = {}, .additional_gids = {100, 200}};

  auto result = run_in_child([&] {
    apply_rlimits({{"RLIMIT_NOFILE", 512, 256}, {"RLIMIT_CORE", 0, 0}});
    drop_bounding_set(caps);
    switch_user_and_capabilities(user, &caps);
    rlimit nofile{};
    getrlimit(RLIMIT_NOFILE, &nofile);
    return read_file("/proc/self/status") + "Nofile:\t" + std::to_string(nofile.rlim_cur) + " " +
           std::to_string(nofile.rlim_max);
  });
  ASSERT_EQ(result.exit_code, 0) << result.output;
  auto status = parse_status(result.output);
  EXPECT_EQ(status["CapBnd"], hex16(mask_of({0, 5, 10, 13})));
  EXPECT_EQ(status["CapPrm"], hex16(mask_of({0, 5, 10})));
  EXPECT_EQ(status["CapEff"], hex16(mask_of({0, 10})));
  EXPECT_EQ(status["CapInh"], hex16(mask_of({5, 10})));
  EXPECT_EQ(status["CapAmb"], hex16(mask_of({10})));
  EXPECT_EQ(status["Uid"], "65534\t65534\t65534\t65534");
  EXPECT_EQ(status["Gid"], "65534\t65534\t65534\t65534");
  EXPECT_EQ(status["Groups"], "100 200 ");
  EXPECT_EQ(status["Nofile"], "256 512");
}

TEST_F(SecurityLive, NonRootWithoutCapabilitiesHasNone) {
  oci::User user{.uid = 65534, .gid = 65534, .umask = {}, .additional_gids = {}};
  auto result = run_in_child([&] {
    switch_user_and_capabilities(user, nullptr);
    return read_file("/proc/self/status");
  });
  ASSERT_EQ(result.exit_code, 0) << result.output;
  auto status = parse_status(result.output);
  for (const char* set : {"CapPrm", "CapEff", "CapInh", "CapAmb"})
    EXPECT_EQ(status[set], hex16(0)) << set;
  EXPECT_EQ(status["Uid"], "65534\t65534\t65534\t65534");
  EXPECT_EQ(status["Groups"], "");  // the runtime's own groups are not inherited
}

TEST_F(SecurityLive, RootWithoutCapabilitiesKeepsThem) {
  auto before = parse_status(read_file("/proc/self/status"));
  auto result = run_in_child([&] {
    switch_user_and_capabilities(oci::User{}, nullptr);
    return read_file("/proc/self/status");
  });
  ASSERT_EQ(result.exit_code, 0) << result.output;
  auto status = parse_status(result.output);
  EXPECT_EQ(status["CapEff"], before["CapEff"]);
  EXPECT_EQ(status["CapPrm"], before["CapPrm"]);
}

TEST_F(SecurityLive, SetgroupsIsSkippedWhereTheUserNamespaceDeniesIt) {
  auto result = run_in_child([&] {
    if (unshare(CLONE_NEWUSER) != 0) throw Error::last_errno("unshare(CLONE_NEWUSER)");
    // Our own uid/gid as 0 inside: allowed to a process without privilege in the parent,
    // provided setgroups is denied first.
    write_file("/proc/self/setgroups", "deny");
    write_file("/proc/self/uid_map", "0 0 1");
    write_file("/proc/self/gid_map", "0 0 1");
    switch_user_and_capabilities(
        oci::User{.uid = 0, .gid = 0, .umask = {}, .additional_gids = {100}}, nullptr);
    return read_file("/proc/self/status");
  });
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(parse_status(result.output)["Groups"], ::testing::Not(HasSubstr("100")));
}

oci::Seccomp denying_profile() {
  oci::Seccomp s;
  s.default_action = "SCMP_ACT_ALLOW";
  s.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_AARCH64"};
  s.syscalls = {
      {{"getcwd"}, "SCMP_ACT_ERRNO", std::nullopt, {}},  // EPERM
      {{"mkdir", "mkdirat"}, "SCMP_ACT_ERRNO", static_cast<unsigned>(EROFS), {}},
      // Only getpriority(PRIO_PGRP, ...) is refused: an argument filter.
      {{"getpriority"},
       "SCMP_ACT_ERRNO",
       static_cast<unsigned>(ENOTSUP),
       {{0, PRIO_PGRP, 0, "SCMP_CMP_EQ"}}},
  };
  return s;
}

// Runs the probes the profile above should affect; returns errno values as text.
std::string probe_denials() {
  std::string out;
  char buf[256];
  errno = 0;
  out += "getcwd=" + std::to_string(getcwd(buf, sizeof buf) ? 0 : errno);
  errno = 0;
  out += " mkdir=" + std::to_string(mkdir("/tmp/berth-seccomp-never", 0700) == 0 ? 0 : errno);
  errno = 0;
  getpriority(PRIO_PROCESS, 0);
  out += " prio_process=" + std::to_string(errno);
  errno = 0;
  getpriority(PRIO_PGRP, 0);
  out += " prio_pgrp=" + std::to_string(errno);
  out += " getpid=" + std::to_string(getpid() > 0);
  return out;
}

TEST_F(SecurityLive, SeccompDeniesWhatTheProfileSaysAndNothingElse) {
  auto result = run_in_child([&] {
    set_no_new_privileges();
    load_compiled_seccomp(compile_seccomp(denying_profile()));
    return probe_denials() + "\n" + read_file("/proc/self/status");
  });
  ASSERT_EQ(result.exit_code, 0) << result.output;
  std::string expected = "getcwd=" + std::to_string(EPERM) + " mkdir=" + std::to_string(EROFS) +
                         " prio_process=0 prio_pgrp=" + std::to_string(ENOTSUP) + " getpid=1";
  EXPECT_EQ(result.output.substr(0, result.output.find('\n')), expected);
  auto status = parse_status(result.output);
  EXPECT_EQ(status["NoNewPrivs"], "1");
  EXPECT_EQ(status["Seccomp"], "2");
}

TEST_F(SecurityLive, SeccompWithoutNoNewPrivsLoadsBeforeCapabilitiesAreDropped) {
  // The order the header prescribes when noNewPrivileges is false.
  auto result = run_in_child([&] {
    auto filter = compile_seccomp(denying_profile());
    load_compiled_seccomp(filter);
    switch_user_and_capabilities(
        oci::User{.uid = 65534, .gid = 65534, .umask = {}, .additional_gids = {}}, nullptr);
    return probe_denials() + "\n" + read_file("/proc/self/status");
  });
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("getcwd=" + std::to_string(EPERM)));
  auto status = parse_status(result.output);
  EXPECT_EQ(status["NoNewPrivs"], "0");  // libseccomp did not set it behind our back
  EXPECT_EQ(status["Seccomp"], "2");
  EXPECT_EQ(status["Uid"], "65534\t65534\t65534\t65534");
}

TEST_F(SecurityLive, SeccompWithoutNoNewPrivsAfterDroppingCapabilitiesFailsClearly) {
  auto result = run_in_child([&] {
    switch_user_and_capabilities(
        oci::User{.uid = 65534, .gid = 65534, .umask = {}, .additional_gids = {}}, nullptr);
    load_compiled_seccomp(compile_seccomp(denying_profile()));
    return std::string("loaded");
  });
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.output, HasSubstr("EACCES"));
  EXPECT_THAT(result.output, HasSubstr("CAP_SYS_ADMIN"));
}

TEST_F(SecurityLive, AmbientNotInInheritableIsSkippedAsRuncDoes) {
  oci::Capabilities caps;
  caps.permitted = caps.effective = {"CAP_NET_BIND_SERVICE"};
  caps.ambient = {"CAP_NET_BIND_SERVICE"};  // not inheritable: the kernel refuses to raise it
  auto result = run_in_child([&] {
    switch_user_and_capabilities(
        oci::User{.uid = 65534, .gid = 65534, .umask = {}, .additional_gids = {}}, &caps);
    return read_file("/proc/self/status");
  });
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("CapAmb:\t0000000000000000"));
  EXPECT_THAT(result.output, HasSubstr("CapEff:\t0000000000000400"));
}

}  // namespace
}  // namespace berth::runtime

// Docker seccomp profiles converted to the OCI form the runtime reads.
#include <gtest/gtest.h>

#include <unistd.h>

#include <map>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "engine/seccomp_profile.hpp"
#include "runtime/init/security.hpp"

namespace berth::engine {
namespace {

using json = nlohmann::json;

TEST(SeccompProfile, ConvertsArchMapAndFiltersByCapabilities) {
  json profile = {
      {"defaultAction", "SCMP_ACT_ERRNO"},
      {"defaultErrnoRet", 1},
      {"archMap",
       {{{"architecture", "SCMP_ARCH_X86_64"}, {"subArchitectures", {"SCMP_ARCH_X86"}}}}},
      {"syscalls",
       {{{"names", {"read", "write"}}, {"action", "SCMP_ACT_ALLOW"}},
        {{"names", {"mount"}},
         {"action", "SCMP_ACT_ALLOW"},
         {"includes", {{"caps", {"CAP_SYS_ADMIN"}}}}},
        {{"names", {"chmod"}},
         {"action", "SCMP_ACT_ERRNO"},
         {"errnoRet", 1},
         {"excludes", {{"caps", {"CAP_FOWNER"}}}}}}}};
  json oci = docker_profile_to_oci(profile, {"CAP_CHOWN"}, "p.json");
  EXPECT_EQ(oci["defaultAction"], "SCMP_ACT_ERRNO");
  EXPECT_EQ(oci["architectures"], json({"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}));
  ASSERT_EQ(oci["syscalls"].size(), 2u);  // mount needs CAP_SYS_ADMIN
  EXPECT_EQ(oci["syscalls"][1]["names"], json({"chmod"}));
  json with_fowner = docker_profile_to_oci(profile, {"CAP_FOWNER"}, "p.json");
  EXPECT_EQ(with_fowner["syscalls"].size(), 1u);
}

TEST(SeccompProfile, FlagsAndTheSeccompAgentAreKept) {
  json profile = {{"defaultAction", "SCMP_ACT_ALLOW"},
                  {"flags", {"SECCOMP_FILTER_FLAG_LOG"}},
                  {"listenerPath", "/run/agent.sock"},
                  {"listenerMetadata", "tenant=blue"},
                  {"syscalls", {{{"names", {"mkdir"}}, {"action", "SCMP_ACT_NOTIFY"}}}}};
  json oci = docker_profile_to_oci(profile, {}, "p.json");
  EXPECT_EQ(oci["flags"], json({"SECCOMP_FILTER_FLAG_LOG"}));
  EXPECT_EQ(oci["listenerPath"], "/run/agent.sock");
  EXPECT_EQ(oci["listenerMetadata"], "tenant=blue");
  EXPECT_EQ(oci["syscalls"][0]["action"], "SCMP_ACT_NOTIFY");
  EXPECT_FALSE(docker_profile_to_oci({{"defaultAction", "SCMP_ACT_ALLOW"}}, {}, "p.json").contains("listenerPath"));
}

TEST(SeccompProfile, UnconfinedAndMissingDefaultAction) {
  EXPECT_TRUE(seccomp_for({"seccomp=unconfined"}, {}).is_null());
  EXPECT_FALSE(seccomp_for({}, {}).is_null());  // the default allow list
  EXPECT_THROW(docker_profile_to_oci(json::object(), {}, "p.json"), Error);
  EXPECT_THROW(seccomp_for({"seccomp=/nonexistent/profile.json"}, {}), Error);
}

// create checks a profile file as start will read it; no file, nothing to check.
TEST(SeccompProfile, CreateChecksOnlyAGivenProfileFile) {
  EXPECT_NO_THROW(check_seccomp_option({}, {}));
  EXPECT_NO_THROW(check_seccomp_option({"no-new-privileges", "seccomp=unconfined"}, {}));
  EXPECT_THROW(check_seccomp_option({"seccomp=/nonexistent/profile.json"}, {}), Error);
  std::string bad = ::testing::TempDir() + "/bad-seccomp.json";
  write_file_atomic(bad, "{\"syscalls\": [", 0600);
  try {
    check_seccomp_option({"seccomp:" + bad}, {});
    ADD_FAILURE() << "a truncated profile was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "--security-opt seccomp=" + bad + ": not valid JSON");
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
  }
  write_file_atomic(bad, "{\"syscalls\": []}", 0600);
  EXPECT_THROW(check_seccomp_option({"seccomp=" + bad}, {}), Error);  // no defaultAction
  ::unlink(bad.c_str());
}

// The CLI embeds the profile's JSON (as docker's does); "builtin" is the default profile.
TEST(SeccompProfile, EmbeddedProfileAndBuiltin) {
  auto oci = seccomp_for({R"(seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":[]})"}, {});
  EXPECT_EQ(oci["defaultAction"], "SCMP_ACT_ERRNO");
  EXPECT_EQ(seccomp_for({"seccomp=builtin"}, {}), seccomp_for({}, {}));
  EXPECT_TRUE(seccomp_for({"seccomp:unconfined"}, {}).is_null());
  EXPECT_THROW(check_seccomp_option({"seccomp={\"syscalls\""}, {}), Error);
}

// The rules of `profile` that name `name`.
std::vector<json> rules_for(const json& profile, const std::string& name) {
  std::vector<json> out;
  for (const auto& rule : profile["syscalls"])
    for (const auto& n : rule["names"])
      if (n == name) out.push_back(rule);
  return out;
}

// Allowed whatever its arguments.
bool allows(const json& profile, const std::string& name) {
  for (const auto& rule : rules_for(profile, name))
    if (rule["action"] == "SCMP_ACT_ALLOW" && !rule.contains("args")) return true;
  return false;
}

const std::vector<std::string> kDockerDefaultCaps = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
    "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
    "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
    "CAP_KILL",    "CAP_AUDIT_WRITE"};

TEST(DefaultSeccomp, IsAnAllowListThatFailsEverythingElseWithEperm) {
  json plain = seccomp_for({}, kDockerDefaultCaps);
  EXPECT_EQ(plain["defaultAction"], "SCMP_ACT_ERRNO");
  EXPECT_EQ(plain["defaultErrnoRet"], 1);
  EXPECT_EQ(plain["architectures"], json({"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}));
  // Ordinary work, the book's IPC, and the 32-bit ABI's variants.
  for (const char* name :
       {"read",        "write",      "openat",       "execve",     "futex",   "rt_sigaction",
        "epoll_pwait", "mq_open",    "mq_timedsend", "shmget",     "shmat",   "msgget",
        "msgsnd",      "semget",     "semop",        "socketpair", "wait4",   "prctl",
        "capset",      "setresuid",  "chroot",       "fchmodat2",  "chown32", "socketcall",
        "ipc",         "arch_prctl", "ptrace"})
    EXPECT_TRUE(allows(plain, name)) << name;
  // Not listed at all: refused by the default action, whatever the capabilities.
  for (const char* name :
       {"keyctl", "add_key", "request_key", "userfaultfd", "kexec_load", "swapon", "pivot_root",
        "io_uring_setup", "_sysctl", "sysfs", "uselib", "ustat"}) {
    EXPECT_TRUE(rules_for(plain, name).empty()) << name;
    EXPECT_TRUE(rules_for(seccomp_for({}, {"CAP_SYS_ADMIN"}), name).empty()) << name;
  }
}

TEST(DefaultSeccomp, NoNameIsListedTwiceAmongTheUnconditionalRules) {
  std::map<std::string, int> seen;
  // Named: a range-for over a subobject of a temporary would read it after it is freed (ASan).
  const auto profile = seccomp_for({}, {});
  for (const auto& rule : profile["syscalls"])
    if (!rule.contains("args"))
      for (const auto& n : rule["names"]) ++seen[n.get<std::string>()];
  for (const auto& [name, count] : seen) EXPECT_EQ(count, 1) << name;
}

TEST(DefaultSeccomp, CapabilityGroupsAreAddedOnlyWithTheirCapability) {
  const std::pair<const char*, const char*> gated[] = {
      {"CAP_SYS_ADMIN", "mount"},
      {"CAP_SYS_ADMIN", "umount2"},
      {"CAP_SYS_ADMIN", "unshare"},
      {"CAP_SYS_ADMIN", "setns"},
      {"CAP_SYS_ADMIN", "sethostname"},
      {"CAP_SYS_ADMIN", "fsopen"},
      {"CAP_SYS_BOOT", "reboot"},
      {"CAP_SYS_MODULE", "finit_module"},
      {"CAP_SYS_PACCT", "acct"},
      {"CAP_SYS_PTRACE", "kcmp"},
      {"CAP_SYS_PTRACE", "pidfd_getfd"},
      {"CAP_SYS_RAWIO", "iopl"},
      {"CAP_SYS_TIME", "settimeofday"},
      {"CAP_SYS_TIME", "clock_settime"},
      {"CAP_SYS_TTY_CONFIG", "vhangup"},
      {"CAP_SYS_NICE", "mbind"},
      {"CAP_SYS_NICE", "get_mempolicy"},
      {"CAP_SYSLOG", "syslog"},
      {"CAP_BPF", "bpf"},
      {"CAP_PERFMON", "perf_event_open"},
      {"CAP_DAC_READ_SEARCH", "open_by_handle_at"}};
  json without = seccomp_for({}, {});
  for (const auto& [cap, name] : gated) {
    EXPECT_TRUE(rules_for(without, name).empty()) << name;
    EXPECT_TRUE(allows(seccomp_for({}, {cap}), name)) << cap << " " << name;
  }
  EXPECT_FALSE(allows(without, "chroot"));  // CAP_SYS_CHROOT, which docker grants by default
}

TEST(DefaultSeccomp, CloneNeedsCapSysAdminForNamespaceFlags) {
  json plain = seccomp_for({}, {});
  auto clone = rules_for(plain, "clone");
  ASSERT_EQ(clone.size(), 1u);
  EXPECT_EQ(clone[0]["action"], "SCMP_ACT_ALLOW");
  EXPECT_EQ(clone[0]["args"], json::parse(R"([{"index":0,"value":2114060288,"valueTwo":0,
                                              "op":"SCMP_CMP_MASKED_EQ"}])"));
  auto clone3 = rules_for(plain, "clone3");
  ASSERT_EQ(clone3.size(), 1u);
  EXPECT_EQ(clone3[0]["action"], "SCMP_ACT_ERRNO");
  EXPECT_EQ(clone3[0]["errnoRet"], 38);  // ENOSYS: libc falls back to clone

  json admin = seccomp_for({}, {"CAP_SYS_ADMIN"});
  EXPECT_TRUE(allows(admin, "clone"));
  EXPECT_TRUE(allows(admin, "clone3"));
  for (const auto& rule : admin["syscalls"]) EXPECT_FALSE(rule.contains("errnoRet")) << rule.dump();
}

TEST(DefaultSeccomp, ArgumentRulesForSocketAndPersonality) {
  json plain = seccomp_for({}, {});
  auto socket = rules_for(plain, "socket");
  ASSERT_EQ(socket.size(), 1u);
  EXPECT_EQ(socket[0]["args"][0]["op"], "SCMP_CMP_NE");
  EXPECT_EQ(socket[0]["args"][0]["value"], 40);  // AF_VSOCK
  std::vector<unsigned long long> personas;
  for (const auto& rule : rules_for(plain, "personality")) {
    EXPECT_EQ(rule["args"][0]["op"], "SCMP_CMP_EQ");
    personas.push_back(rule["args"][0]["value"]);
  }
  EXPECT_EQ(personas, (std::vector<unsigned long long>{0x0, 0x8, 0x20000, 0x20008, 0xffffffff}));
}

// The profile as the runtime reads it, built into a real libseccomp filter.
runtime::SeccompFilter build(const json& profile) {
  oci::Seccomp s;
  s.default_action = profile["defaultAction"];
  s.default_errno_ret = profile["defaultErrnoRet"].get<unsigned>();
  s.architectures = profile["architectures"].get<std::vector<std::string>>();
  for (const auto& rule : profile["syscalls"]) {
    oci::SeccompSyscall sc{
        rule["names"].get<std::vector<std::string>>(), rule["action"], std::nullopt, {}};
    if (rule.contains("errnoRet")) sc.errno_ret = rule["errnoRet"].get<unsigned>();
    for (const auto& a : rule.value("args", json::array()))
      sc.args.push_back({a["index"], a["value"], a["valueTwo"], a["op"]});
    s.syscalls.push_back(sc);
  }
  return runtime::build_seccomp_filter(s);
}

TEST(DefaultSeccomp, BuildsWithThisLibseccompWithAndWithoutEveryCapability) {
  std::vector<std::string> all;
  for (int cap = 0; cap <= 40; ++cap) all.push_back(runtime::capability_name(cap));
  EXPECT_NO_THROW(build(seccomp_for({}, {})));
  EXPECT_NO_THROW(build(seccomp_for({}, all)));
  // Its default action is ERRNO: newer syscalls than the list get ENOSYS (seccomp_enosys.hpp).
  EXPECT_FALSE(build(seccomp_for({}, {})).enosys_program().empty());
}

}  // namespace
}  // namespace berth::engine

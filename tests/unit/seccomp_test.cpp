// Seccomp filters built from oci::Seccomp values, checked through libseccomp's pseudo filter
// code; nothing is loaded, so no privileges are needed.
#include <seccomp.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

oci::Seccomp allow_by_default() {
  oci::Seccomp s;
  s.default_action = "SCMP_ACT_ALLOW";
  return s;
}

std::string pfc_of(const oci::Seccomp& s) { return build_seccomp_filter(s).export_pfc(); }

// The error text build_seccomp_filter throws for `s`, or "" when it builds.
std::string error_of(const oci::Seccomp& s) {
  try {
    build_seccomp_filter(s);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Seccomp, DefaultActions) {
  const std::pair<const char*, const char*> cases[] = {
      {"SCMP_ACT_ALLOW", "ALLOW"},
      {"SCMP_ACT_KILL", "KILL"},
      {"SCMP_ACT_KILL_THREAD", "KILL"},
      {"SCMP_ACT_KILL_PROCESS", "KILL_PROCESS"},
      {"SCMP_ACT_TRAP", "TRAP"},
      {"SCMP_ACT_ERRNO", "ERRNO(1)"},  // EPERM unless defaultErrnoRet says otherwise
      {"SCMP_ACT_TRACE", "TRACE(1)"},
      {"SCMP_ACT_LOG", "LOG"},
  };
  for (auto [name, expected] : cases) {
    oci::Seccomp s;
    s.default_action = name;
    EXPECT_THAT(pfc_of(s), HasSubstr(std::string("# default action\n  action ") + expected + ";"))
        << name;
  }
}

TEST(Seccomp, DefaultErrnoRet) {
  oci::Seccomp s;
  s.default_action = "SCMP_ACT_ERRNO";
  s.default_errno_ret = 38;  // ENOSYS
  EXPECT_THAT(pfc_of(s), HasSubstr("# default action\n  action ERRNO(38);"));
}

TEST(Seccomp, RuleActionsAndErrnoRet) {
  oci::Seccomp s = allow_by_default();
  s.syscalls = {
      {{"getcwd", "mkdir"}, "SCMP_ACT_ERRNO", std::nullopt, {}},
      {{"chroot"}, "SCMP_ACT_ERRNO", 13u, {}},
      {{"reboot"}, "SCMP_ACT_TRAP", std::nullopt, {}},
      {{"uname"}, "SCMP_ACT_LOG", std::nullopt, {}},
      {{"ptrace"}, "SCMP_ACT_TRACE", 7u, {}},
      {{"kexec_load"}, "SCMP_ACT_KILL_PROCESS", std::nullopt, {}},
      {{"swapon"}, "SCMP_ACT_KILL", std::nullopt, {}},
  };
  std::string pfc = pfc_of(s);
  EXPECT_THAT(pfc, HasSubstr("syscall \"getcwd\""));
  EXPECT_THAT(pfc, HasSubstr("syscall \"mkdir\""));
  EXPECT_THAT(pfc, HasSubstr("action ERRNO(1);"));
  EXPECT_THAT(pfc, HasSubstr("syscall \"chroot\""));
  EXPECT_THAT(pfc, HasSubstr("action ERRNO(13);"));
  EXPECT_THAT(pfc, HasSubstr("action TRAP;"));
  EXPECT_THAT(pfc, HasSubstr("action LOG;"));
  EXPECT_THAT(pfc, HasSubstr("action TRACE(7);"));
  EXPECT_THAT(pfc, HasSubstr("action KILL_PROCESS;"));
  EXPECT_THAT(pfc, HasSubstr("action KILL;"));
}

TEST(Seccomp, RulesWithTheDefaultActionAreSkipped) {
  oci::Seccomp s = allow_by_default();
  s.syscalls = {{{"getcwd"}, "SCMP_ACT_ALLOW", std::nullopt, {}}};
  EXPECT_THAT(pfc_of(s), Not(HasSubstr("getcwd")));
}

TEST(Seccomp, UnknownSyscallNamesAreSkipped) {
  oci::Seccomp s = allow_by_default();
  s.syscalls = {{{"no_such_syscall_ever", "getcwd"}, "SCMP_ACT_ERRNO", std::nullopt, {}}};
  std::string pfc = pfc_of(s);
  EXPECT_THAT(pfc, HasSubstr("syscall \"getcwd\""));
  EXPECT_THAT(pfc, Not(HasSubstr("no_such_syscall_ever")));
}

TEST(Seccomp, EmptySyscallNameIsAnError) {
  oci::Seccomp s = allow_by_default();
  s.syscalls = {{{"getcwd", ""}, "SCMP_ACT_ERRNO", std::nullopt, {}}};
  EXPECT_EQ(error_of(s), "seccomp: syscalls[0].names[1]: empty syscall name");
}

TEST(Seccomp, ArgumentOperators) {
  // libseccomp prints NE, LT and LE as the opposite test with the action in the else branch.
  const std::pair<const char*, const char*> cases[] = {
      {"SCMP_CMP_NE", "if ($a0 == 5)\n    else\n      action ERRNO(1);"},
      {"SCMP_CMP_LT", "if ($a0 >= 5)\n    else\n      action ERRNO(1);"},
      {"SCMP_CMP_LE", "if ($a0 > 5)\n    else\n      action ERRNO(1);"},
      {"SCMP_CMP_EQ", "if ($a0 == 5)\n      action ERRNO(1);"},
      {"SCMP_CMP_GE", "if ($a0 >= 5)\n      action ERRNO(1);"},
      {"SCMP_CMP_GT", "if ($a0 > 5)\n      action ERRNO(1);"},
  };
  for (auto [op, expected] : cases) {
    oci::Seccomp s = allow_by_default();
    s.architectures = {"SCMP_ARCH_X86"};  // 32-bit: one comparison per argument in the pfc
    s.syscalls = {{{"personality"}, "SCMP_ACT_ERRNO", std::nullopt, {{0, 5, 0, op}}}};
    std::string pfc = pfc_of(s);
    std::string x86 = pfc.substr(pfc.find("filter for arch x86 ("));
    EXPECT_THAT(x86, HasSubstr(expected)) << op << "\n" << x86;
  }
}

TEST(Seccomp, MaskedEqUsesValueAsMaskAndValueTwoAsDatum) {
  oci::Seccomp s = allow_by_default();
  s.architectures = {"SCMP_ARCH_X86"};
  s.syscalls = {{{"personality"},
                 "SCMP_ACT_ERRNO",
                 std::nullopt,
                 {{0, 0xff00, 0x0800, "SCMP_CMP_MASKED_EQ"}}}};
  EXPECT_THAT(pfc_of(s), HasSubstr("$a0 & 0x0000ff00 == 2048"));
}

TEST(Seccomp, SeveralConditionsOnOneArgumentAreOrdAsSeparateRules) {
  oci::Seccomp s = allow_by_default();
  s.architectures = {"SCMP_ARCH_X86"};
  s.syscalls = {{{"personality"},
                 "SCMP_ACT_ERRNO",
                 std::nullopt,
                 {{0, 8, 0, "SCMP_CMP_EQ"}, {0, 9, 0, "SCMP_CMP_EQ"}}}};
  std::string pfc = pfc_of(s);
  EXPECT_THAT(pfc, HasSubstr("$a0 == 8"));
  EXPECT_THAT(pfc, HasSubstr("$a0 == 9"));
}

TEST(Seccomp, Architectures) {
  oci::Seccomp s = allow_by_default();
  s.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64",
                     "SCMP_ARCH_ARM"};
  s.syscalls = {{{"getcwd"}, "SCMP_ACT_ERRNO", std::nullopt, {}}};
  std::string pfc = pfc_of(s);
  EXPECT_THAT(pfc, HasSubstr("filter for arch x86_64"));
  EXPECT_THAT(pfc, HasSubstr("filter for arch x86 "));
  EXPECT_THAT(pfc, HasSubstr("filter for arch x32"));
  EXPECT_THAT(pfc, HasSubstr("filter for arch aarch64"));
  EXPECT_THAT(pfc, HasSubstr("filter for arch arm"));
}

TEST(Seccomp, Flags) {
  oci::Seccomp s = allow_by_default();
  s.flags = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
             "SECCOMP_FILTER_FLAG_SPEC_ALLOW"};
  // libseccomp checks each flag against the kernel's seccomp API level; every kernel we
  // support (4.17+) has all three.
  SeccompFilter filter = build_seccomp_filter(s);
  for (auto attr : {SCMP_FLTATR_CTL_TSYNC, SCMP_FLTATR_CTL_LOG, SCMP_FLTATR_CTL_SSB}) {
    uint32_t value = 0;
    ASSERT_EQ(seccomp_attr_get(filter.get(), attr, &value), 0);
    EXPECT_EQ(value, 1u) << attr;
  }
}

TEST(Seccomp, LoadingDoesNotSetNoNewPrivs) {
  // set_no_new_privileges decides that, not libseccomp's default.
  SeccompFilter filter = build_seccomp_filter(allow_by_default());
  uint32_t nnp = 1;
  ASSERT_EQ(seccomp_attr_get(filter.get(), SCMP_FLTATR_CTL_NNP, &nnp), 0);
  EXPECT_EQ(nnp, 0u);
  uint32_t tsync = 1;
  ASSERT_EQ(seccomp_attr_get(filter.get(), SCMP_FLTATR_CTL_TSYNC, &tsync), 0);
  EXPECT_EQ(tsync, 0u);  // only when the profile asks
}

TEST(Seccomp, Errors) {
  oci::Seccomp s = allow_by_default();
  s.default_action = "SCMP_ACT_NOPE";
  EXPECT_EQ(error_of(s), "seccomp: defaultAction: unknown action \"SCMP_ACT_NOPE\"");

  s = allow_by_default();
  s.syscalls = {{{"getcwd"}, "SCMP_ACT_ERRNO", std::nullopt, {}},
                {{"mkdir"}, "SCMP_ACT_ERRNO", std::nullopt, {}},
                {{"rmdir"}, "SCMP_ACT_ERRNO", std::nullopt, {}},
                {{"chdir"}, "SCMP_ACT_FOO", std::nullopt, {}}};
  EXPECT_EQ(error_of(s), "seccomp: syscalls[3].action: unknown action \"SCMP_ACT_FOO\"");

  s = allow_by_default();
  s.syscalls = {{{"getcwd"},
                 "SCMP_ACT_ERRNO",
                 std::nullopt,
                 {{0, 1, 0, "SCMP_CMP_EQ"}, {1, 1, 0, "SCMP_CMP_ALMOST"}}}};
  EXPECT_EQ(error_of(s), "seccomp: syscalls[0].args[1].op: unknown operator \"SCMP_CMP_ALMOST\"");

  s = allow_by_default();
  s.syscalls = {{{"getcwd"}, "SCMP_ACT_ERRNO", std::nullopt, {{6, 1, 0, "SCMP_CMP_EQ"}}}};
  EXPECT_EQ(error_of(s), "seccomp: syscalls[0].args[0].index: 6 is not a syscall argument (0-5)");

  s = allow_by_default();
  s.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_VAX"};
  EXPECT_EQ(error_of(s), "seccomp: architectures[1]: unknown architecture \"SCMP_ARCH_VAX\"");

  s = allow_by_default();
  s.flags = {"SECCOMP_FILTER_FLAG_FAST"};
  EXPECT_EQ(error_of(s), "seccomp: flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_FAST\"");

  s = allow_by_default();
  s.syscalls = {{{"getcwd"}, "SCMP_ACT_ERRNO", 70000u, {}}};
  EXPECT_EQ(error_of(s), "seccomp: syscalls[0].action: errnoRet 70000 does not fit in 16 bits");
}

TEST(Seccomp, NotifyRulesMakeAFilterThatNotifies) {
  oci::Seccomp s = allow_by_default();
  s.listener_path = "/run/agent.sock";
  s.syscalls = {{{"mount"}, "SCMP_ACT_NOTIFY", std::nullopt, {}}};
  EXPECT_EQ(error_of(s), "");
  EXPECT_TRUE(compile_seccomp(s).notifies());
  s.syscalls = {{{"mount"}, "SCMP_ACT_ERRNO", std::nullopt, {}}, {{"getcwd"}, "SCMP_ACT_LOG", std::nullopt, {}}};
  EXPECT_FALSE(compile_seccomp(s).notifies());
  // A rule for a syscall this libseccomp does not know is skipped: nothing left to notify.
  s.syscalls = {{{"no_such_syscall_here"}, "SCMP_ACT_NOTIFY", std::nullopt, {}}};
  EXPECT_FALSE(compile_seccomp(s).notifies());
}

TEST(Seccomp, FilterOwnsItsContextAcrossMoves) {
  oci::Seccomp s = allow_by_default();
  s.syscalls = {{{"getcwd"}, "SCMP_ACT_ERRNO", std::nullopt, {}}};
  SeccompFilter a = build_seccomp_filter(s);
  SeccompFilter b = std::move(a);
  EXPECT_EQ(a.get(), nullptr);
  ASSERT_NE(b.get(), nullptr);
  a = std::move(b);
  EXPECT_THAT(a.export_pfc(), HasSubstr("getcwd"));
}

}  // namespace
}  // namespace berth::runtime

// Docker seccomp profiles converted to the OCI form the runtime reads.
#include "engine/seccomp_profile.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::engine {
namespace {

using json = nlohmann::json;

TEST(SeccompProfile, ConvertsArchMapAndFiltersByCapabilities) {
  json profile = {
      {"defaultAction", "SCMP_ACT_ERRNO"},
      {"defaultErrnoRet", 1},
      {"archMap", {{{"architecture", "SCMP_ARCH_X86_64"}, {"subArchitectures", {"SCMP_ARCH_X86"}}}}},
      {"syscalls",
       {{{"names", {"read", "write"}}, {"action", "SCMP_ACT_ALLOW"}},
        {{"names", {"mount"}}, {"action", "SCMP_ACT_ALLOW"}, {"includes", {{"caps", {"CAP_SYS_ADMIN"}}}}},
        {{"names", {"chmod"}}, {"action", "SCMP_ACT_ERRNO"}, {"errnoRet", 1},
         {"excludes", {{"caps", {"CAP_FOWNER"}}}}}}}};
  json oci = docker_profile_to_oci(profile, {"CAP_CHOWN"}, "p.json");
  EXPECT_EQ(oci["defaultAction"], "SCMP_ACT_ERRNO");
  EXPECT_EQ(oci["architectures"], json({"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}));
  ASSERT_EQ(oci["syscalls"].size(), 2u);  // mount needs CAP_SYS_ADMIN
  EXPECT_EQ(oci["syscalls"][1]["names"], json({"chmod"}));
  json with_fowner = docker_profile_to_oci(profile, {"CAP_FOWNER"}, "p.json");
  EXPECT_EQ(with_fowner["syscalls"].size(), 1u);
}

TEST(SeccompProfile, UnconfinedAndMissingDefaultAction) {
  EXPECT_TRUE(seccomp_for({"seccomp=unconfined"}, {}).is_null());
  EXPECT_FALSE(seccomp_for({}, {}).is_null());  // the default deny list
  EXPECT_THROW(docker_profile_to_oci(json::object(), {}, "p.json"), Error);
  EXPECT_THROW(seccomp_for({"seccomp=/nonexistent/profile.json"}, {}), Error);
}

bool denies(const json& profile, const std::string& name) {
  for (const auto& rule : profile["syscalls"]) {
    if (rule.contains("args")) continue;
    for (const auto& n : rule["names"])
      if (n == name) return true;
  }
  return false;
}

TEST(DefaultSeccomp, DeniesWhatDockerDeniesUnlessTheCapabilityIsHeld) {
  json plain = seccomp_for({}, {"CAP_CHOWN", "CAP_KILL"});
  EXPECT_EQ(plain["defaultAction"], "SCMP_ACT_ALLOW");
  for (const char* name : {"mount", "unshare", "setns", "keyctl", "bpf", "reboot", "init_module", "kexec_load",
                           "clone3", "userfaultfd"})
    EXPECT_TRUE(denies(plain, name)) << name;
  EXPECT_FALSE(denies(plain, "read"));
  json admin = seccomp_for({}, {"CAP_SYS_ADMIN"});
  EXPECT_FALSE(denies(admin, "mount"));
  EXPECT_FALSE(denies(admin, "clone3"));
  EXPECT_TRUE(denies(admin, "keyctl"));  // no capability allows the keyrings
  size_t clone_rules = 0;
  for (const auto& rule : plain["syscalls"])
    if (rule["names"][0] == "clone") ++clone_rules;
  EXPECT_EQ(clone_rules, 7u);  // one per namespace flag
}

}  // namespace
}  // namespace berth::engine

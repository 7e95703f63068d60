// What `berth version` reads from an OCI runtime's --version output.
#include <gtest/gtest.h>

#include "engine/runtime_version.hpp"

namespace berth::engine {
namespace {

TEST(RuntimeVersion, ReadsRuncCrunAndBerthRuntime) {
  RuntimeVersion runc = parse_runtime_version(
      "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\ngo: go1.19.8\nlibseccomp: 2.5.4\n");
  EXPECT_EQ(runc.version, "1.1.5+ds1");
  EXPECT_EQ(runc.spec, "1.0.2-dev");
  RuntimeVersion crun = parse_runtime_version(
      "crun version 1.8.1\ncommit: f8a096be060b22ccd3d5f3ebe44108517fbf6c30\nrundir: /run/crun\nspec: 1.0.0\n"
      "+SYSTEMD +SELINUX +APPARMOR +CAP +SECCOMP +EBPF +YAJL\n");
  EXPECT_EQ(crun.version, "1.8.1");
  EXPECT_EQ(crun.spec, "1.0.0");
  RuntimeVersion berth = parse_runtime_version("berth-runtime version 0.1.0\nspec: 1.2.0\n");
  EXPECT_EQ(berth.version, "0.1.0");
  EXPECT_EQ(berth.spec, "1.2.0");
}

TEST(RuntimeVersion, LeavesWhatTheTextDoesNotSayEmpty) {
  RuntimeVersion odd = parse_runtime_version("\n  myruntime 2.0\n");
  EXPECT_EQ(odd.version, "");
  EXPECT_EQ(odd.spec, "");
  EXPECT_EQ(parse_runtime_version("").version, "");
  // A "spec:" on the first line is the runtime's name line, not the spec.
  EXPECT_EQ(parse_runtime_version("spec: 1.0\n").spec, "");
}

}  // namespace
}  // namespace berth::engine

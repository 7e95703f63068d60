// validate_spec refuses configs that are well-typed JSON but wrong by the runtime spec.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "spec_test_util.hpp"

namespace berth::oci {
namespace {

using testing::error_with;
using testing::json;
using testing::minimal_config;
using testing::parse_error;

json with_user_ns(json c) {
  c["linux"]["namespaces"].push_back({{"type", "user"}});
  c["linux"]["uidMappings"] = json::array({{{"containerID", 0}, {"hostID", 1000}, {"size", 1}}});
  c["linux"]["gidMappings"] = json::array({{{"containerID", 0}, {"hostID", 1000}, {"size", 1}}});
  return c;
}

TEST(ValidateSpec, OciVersionMustBe1x) {
  for (const char* v :
       {"1.0.0", "1.0.2-dev", "1.1.0-rc.1", "1.2.0", "1.2", "1.10.3+build.5", "1.0.0-rc5-dev"})
    EXPECT_EQ(error_with("/ociVersion", v), "ok") << v;
  EXPECT_EQ(error_with("/ociVersion", "2.0.0"),
            "config.json: ociVersion: unsupported version \"2.0.0\" (want 1.x)");
  for (const char* v :
       {"0.5.0", "10.0.0", "1", "1.", "1.x", "1.0.", "1.0.0.0", "1.a.0", "", " 1.0.0"})
    EXPECT_NE(error_with("/ociVersion", v), "ok") << v;
}

TEST(ValidateSpec, RootPathMustNotBeEmpty) {
  EXPECT_EQ(error_with("/root/path", ""), "config.json: root.path: must not be empty");
}

TEST(ValidateSpec, CwdMustBeAbsolute) {
  EXPECT_EQ(error_with("/process/cwd", "home"),
            "config.json: process.cwd: \"home\" is not an absolute path");
  EXPECT_EQ(error_with("/process/cwd", ""),
            "config.json: process.cwd: \"\" is not an absolute path");
}

TEST(ValidateSpec, EnvEntriesAreKeyValue) {
  EXPECT_EQ(error_with("/process/env", json::array({"A=1", "NOEQUALS"})),
            "config.json: process.env[1]: \"NOEQUALS\" is not of the form KEY=value");
  EXPECT_EQ(error_with("/process/env", json::array({"=1"})),
            "config.json: process.env[0]: \"=1\" is not of the form KEY=value");
  EXPECT_EQ(
      error_with("/hooks/prestart", json::array({{{"path", "/h"}, {"env", json::array({"X"})}}})),
      "config.json: hooks.prestart[0].env[0]: \"X\" is not of the form KEY=value");
}

TEST(ValidateSpec, Umask) {
  EXPECT_EQ(error_with("/process/user/umask", 0777), "ok");
  EXPECT_EQ(error_with("/process/user/umask", 01000),
            "config.json: process.user.umask: 01000 is not a file mode mask");
}

TEST(ValidateSpec, Rlimits) {
  auto limit = [](const char* type, uint64_t hard, uint64_t soft) {
    return json{{"type", type}, {"hard", hard}, {"soft", soft}};
  };
  EXPECT_EQ(error_with("/process/rlimits", json::array({limit("RLIMIT_NOFILE", 10, 10)})), "ok");
  EXPECT_EQ(error_with("/process/rlimits", json::array({limit("RLIMIT_NOFILE", 10, 11)})),
            "config.json: process.rlimits[0]: soft limit 11 exceeds hard limit 10");
  EXPECT_EQ(error_with("/process/rlimits",
                       json::array({limit("RLIMIT_CPU", 1, 1), limit("RLIMIT_FOO", 1, 1)})),
            "config.json: process.rlimits[1].type: unknown rlimit \"RLIMIT_FOO\"");
  EXPECT_EQ(error_with("/process/rlimits", json::array({limit("NOFILE", 1, 1)})),
            "config.json: process.rlimits[0].type: unknown rlimit \"NOFILE\"");
  EXPECT_EQ(error_with("/process/rlimits",
                       json::array({limit("RLIMIT_CPU", 1, 1), limit("RLIMIT_CPU", 2, 2)})),
            "config.json: process.rlimits[1].type: duplicate rlimit \"RLIMIT_CPU\"");
}

TEST(ValidateSpec, MountDestination) {
  EXPECT_EQ(error_with("/mounts", json::array({{{"destination", ""}}})),
            "config.json: mounts[0].destination: must not be empty");
  json idmapped = {
      {"destination", "/a"},
      {"uidMappings", json::array({{{"containerID", 0}, {"hostID", 1}, {"size", 1}}})}};
  EXPECT_EQ(error_with("/mounts", json::array({idmapped})),
            "config.json: mounts[0]: an idmapped mount needs both uidMappings and gidMappings");
  idmapped["gidMappings"] = json::array({{{"containerID", 0}, {"hostID", 1}, {"size", 0}}});
  EXPECT_EQ(error_with("/mounts", json::array({idmapped})),
            "config.json: mounts[0].gidMappings[0].size: must be greater than zero");
}

TEST(ValidateSpec, HookPathMustBeAbsolute) {
  EXPECT_EQ(error_with("/hooks/poststop", json::array({{{"path", "/ok"}}, {{"path", "rel/hook"}}})),
            "config.json: hooks.poststop[1].path: \"rel/hook\" is not an absolute path");
  EXPECT_EQ(error_with("/hooks/createContainer", json::array({{{"path", "hook"}}})),
            "config.json: hooks.createContainer[0].path: \"hook\" is not an absolute path");
}

TEST(ValidateSpec, AnnotationKeyMustNotBeEmpty) {
  EXPECT_EQ(error_with("/annotations", json{{"", "v"}}),
            "config.json: annotations: a key must not be empty");
}

TEST(ValidateSpec, HostnameAndDomainnameNeedUtsNamespace) {
  EXPECT_EQ(error_with("/hostname", "box"),
            "config.json: hostname: setting the hostname needs a uts namespace");
  EXPECT_EQ(error_with("/domainname", "example.org"),
            "config.json: domainname: setting the domainname needs a uts namespace");
  json c = minimal_config();
  c["hostname"] = "box";
  c["domainname"] = "example.org";
  c["linux"]["namespaces"].push_back({{"type", "uts"}});
  EXPECT_EQ(parse_error(c), "ok");
  c.erase("linux");
  EXPECT_EQ(parse_error(c), "config.json: hostname: setting the hostname needs a uts namespace");
}

TEST(ValidateSpec, Namespaces) {
  EXPECT_EQ(error_with("/linux/namespaces/2/type", "net"),
            "config.json: linux.namespaces[2].type: unknown namespace type \"net\"");
  EXPECT_EQ(error_with("/linux/namespaces/2/type", "pid"),
            "config.json: linux.namespaces[2].type: duplicate namespace \"pid\"");
  EXPECT_EQ(error_with("/linux/namespaces/0/path", "proc/1/ns/pid"),
            "config.json: linux.namespaces[0].path: \"proc/1/ns/pid\" is not an absolute path");
  EXPECT_EQ(error_with("/linux/namespaces/0/path", "/proc/1/ns/pid"), "ok");
  EXPECT_EQ(error_with("/linux/namespaces", json::array()), "ok");
}

TEST(ValidateSpec, UserNamespaceMappings) {
  EXPECT_EQ(parse_error(with_user_ns(minimal_config())), "ok");
  json c = minimal_config();
  c["linux"]["uidMappings"] = json::array({{{"containerID", 0}, {"hostID", 1000}, {"size", 1}}});
  EXPECT_EQ(parse_error(c),
            "config.json: linux.uidMappings: mappings given without a user namespace");
  c = with_user_ns(minimal_config());
  c["linux"]["gidMappings"] = json::array();
  EXPECT_EQ(
      parse_error(c),
      "config.json: linux.uidMappings: a new user namespace needs uidMappings and gidMappings");
  c = with_user_ns(minimal_config());
  c["linux"]["uidMappings"][0]["size"] = 0;
  EXPECT_EQ(parse_error(c), "config.json: linux.uidMappings[0].size: must be greater than zero");
  c = with_user_ns(minimal_config());
  c["linux"]["gidMappings"][0] = {{"containerID", 4294967295u}, {"hostID", 0}, {"size", 2}};
  EXPECT_EQ(parse_error(c), "config.json: linux.gidMappings[0]: containerID + size runs past 2^32");
  c["linux"]["gidMappings"][0] = {{"containerID", 0}, {"hostID", 4294967295u}, {"size", 1}};
  EXPECT_EQ(parse_error(c), "ok");
}

TEST(ValidateSpec, TimeOffsets) {
  json c = minimal_config();
  c["linux"]["timeOffsets"] = {{"monotonic", {{"secs", 1}}}};
  EXPECT_EQ(parse_error(c), "config.json: linux.timeOffsets: needs a new time namespace");
  c["linux"]["namespaces"].push_back({{"type", "time"}, {"path", "/proc/1/ns/time"}});
  EXPECT_EQ(parse_error(c), "config.json: linux.timeOffsets: needs a new time namespace");
  c["linux"]["namespaces"].back().erase("path");
  EXPECT_EQ(parse_error(c), "ok");
  c["linux"]["timeOffsets"] = {{"realtime", {{"secs", 1}}}};
  EXPECT_EQ(parse_error(c),
            "config.json: linux.timeOffsets.realtime: unknown clock (want monotonic or boottime)");
  c["linux"]["timeOffsets"] = {{"boottime", {{"nanosecs", 1000000000}}}};
  EXPECT_EQ(parse_error(c),
            "config.json: linux.timeOffsets.boottime.nanosecs: must be less than one second");
}

TEST(ValidateSpec, SysctlNamesStayUnderProcSys) {
  EXPECT_EQ(error_with("/linux/sysctl", json{{"net.ipv4.conf.eth0/1.forwarding", "1"}}), "ok");
  for (const char* key : {"", "..", "../../etc/x", "net..ipv4", "net/../../x", ".net", "net."})
    EXPECT_EQ(error_with("/linux/sysctl", json{{key, "1"}}),
              fmt::format("config.json: linux.sysctl: \"{}\" is not a sysctl name", key));
}

TEST(ValidateSpec, Devices) {
  auto dev = [](json d) { return json::array({d}); };
  EXPECT_EQ(error_with("/linux/devices",
                       dev({{"type", "x"}, {"path", "/dev/x"}, {"major", 1}, {"minor", 1}})),
            "config.json: linux.devices[0].type: unknown device type \"x\"");
  EXPECT_EQ(error_with("/linux/devices",
                       dev({{"type", "c"}, {"path", "dev/x"}, {"major", 1}, {"minor", 1}})),
            "config.json: linux.devices[0].path: \"dev/x\" is not an absolute path");
  EXPECT_EQ(error_with("/linux/devices",
                       dev({{"type", "c"}, {"path", "/dev/x"}, {"major", -1}, {"minor", 1}})),
            "config.json: linux.devices[0].major: -1 is out of range");
  EXPECT_EQ(error_with("/linux/devices",
                       dev({{"type", "c"}, {"path", "/dev/x"}, {"major", 4096}, {"minor", 1}})),
            "config.json: linux.devices[0].major: 4096 is out of range");
  EXPECT_EQ(
      error_with("/linux/devices",
                 dev({{"type", "b"}, {"path", "/dev/x"}, {"major", 4095}, {"minor", 1048576}})),
      "config.json: linux.devices[0].minor: 1048576 is out of range");
  EXPECT_EQ(
      error_with("/linux/devices",
                 dev({{"type", "u"}, {"path", "/dev/x"}, {"major", 4095}, {"minor", 1048575}})),
      "ok");
  EXPECT_EQ(error_with("/linux/devices", dev({{"type", "c"},
                                              {"path", "/dev/x"},
                                              {"major", 1},
                                              {"minor", 3},
                                              {"fileMode", 020666}})),
            "config.json: linux.devices[0].fileMode: 020666 has bits beyond permissions");
}

TEST(ValidateSpec, DeviceRules) {
  auto rule = [](json r) { return json::array({r}); };
  EXPECT_EQ(error_with("/linux/resources/devices", rule({{"allow", true}, {"type", "p"}})),
            "config.json: linux.resources.devices[0].type: unknown device type \"p\"");
  EXPECT_EQ(
      error_with("/linux/resources/devices", rule({{"allow", true}, {"access", "rx"}})),
      "config.json: linux.resources.devices[0].access: \"rx\" is not a combination of r, w and m");
  EXPECT_EQ(
      error_with("/linux/resources/devices", rule({{"allow", true}, {"access", ""}})),
      "config.json: linux.resources.devices[0].access: \"\" is not a combination of r, w and m");
  EXPECT_EQ(error_with("/linux/resources/devices", rule({{"allow", true}, {"minor", -2}})),
            "config.json: linux.resources.devices[0].minor: expected a non-negative integer or -1, "
            "got -2");
}

TEST(ValidateSpec, MemoryAndCpu) {
  EXPECT_EQ(error_with("/linux/resources/memory/limit", -2),
            "config.json: linux.resources.memory.limit: -2 is below -1");
  EXPECT_EQ(error_with("/linux/resources/memory/swap", -5),
            "config.json: linux.resources.memory.swap: -5 is below -1");
  EXPECT_EQ(error_with("/linux/resources/memory/swappiness", 101),
            "config.json: linux.resources.memory.swappiness: 101 is not between 0 and 100");
  EXPECT_EQ(error_with("/linux/resources/cpu/idle", 2),
            "config.json: linux.resources.cpu.idle: must be 0 or 1");
  EXPECT_EQ(error_with("/linux/resources/cpu", json{{"quota", 1000}, {"burst", 2000}}),
            "config.json: linux.resources.cpu.burst: must not exceed quota");
  EXPECT_EQ(error_with("/linux/resources/cpu", json{{"quota", -1}, {"burst", 2000}}), "ok");
}

TEST(ValidateSpec, BlockIoWeightDeviceNeedsAWeight) {
  EXPECT_EQ(error_with("/linux/resources/blockIO/weightDevice",
                       json::array({{{"major", 8}, {"minor", 0}}})),
            "config.json: linux.resources.blockIO.weightDevice[0]: needs weight or leafWeight");
}

TEST(ValidateSpec, HugepageSizeAndUnifiedKeysAreFileNames) {
  auto page = [](const char* size) { return json::array({{{"pageSize", size}, {"limit", 1}}}); };
  EXPECT_EQ(error_with("/linux/resources/hugepageLimits", page("64KB")), "ok");
  for (const char* bad : {"2M", "MB", "2mb", "../../2MB", "2TB", ""})
    EXPECT_EQ(error_with("/linux/resources/hugepageLimits", page(bad)),
              fmt::format("config.json: linux.resources.hugepageLimits[0].pageSize: \"{}\" is not "
                          "a page size like 2MB",
                          bad));
  for (const char* bad : {"../../../etc/passwd", "memory/max", "..", ".", "", "cgroup..procs"})
    EXPECT_EQ(
        error_with("/linux/resources/unified", json{{bad, "1"}}),
        fmt::format("config.json: linux.resources.unified: \"{}\" is not a cgroup file name", bad));
}

TEST(ValidateSpec, CgroupsPath) {
  EXPECT_EQ(error_with("/linux/cgroupsPath", "system.slice:berth:abc"), "ok");
  EXPECT_EQ(error_with("/linux/cgroupsPath", "/"), "ok");
  EXPECT_EQ(error_with("/linux/cgroupsPath", "/a/../../b"),
            "config.json: linux.cgroupsPath: must not contain \"..\"");
  EXPECT_EQ(error_with("/linux/cgroupsPath", ".."),
            "config.json: linux.cgroupsPath: must not contain \"..\"");
}

TEST(ValidateSpec, Seccomp) {
  json base = {{"defaultAction", "SCMP_ACT_ALLOW"}};
  auto with = [&](const char* key, json v) {
    json s = base;
    s[key] = v;
    return error_with("/linux/seccomp", s);
  };
  EXPECT_EQ(with("defaultAction", "SCMP_ACT_NOPE"),
            "config.json: linux.seccomp.defaultAction: unknown seccomp action \"SCMP_ACT_NOPE\"");
  EXPECT_EQ(
      with("defaultAction", "SCMP_ACT_NOTIFY"),
      "config.json: linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");
  EXPECT_EQ(with("defaultErrnoRet", 1),
            "config.json: linux.seccomp.defaultAction: SCMP_ACT_ALLOW does not take an errno");
  EXPECT_EQ(with("architectures", json::array({"SCMP_ARCH_X86_64", "x86_64"})),
            "config.json: linux.seccomp.architectures[1]: unknown architecture \"x86_64\"");
  EXPECT_EQ(with("flags", json::array({"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_NEW"})),
            "config.json: linux.seccomp.flags[1]: unknown flag \"SECCOMP_FILTER_FLAG_NEW\"");
  EXPECT_EQ(with("listenerMetadata", "x"),
            "config.json: linux.seccomp.listenerMetadata: is set without a listenerPath");
  auto call = [](json extra) {
    json c = {{"names", json::array({"read"})}, {"action", "SCMP_ACT_ERRNO"}};
    c.update(extra);
    return json::array({c});
  };
  EXPECT_EQ(with("syscalls", call({{"errnoRet", 1}})), "ok");
  EXPECT_EQ(with("syscalls", call({{"names", json::array()}})),
            "config.json: linux.seccomp.syscalls[0].names: must name at least one syscall");
  EXPECT_EQ(with("syscalls", call({{"names", json::array({""})}})),
            "config.json: linux.seccomp.syscalls[0].names[0]: must not be empty");
  EXPECT_EQ(with("syscalls", call({{"action", "SCMP_ACT_KILL"}, {"errnoRet", 1}})),
            "config.json: linux.seccomp.syscalls[0].action: SCMP_ACT_KILL does not take an errno");
  EXPECT_EQ(with("syscalls", call({{"action", "SCMP_ACT_NOTIFY"}})),
            "config.json: linux.seccomp.listenerPath: SCMP_ACT_NOTIFY needs a listenerPath");
  base["listenerPath"] = "/run/agent.sock";
  EXPECT_EQ(with("syscalls", call({{"action", "SCMP_ACT_NOTIFY"}})), "ok");
  EXPECT_EQ(with("syscalls", call({{"action", "SCMP_ACT_NOTIFY"}, {"names", json::array({"read", "sendmsg"})}})),
            "config.json: linux.seccomp.syscalls[0].names[1]: SCMP_ACT_NOTIFY cannot apply to sendmsg: the "
            "listener fd is sent to the agent with it");
  base.erase("listenerPath");
  EXPECT_EQ(
      with("syscalls",
           call({{"args", json::array({{{"index", 6}, {"value", 0}, {"op", "SCMP_CMP_EQ"}}})}})),
      "config.json: linux.seccomp.syscalls[0].args[0].index: 6 is not below 6");
  EXPECT_EQ(
      with("syscalls", call({{"args", json::array({{{"index", 0}, {"value", 0}, {"op", "=="}}})}})),
      "config.json: linux.seccomp.syscalls[0].args[0].op: unknown operator \"==\"");
}

TEST(ValidateSpec, RootfsPropagation) {
  for (const char* p :
       {"shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable"})
    EXPECT_EQ(error_with("/linux/rootfsPropagation", p), "ok") << p;
  EXPECT_EQ(error_with("/linux/rootfsPropagation", "recursive"),
            "config.json: linux.rootfsPropagation: unknown propagation \"recursive\"");
}

TEST(ValidateSpec, MaskedAndReadonlyPathsAreAbsolute) {
  EXPECT_EQ(error_with("/linux/maskedPaths", json::array({"/proc/kcore", "proc/keys"})),
            "config.json: linux.maskedPaths[1]: \"proc/keys\" is not an absolute path");
  EXPECT_EQ(error_with("/linux/readonlyPaths", json::array({""})),
            "config.json: linux.readonlyPaths[0]: \"\" is not an absolute path");
}

}  // namespace
}  // namespace berth::oci

// parse_spec reads every field of the runtime spec (1.0 to 1.2) and names the JSON path of bad
// input.
#include "oci/spec_parse.hpp"

#include <gtest/gtest.h>

#include "spec_test_util.hpp"

namespace berth::oci {
namespace {

using testing::error_with;
using testing::error_without;
using testing::json;
using testing::minimal_config;
using testing::parse_error;
using testing::text_error;

constexpr const char* kFullConfig = R"({
  "ociVersion": "1.2.0",
  "process": {
    "terminal": true,
    "consoleSize": {"height": 25, "width": 80},
    "user": {"uid": 1000, "gid": 1001, "umask": 18, "additionalGids": [5, 6]},
    "args": ["/bin/sh", "-c", "true"],
    "env": ["PATH=/bin", "TERM=xterm", "EMPTY="],
    "cwd": "/home",
    "capabilities": {
      "bounding": ["CAP_KILL", "CAP_CHOWN"], "effective": ["CAP_KILL"],
      "inheritable": ["CAP_SETUID"], "permitted": ["CAP_KILL", "CAP_CHOWN"], "ambient": ["CAP_NET_RAW"]
    },
    "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 4096, "soft": 1024},
                {"type": "RLIMIT_CORE", "hard": 18446744073709551615, "soft": 0}],
    "noNewPrivileges": true,
    "apparmorProfile": "berth-default",
    "selinuxLabel": "system_u:system_r:container_t:s0",
    "oomScoreAdj": -500
  },
  "root": {"path": "/var/lib/rootfs", "readonly": true},
  "hostname": "box",
  "domainname": "example.org",
  "mounts": [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/data", "type": "bind", "source": "/srv/data", "options": ["rbind", "ro"],
     "uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
     "gidMappings": [{"containerID": 0, "hostID": 200000, "size": 65536}]},
    {"destination": "legacy", "type": "tmpfs"}
  ],
  "hooks": {
    "prestart": [{"path": "/usr/bin/pre", "args": ["pre", "a"], "env": ["A=1"], "timeout": 5}],
    "createRuntime": [{"path": "/bin/cr"}],
    "createContainer": [{"path": "/bin/cc"}],
    "startContainer": [{"path": "/bin/sc"}],
    "poststart": [{"path": "/bin/ps"}],
    "poststop": [{"path": "/bin/pstop"}, {"path": "/bin/pstop2", "timeout": 1}]
  },
  "annotations": {"org.example.key": "value", "empty": ""},
  "linux": {
    "namespaces": [
      {"type": "pid"}, {"type": "network", "path": "/run/netns/x"}, {"type": "mount"},
      {"type": "ipc"}, {"type": "uts"}, {"type": "user"}, {"type": "cgroup"}, {"type": "time"}
    ],
    "uidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}, {"containerID": 1, "hostID": 100000, "size": 65535}],
    "gidMappings": [{"containerID": 0, "hostID": 1000, "size": 1}],
    "timeOffsets": {"monotonic": {"secs": -3600, "nanosecs": 500}, "boottime": {"secs": 86400}},
    "sysctl": {"net.ipv4.ip_forward": "1", "kernel.shmmax": "65536"},
    "resources": {
      "devices": [{"allow": false, "access": "rwm"},
                  {"allow": true, "type": "c", "major": 10, "minor": 229, "access": "rw"},
                  {"allow": true, "type": "b", "major": -1, "access": "r"}],
      "memory": {"limit": 536870912, "reservation": 268435456, "swap": -1, "kernel": -1,
                 "kernelTCP": 1048576, "swappiness": 60, "disableOOMKiller": true},
      "cpu": {"shares": 1024, "quota": 100000, "burst": 50000, "period": 100000, "realtimeRuntime": 950000,
              "realtimePeriod": 1000000, "cpus": "0-1", "mems": "0", "idle": 1},
      "pids": {"limit": 32771},
      "blockIO": {
        "weight": 500, "leafWeight": 300,
        "weightDevice": [{"major": 8, "minor": 0, "weight": 700, "leafWeight": 100}, {"major": 8, "minor": 16, "weight": 10}],
        "throttleReadBpsDevice": [{"major": 8, "minor": 0, "rate": 600}],
        "throttleWriteBpsDevice": [{"major": 8, "minor": 0, "rate": 700}],
        "throttleReadIOPSDevice": [{"major": 8, "minor": 0, "rate": 80}],
        "throttleWriteIOPSDevice": [{"major": 8, "minor": 16, "rate": 300}]
      },
      "hugepageLimits": [{"pageSize": "2MB", "limit": 209715200}, {"pageSize": "1GB", "limit": 0}],
      "unified": {"io.max": "8:0 rbps=2097152", "memory.high": "max"}
    },
    "cgroupsPath": "/berth/abc",
    "devices": [
      {"path": "/dev/fuse", "type": "c", "major": 10, "minor": 229, "fileMode": 438, "uid": 0, "gid": 0},
      {"path": "/dev/sda", "type": "b", "major": 8, "minor": 0},
      {"path": "/dev/fifo", "type": "p"}
    ],
    "seccomp": {
      "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38,
      "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
      "flags": ["SECCOMP_FILTER_FLAG_LOG"],
      "listenerPath": "/run/agent.sock", "listenerMetadata": "meta",
      "syscalls": [
        {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"},
        {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"},
                  {"index": 5, "value": 255, "valueTwo": 4, "op": "SCMP_CMP_MASKED_EQ"}]},
        {"names": ["ptrace"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}
      ]
    },
    "rootfsPropagation": "rslave",
    "maskedPaths": ["/proc/kcore", "/sys/firmware"],
    "readonlyPaths": ["/proc/sys"],
    "mountLabel": "system_u:object_r:container_file_t:s0"
  },
  "unknownTopLevelField": {"ignored": [1, 2, 3]}
})";

class FullConfig : public ::testing::Test {
 protected:
  Spec s = parse_spec(kFullConfig);
};

TEST_F(FullConfig, TopLevel) {
  EXPECT_EQ(s.oci_version, "1.2.0");
  EXPECT_EQ(s.root.path, "/var/lib/rootfs");
  EXPECT_TRUE(s.root.readonly);
  EXPECT_EQ(s.hostname, "box");
  EXPECT_EQ(s.domainname, "example.org");
  EXPECT_EQ(s.annotations,
            (std::map<std::string, std::string>{{"org.example.key", "value"}, {"empty", ""}}));
}

TEST_F(FullConfig, Process) {
  ASSERT_TRUE(s.process);
  const Process& p = *s.process;
  EXPECT_TRUE(p.terminal);
  ASSERT_TRUE(p.console_size);
  EXPECT_EQ(p.console_size->height, 25u);
  EXPECT_EQ(p.console_size->width, 80u);
  EXPECT_EQ(p.user.uid, 1000u);
  EXPECT_EQ(p.user.gid, 1001u);
  EXPECT_EQ(p.user.umask, 18u);
  EXPECT_EQ(p.user.additional_gids, (std::vector<uint32_t>{5, 6}));
  EXPECT_EQ(p.args, (std::vector<std::string>{"/bin/sh", "-c", "true"}));
  EXPECT_EQ(p.env, (std::vector<std::string>{"PATH=/bin", "TERM=xterm", "EMPTY="}));
  EXPECT_EQ(p.cwd, "/home");
  EXPECT_TRUE(p.no_new_privileges);
  EXPECT_EQ(p.apparmor_profile, "berth-default");
  EXPECT_EQ(p.selinux_label, "system_u:system_r:container_t:s0");
  EXPECT_EQ(p.oom_score_adj, -500);
}

TEST_F(FullConfig, Capabilities) {
  ASSERT_TRUE(s.process->capabilities);
  const Capabilities& c = *s.process->capabilities;
  EXPECT_EQ(c.bounding, (std::vector<std::string>{"CAP_KILL", "CAP_CHOWN"}));
  EXPECT_EQ(c.effective, (std::vector<std::string>{"CAP_KILL"}));
  EXPECT_EQ(c.inheritable, (std::vector<std::string>{"CAP_SETUID"}));
  EXPECT_EQ(c.permitted, (std::vector<std::string>{"CAP_KILL", "CAP_CHOWN"}));
  EXPECT_EQ(c.ambient, (std::vector<std::string>{"CAP_NET_RAW"}));
}

TEST_F(FullConfig, Rlimits) {
  const auto& r = s.process->rlimits;
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].type, "RLIMIT_NOFILE");
  EXPECT_EQ(r[0].hard, 4096u);
  EXPECT_EQ(r[0].soft, 1024u);
  EXPECT_EQ(r[1].type, "RLIMIT_CORE");
  EXPECT_EQ(r[1].hard, UINT64_MAX);  // RLIM_INFINITY
  EXPECT_EQ(r[1].soft, 0u);
}

TEST_F(FullConfig, Mounts) {
  ASSERT_EQ(s.mounts.size(), 3u);
  EXPECT_EQ(s.mounts[0].destination, "/proc");
  EXPECT_EQ(s.mounts[0].type, "proc");
  EXPECT_EQ(s.mounts[0].source, "proc");
  EXPECT_TRUE(s.mounts[0].options.empty());
  EXPECT_EQ(s.mounts[1].options, (std::vector<std::string>{"rbind", "ro"}));
  ASSERT_EQ(s.mounts[1].uid_mappings.size(), 1u);
  EXPECT_EQ(s.mounts[1].uid_mappings[0].host_id, 100000u);
  EXPECT_EQ(s.mounts[1].uid_mappings[0].size, 65536u);
  ASSERT_EQ(s.mounts[1].gid_mappings.size(), 1u);
  EXPECT_EQ(s.mounts[1].gid_mappings[0].host_id, 200000u);
  // A relative destination (deprecated) is relative to "/".
  EXPECT_EQ(s.mounts[2].destination, "/legacy");
  EXPECT_EQ(s.mounts[2].source, "");
}

TEST_F(FullConfig, Hooks) {
  ASSERT_EQ(s.hooks.prestart.size(), 1u);
  const Hook& h = s.hooks.prestart[0];
  EXPECT_EQ(h.path, "/usr/bin/pre");
  EXPECT_EQ(h.args, (std::vector<std::string>{"pre", "a"}));
  EXPECT_EQ(h.env, (std::vector<std::string>{"A=1"}));
  EXPECT_EQ(h.timeout, 5);
  EXPECT_EQ(s.hooks.create_runtime.at(0).path, "/bin/cr");
  EXPECT_EQ(s.hooks.create_container.at(0).path, "/bin/cc");
  EXPECT_EQ(s.hooks.start_container.at(0).path, "/bin/sc");
  EXPECT_EQ(s.hooks.poststart.at(0).path, "/bin/ps");
  ASSERT_EQ(s.hooks.poststop.size(), 2u);
  EXPECT_FALSE(s.hooks.poststop[0].timeout);
  EXPECT_EQ(s.hooks.poststop[1].timeout, 1);
}

TEST_F(FullConfig, NamespacesAndMappings) {
  const Linux& l = *s.linux_;
  ASSERT_EQ(l.namespaces.size(), 8u);
  EXPECT_EQ(l.namespaces[1].type, "network");
  EXPECT_EQ(l.namespaces[1].path, "/run/netns/x");
  EXPECT_EQ(l.namespaces[7].type, "time");
  EXPECT_EQ(l.namespaces[7].path, "");
  ASSERT_NE(s.find_namespace("user"), nullptr);
  EXPECT_EQ(s.find_namespace("nonesuch"), nullptr);
  ASSERT_EQ(l.uid_mappings.size(), 2u);
  EXPECT_EQ(l.uid_mappings[1].container_id, 1u);
  EXPECT_EQ(l.uid_mappings[1].host_id, 100000u);
  EXPECT_EQ(l.uid_mappings[1].size, 65535u);
  ASSERT_EQ(l.gid_mappings.size(), 1u);
  EXPECT_EQ(l.gid_mappings[0].host_id, 1000u);
}

TEST_F(FullConfig, TimeOffsetsAndSysctl) {
  const Linux& l = *s.linux_;
  ASSERT_EQ(l.time_offsets.size(), 2u);
  EXPECT_EQ(l.time_offsets.at("monotonic").secs, -3600);
  EXPECT_EQ(l.time_offsets.at("monotonic").nanosecs, 500u);
  EXPECT_EQ(l.time_offsets.at("boottime").secs, 86400);
  EXPECT_EQ(l.time_offsets.at("boottime").nanosecs, 0u);
  EXPECT_EQ(l.sysctl, (std::map<std::string, std::string>{{"net.ipv4.ip_forward", "1"},
                                                          {"kernel.shmmax", "65536"}}));
}

TEST_F(FullConfig, DeviceRules) {
  const auto& d = s.linux_->resources->devices;
  ASSERT_EQ(d.size(), 3u);
  EXPECT_FALSE(d[0].allow);
  EXPECT_EQ(d[0].type, "a");  // unset means all
  EXPECT_FALSE(d[0].major);
  EXPECT_EQ(d[0].access, "rwm");
  EXPECT_TRUE(d[1].allow);
  EXPECT_EQ(d[1].type, "c");
  EXPECT_EQ(d[1].major, 10);
  EXPECT_EQ(d[1].minor, 229);
  EXPECT_EQ(d[1].access, "rw");
  EXPECT_FALSE(d[2].major);  // -1 is runc's wildcard
  EXPECT_FALSE(d[2].minor);
}

TEST_F(FullConfig, MemoryCpuPids) {
  const Resources& r = *s.linux_->resources;
  ASSERT_TRUE(r.memory);
  EXPECT_EQ(r.memory->limit, 536870912);
  EXPECT_EQ(r.memory->reservation, 268435456);
  EXPECT_EQ(r.memory->swap, -1);
  EXPECT_EQ(r.memory->kernel, -1);
  EXPECT_EQ(r.memory->kernel_tcp, 1048576);
  EXPECT_EQ(r.memory->swappiness, 60u);
  EXPECT_EQ(r.memory->disable_oom_killer, true);
  ASSERT_TRUE(r.cpu);
  EXPECT_EQ(r.cpu->shares, 1024u);
  EXPECT_EQ(r.cpu->quota, 100000);
  EXPECT_EQ(r.cpu->burst, 50000u);
  EXPECT_EQ(r.cpu->period, 100000u);
  EXPECT_EQ(r.cpu->realtime_runtime, 950000);
  EXPECT_EQ(r.cpu->realtime_period, 1000000u);
  EXPECT_EQ(r.cpu->cpus, "0-1");
  EXPECT_EQ(r.cpu->mems, "0");
  EXPECT_EQ(r.cpu->idle, 1);
  EXPECT_EQ(r.pids_limit, 32771);
}

TEST_F(FullConfig, BlockIoHugepagesUnified) {
  const Resources& r = *s.linux_->resources;
  ASSERT_TRUE(r.block_io);
  const BlockIoResources& b = *r.block_io;
  EXPECT_EQ(b.weight, 500);
  EXPECT_EQ(b.leaf_weight, 300);
  ASSERT_EQ(b.weight_device.size(), 2u);
  EXPECT_EQ(b.weight_device[0].major, 8);
  EXPECT_EQ(b.weight_device[0].weight, 700);
  EXPECT_EQ(b.weight_device[0].leaf_weight, 100);
  EXPECT_EQ(b.weight_device[1].minor, 16);
  EXPECT_FALSE(b.weight_device[1].leaf_weight);
  EXPECT_EQ(b.throttle_read_bps.at(0).rate, 600u);
  EXPECT_EQ(b.throttle_write_bps.at(0).rate, 700u);
  EXPECT_EQ(b.throttle_read_iops.at(0).rate, 80u);
  EXPECT_EQ(b.throttle_write_iops.at(0).minor, 16);
  ASSERT_EQ(r.hugepage_limits.size(), 2u);
  EXPECT_EQ(r.hugepage_limits[0].page_size, "2MB");
  EXPECT_EQ(r.hugepage_limits[0].limit, 209715200u);
  EXPECT_EQ(r.unified.at("io.max"), "8:0 rbps=2097152");
}

TEST_F(FullConfig, DevicesAndPaths) {
  const Linux& l = *s.linux_;
  EXPECT_EQ(l.cgroups_path, "/berth/abc");
  ASSERT_EQ(l.devices.size(), 3u);
  EXPECT_EQ(l.devices[0].path, "/dev/fuse");
  EXPECT_EQ(l.devices[0].type, "c");
  EXPECT_EQ(l.devices[0].major, 10);
  EXPECT_EQ(l.devices[0].minor, 229);
  EXPECT_EQ(l.devices[0].file_mode, 0666u);
  EXPECT_EQ(l.devices[0].uid, 0u);
  EXPECT_EQ(l.devices[0].gid, 0u);
  EXPECT_FALSE(l.devices[1].file_mode);
  EXPECT_EQ(l.devices[2].type, "p");
  EXPECT_EQ(l.rootfs_propagation, "rslave");
  EXPECT_EQ(l.masked_paths, (std::vector<std::string>{"/proc/kcore", "/sys/firmware"}));
  EXPECT_EQ(l.readonly_paths, (std::vector<std::string>{"/proc/sys"}));
  EXPECT_EQ(l.mount_label, "system_u:object_r:container_file_t:s0");
}

TEST_F(FullConfig, Seccomp) {
  ASSERT_TRUE(s.linux_->seccomp);
  const Seccomp& sc = *s.linux_->seccomp;
  EXPECT_EQ(sc.default_action, "SCMP_ACT_ERRNO");
  EXPECT_EQ(sc.default_errno_ret, 38u);
  EXPECT_EQ(sc.architectures, (std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"}));
  EXPECT_EQ(sc.flags, (std::vector<std::string>{"SECCOMP_FILTER_FLAG_LOG"}));
  EXPECT_EQ(sc.listener_path, "/run/agent.sock");
  EXPECT_EQ(sc.listener_metadata, "meta");
  ASSERT_EQ(sc.syscalls.size(), 4u);
  EXPECT_EQ(sc.syscalls[0].names, (std::vector<std::string>{"read", "write"}));
  EXPECT_EQ(sc.syscalls[0].action, "SCMP_ACT_ALLOW");
  EXPECT_FALSE(sc.syscalls[0].errno_ret);
  ASSERT_EQ(sc.syscalls[2].args.size(), 2u);
  EXPECT_EQ(sc.syscalls[2].args[0].index, 0u);
  EXPECT_EQ(sc.syscalls[2].args[0].value, 8u);
  EXPECT_EQ(sc.syscalls[2].args[0].value_two, 0u);
  EXPECT_EQ(sc.syscalls[2].args[0].op, "SCMP_CMP_EQ");
  EXPECT_EQ(sc.syscalls[2].args[1].index, 5u);
  EXPECT_EQ(sc.syscalls[2].args[1].value_two, 4u);
  EXPECT_EQ(sc.syscalls[3].errno_ret, 1u);
}

TEST(ParseSpec, MinimalConfigHasDefaults) {
  Spec s = parse_spec(minimal_config().dump());
  EXPECT_FALSE(s.process->terminal);
  EXPECT_FALSE(s.process->console_size);
  EXPECT_FALSE(s.process->capabilities);
  EXPECT_FALSE(s.process->oom_score_adj);
  EXPECT_FALSE(s.process->user.umask);
  EXPECT_FALSE(s.root.readonly);
  EXPECT_TRUE(s.mounts.empty());
  EXPECT_TRUE(s.hooks.prestart.empty());
  EXPECT_FALSE(s.linux_->resources);
  EXPECT_FALSE(s.linux_->seccomp);
}

TEST(ParseSpec, ProcessAndLinuxAreOptional) {
  EXPECT_EQ(text_error(R"({"ociVersion": "1.0.0", "root": {"path": "r"}})"), "ok");
  json c = minimal_config();
  c["linux"] = nullptr;  // null reads as absent
  EXPECT_EQ(parse_error(c), "ok");
}

TEST(ParseSpec, MalformedJsonNamesTheByte) {
  EXPECT_EQ(text_error(""),
            "config.json: invalid JSON at byte 1: syntax error while parsing value - unexpected "
            "end of input; expected '[', '{', or a literal");
  EXPECT_EQ(text_error(R"({"ociVersion": "1.0.0",})"),
            "config.json: invalid JSON at byte 24: syntax error while parsing object key - "
            "unexpected '}'; expected string literal");
  std::string err = text_error(R"({"ociVersion": "1.0.0", "root": {"path": "r"}} trailing)");
  EXPECT_TRUE(err.starts_with("config.json: invalid JSON at byte 50: ")) << err;
  err = text_error("{\"ociVersion\": \"\xff\"}");
  EXPECT_TRUE(err.starts_with("config.json: invalid JSON at byte 17: ")) << err;
}

TEST(ParseSpec, OriginNamesTheFile) {
  try {
    parse_spec("[]", "/bundle/config.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "/bundle/config.json: (top level): expected an object, got array");
  }
}

TEST(ParseSpec, WrongTypeAtTopLevel) {
  EXPECT_EQ(error_with("/ociVersion", 1),
            "config.json: ociVersion: expected a string, got integer");
  EXPECT_EQ(error_with("/root", "rootfs"), "config.json: root: expected an object, got string");
  EXPECT_EQ(error_with("/root/path", true),
            "config.json: root.path: expected a string, got boolean");
  EXPECT_EQ(error_with("/root/readonly", "yes"),
            "config.json: root.readonly: expected a boolean, got string");
  EXPECT_EQ(error_with("/process", json::array()),
            "config.json: process: expected an object, got array");
  EXPECT_EQ(error_with("/hostname", 1.5), "config.json: hostname: expected a string, got number");
  EXPECT_EQ(error_with("/domainname", json::object()),
            "config.json: domainname: expected a string, got object");
  EXPECT_EQ(error_with("/mounts", json::object()),
            "config.json: mounts: expected an array, got object");
  EXPECT_EQ(error_with("/mounts", json::array({5})),
            "config.json: mounts[0]: expected an object, got integer");
  EXPECT_EQ(error_with("/hooks", json::array()),
            "config.json: hooks: expected an object, got array");
  EXPECT_EQ(error_with("/annotations", json::array()),
            "config.json: annotations: expected an object, got array");
  EXPECT_EQ(error_with("/annotations", json{{"a", 1}}),
            "config.json: annotations.a: expected a string, got integer");
  EXPECT_EQ(error_with("/linux", "x"), "config.json: linux: expected an object, got string");
}

TEST(ParseSpec, WrongTypeInProcess) {
  EXPECT_EQ(error_with("/process/terminal", 1),
            "config.json: process.terminal: expected a boolean, got integer");
  EXPECT_EQ(error_with("/process/consoleSize", 80),
            "config.json: process.consoleSize: expected an object, got integer");
  EXPECT_EQ(error_with("/process/consoleSize", json{{"height", 1}, {"width", "80"}}),
            "config.json: process.consoleSize.width: expected a non-negative integer, got string");
  EXPECT_EQ(error_with("/process/user", 0),
            "config.json: process.user: expected an object, got integer");
  EXPECT_EQ(error_with("/process/user/uid", "root"),
            "config.json: process.user.uid: expected a non-negative integer, got string");
  EXPECT_EQ(error_with("/process/user/umask", 1.0),
            "config.json: process.user.umask: expected a non-negative integer, got number");
  EXPECT_EQ(
      error_with("/process/user/additionalGids", json::array({1, "2"})),
      "config.json: process.user.additionalGids[1]: expected a non-negative integer, got string");
  EXPECT_EQ(error_with("/process/args", "sh"),
            "config.json: process.args: expected an array, got string");
  EXPECT_EQ(error_with("/process/args", json::array({"sh", nullptr})),
            "config.json: process.args[1]: expected a string, got null");
  EXPECT_EQ(error_with("/process/env", json::array({1})),
            "config.json: process.env[0]: expected a string, got integer");
  EXPECT_EQ(error_with("/process/cwd", json::array()),
            "config.json: process.cwd: expected a string, got array");
  EXPECT_EQ(error_with("/process/capabilities", json::array({"CAP_KILL"})),
            "config.json: process.capabilities: expected an object, got array");
  EXPECT_EQ(error_with("/process/capabilities", json{{"bounding", json::array({1})}}),
            "config.json: process.capabilities.bounding[0]: expected a string, got integer");
  EXPECT_EQ(error_with("/process/rlimits",
                       json::array({json{{"type", "RLIMIT_NOFILE"}, {"hard", 1}, {"soft", "1"}}})),
            "config.json: process.rlimits[0].soft: expected a non-negative integer, got string");
  EXPECT_EQ(error_with("/process/noNewPrivileges", "true"),
            "config.json: process.noNewPrivileges: expected a boolean, got string");
  EXPECT_EQ(error_with("/process/apparmorProfile", 1),
            "config.json: process.apparmorProfile: expected a string, got integer");
  EXPECT_EQ(error_with("/process/selinuxLabel", false),
            "config.json: process.selinuxLabel: expected a string, got boolean");
  EXPECT_EQ(error_with("/process/oomScoreAdj", "100"),
            "config.json: process.oomScoreAdj: expected an integer, got string");
}

TEST(ParseSpec, WrongTypeInMountsAndHooks) {
  EXPECT_EQ(error_with("/mounts", json::array({json{{"destination", 1}}})),
            "config.json: mounts[0].destination: expected a string, got integer");
  EXPECT_EQ(error_with("/mounts", json::array({json{{"destination", "/a"}, {"options", "ro"}}})),
            "config.json: mounts[0].options: expected an array, got string");
  EXPECT_EQ(
      error_with("/mounts",
                 json::array({json{{"destination", "/a"}, {"uidMappings", json::array({1})}}})),
      "config.json: mounts[0].uidMappings[0]: expected an object, got integer");
  EXPECT_EQ(error_with("/hooks/prestart", json::object()),
            "config.json: hooks.prestart: expected an array, got object");
  EXPECT_EQ(error_with("/hooks/poststop", json::array({json{{"path", "/x"}, {"timeout", "5"}}})),
            "config.json: hooks.poststop[0].timeout: expected an integer, got string");
  EXPECT_EQ(error_with("/hooks/createRuntime",
                       json::array({json{{"path", "/x"}, {"args", json::array({true})}}})),
            "config.json: hooks.createRuntime[0].args[0]: expected a string, got boolean");
}

TEST(ParseSpec, WrongTypeInLinux) {
  EXPECT_EQ(error_with("/linux/namespaces/2/type", 5),
            "config.json: linux.namespaces[2].type: expected a string, got integer");
  EXPECT_EQ(error_with("/linux/namespaces/0/path", 5),
            "config.json: linux.namespaces[0].path: expected a string, got integer");
  EXPECT_EQ(error_with("/linux/namespaces", json{{"type", "pid"}}),
            "config.json: linux.namespaces: expected an array, got object");
  EXPECT_EQ(error_with("/linux/uidMappings",
                       json::array({json{{"containerID", 0}, {"hostID", -1}, {"size", 1}}})),
            "config.json: linux.uidMappings[0].hostID: expected a non-negative integer, got -1");
  EXPECT_EQ(error_with("/linux/timeOffsets", json{{"monotonic", 5}}),
            "config.json: linux.timeOffsets.monotonic: expected an object, got integer");
  EXPECT_EQ(error_with("/linux/timeOffsets", json{{"monotonic", json{{"secs", "1"}}}}),
            "config.json: linux.timeOffsets.monotonic.secs: expected an integer, got string");
  EXPECT_EQ(error_with("/linux/sysctl", json{{"kernel.shmmax", 1}}),
            "config.json: linux.sysctl.kernel.shmmax: expected a string, got integer");
  EXPECT_EQ(error_with("/linux/cgroupsPath", 1),
            "config.json: linux.cgroupsPath: expected a string, got integer");
  EXPECT_EQ(
      error_with(
          "/linux/devices",
          json::array({json{{"type", "c"}, {"path", "/dev/x"}, {"major", "1"}, {"minor", 1}}})),
      "config.json: linux.devices[0].major: expected an integer, got string");
  EXPECT_EQ(error_with("/linux/devices",
                       json::array({json{{"type", "p"}, {"path", "/dev/x"}, {"fileMode", -1}}})),
            "config.json: linux.devices[0].fileMode: expected a non-negative integer, got -1");
  EXPECT_EQ(error_with("/linux/rootfsPropagation", 1),
            "config.json: linux.rootfsPropagation: expected a string, got integer");
  EXPECT_EQ(error_with("/linux/maskedPaths", json::array({"/a", 2})),
            "config.json: linux.maskedPaths[1]: expected a string, got integer");
  EXPECT_EQ(error_with("/linux/readonlyPaths", "/proc"),
            "config.json: linux.readonlyPaths: expected an array, got string");
  EXPECT_EQ(error_with("/linux/mountLabel", 1),
            "config.json: linux.mountLabel: expected a string, got integer");
}

TEST(ParseSpec, WrongTypeInResources) {
  EXPECT_EQ(error_with("/linux/resources", 1),
            "config.json: linux.resources: expected an object, got integer");
  EXPECT_EQ(error_with("/linux/resources/devices", json::array({json{{"allow", "yes"}}})),
            "config.json: linux.resources.devices[0].allow: expected a boolean, got string");
  EXPECT_EQ(
      error_with("/linux/resources/devices", json::array({json{{"allow", true}, {"major", 1.5}}})),
      "config.json: linux.resources.devices[0].major: expected an integer, got number");
  EXPECT_EQ(error_with("/linux/resources/memory/limit", "1g"),
            "config.json: linux.resources.memory.limit: expected an integer, got string");
  EXPECT_EQ(
      error_with("/linux/resources/memory/swappiness", -1),
      "config.json: linux.resources.memory.swappiness: expected a non-negative integer, got -1");
  EXPECT_EQ(
      error_with("/linux/resources/memory/disableOOMKiller", 1),
      "config.json: linux.resources.memory.disableOOMKiller: expected a boolean, got integer");
  EXPECT_EQ(error_with("/linux/resources/cpu/shares", -2),
            "config.json: linux.resources.cpu.shares: expected a non-negative integer, got -2");
  EXPECT_EQ(error_with("/linux/resources/cpu/cpus", 0),
            "config.json: linux.resources.cpu.cpus: expected a string, got integer");
  EXPECT_EQ(error_with("/linux/resources/pids", 5),
            "config.json: linux.resources.pids: expected an object, got integer");
  EXPECT_EQ(error_with("/linux/resources/pids/limit", "max"),
            "config.json: linux.resources.pids.limit: expected an integer, got string");
  EXPECT_EQ(error_with("/linux/resources/blockIO/weight", 70000),
            "config.json: linux.resources.blockIO.weight: integer 70000 out of range for uint16");
  EXPECT_EQ(error_with("/linux/resources/blockIO/throttleReadBpsDevice",
                       json::array({json{{"major", 8}, {"minor", 0}, {"rate", -1}}})),
            "config.json: linux.resources.blockIO.throttleReadBpsDevice[0].rate: expected a "
            "non-negative integer, got -1");
  EXPECT_EQ(
      error_with("/linux/resources/hugepageLimits",
                 json::array({json{{"pageSize", 2}, {"limit", 1}}})),
      "config.json: linux.resources.hugepageLimits[0].pageSize: expected a string, got integer");
  EXPECT_EQ(error_with("/linux/resources/unified", json{{"memory.max", 5}}),
            "config.json: linux.resources.unified.memory.max: expected a string, got integer");
}

TEST(ParseSpec, WrongTypeInSeccomp) {
  EXPECT_EQ(error_with("/linux/seccomp", "unconfined"),
            "config.json: linux.seccomp: expected an object, got string");
  EXPECT_EQ(error_with("/linux/seccomp", json{{"defaultAction", 1}}),
            "config.json: linux.seccomp.defaultAction: expected a string, got integer");
  json seccomp = {
      {"defaultAction", "SCMP_ACT_ALLOW"},
      {"syscalls",
       json::array({json{
           {"names", json::array({"read"})},
           {"action", "SCMP_ACT_ERRNO"},
           {"args", json::array({json{{"index", 0}, {"value", "0"}, {"op", "SCMP_CMP_EQ"}}})}}})}};
  EXPECT_EQ(error_with("/linux/seccomp", seccomp),
            "config.json: linux.seccomp.syscalls[0].args[0].value: expected a non-negative "
            "integer, got string");
  seccomp["syscalls"][0]["args"] = json::array();
  seccomp["syscalls"][0]["errnoRet"] = -1;
  EXPECT_EQ(
      error_with("/linux/seccomp", seccomp),
      "config.json: linux.seccomp.syscalls[0].errnoRet: expected a non-negative integer, got -1");
  seccomp["syscalls"][0]["names"] = "read";
  EXPECT_EQ(error_with("/linux/seccomp", seccomp),
            "config.json: linux.seccomp.syscalls[0].names: expected an array, got string");
}

TEST(ParseSpec, MissingRequiredFields) {
  EXPECT_EQ(error_without("/ociVersion"), "config.json: ociVersion: is required");
  EXPECT_EQ(error_with("/ociVersion", nullptr), "config.json: ociVersion: is required");
  EXPECT_EQ(error_without("/root"), "config.json: root: is required");
  EXPECT_EQ(error_without("/root/path"), "config.json: root.path: is required");
  EXPECT_EQ(error_without("/process/cwd"), "config.json: process.cwd: is required");
  EXPECT_EQ(error_without("/process/args"),
            "config.json: process.args: must name a program to run");
  EXPECT_EQ(error_with("/process/args", json::array()),
            "config.json: process.args: must name a program to run");
  EXPECT_EQ(error_without("/process/user/uid"), "config.json: process.user.uid: is required");
  EXPECT_EQ(error_without("/process/user/gid"), "config.json: process.user.gid: is required");
  EXPECT_EQ(error_with("/process/consoleSize", json{{"height", 1}}),
            "config.json: process.consoleSize.width: is required");
  EXPECT_EQ(
      error_with("/process/rlimits", json::array({json{{"type", "RLIMIT_NOFILE"}, {"soft", 1}}})),
      "config.json: process.rlimits[0].hard: is required");
  EXPECT_EQ(error_with("/mounts", json::array({json{{"source", "/a"}}})),
            "config.json: mounts[0].destination: is required");
  EXPECT_EQ(error_with("/hooks/prestart", json::array({json{{"args", json::array()}}})),
            "config.json: hooks.prestart[0].path: is required");
  EXPECT_EQ(error_with("/linux/namespaces/1", json{{"path", "/proc/1/ns/mnt"}}),
            "config.json: linux.namespaces[1].type: is required");
  EXPECT_EQ(
      error_with("/linux/uidMappings", json::array({json{{"containerID", 0}, {"hostID", 1}}})),
      "config.json: linux.uidMappings[0].size: is required");
  EXPECT_EQ(error_with("/linux/devices",
                       json::array({json{{"type", "c"}, {"path", "/dev/x"}, {"major", 1}}})),
            "config.json: linux.devices[0].minor: is required");
  EXPECT_EQ(error_with("/linux/devices", json::array({json{{"path", "/dev/x"}}})),
            "config.json: linux.devices[0].type: is required");
  EXPECT_EQ(error_with("/linux/resources/devices", json::array({json{{"access", "r"}}})),
            "config.json: linux.resources.devices[0].allow: is required");
  EXPECT_EQ(error_with("/linux/resources/pids", json::object()),
            "config.json: linux.resources.pids.limit: is required");
  EXPECT_EQ(error_with("/linux/resources/hugepageLimits", json::array({json{{"pageSize", "2MB"}}})),
            "config.json: linux.resources.hugepageLimits[0].limit: is required");
  EXPECT_EQ(error_with("/linux/resources/blockIO/throttleWriteIOPSDevice",
                       json::array({json{{"major", 8}, {"rate", 1}}})),
            "config.json: linux.resources.blockIO.throttleWriteIOPSDevice[0].minor: is required");
  EXPECT_EQ(error_with("/linux/seccomp", json::object()),
            "config.json: linux.seccomp.defaultAction: is required");
  EXPECT_EQ(error_with("/linux/seccomp",
                       json{{"defaultAction", "SCMP_ACT_ALLOW"},
                            {"syscalls", json::array({json{{"names", json::array({"read"})}}})}}),
            "config.json: linux.seccomp.syscalls[0].action: is required");
}

TEST(ParseSpec, NegativeWhereUnsigned) {
  EXPECT_EQ(error_with("/process/user/uid", -1),
            "config.json: process.user.uid: expected a non-negative integer, got -1");
  EXPECT_EQ(error_with("/process/consoleSize", json{{"height", -25}, {"width", 80}}),
            "config.json: process.consoleSize.height: expected a non-negative integer, got -25");
  EXPECT_EQ(error_with("/process/rlimits",
                       json::array({json{{"type", "RLIMIT_NOFILE"}, {"hard", -1}, {"soft", 1}}})),
            "config.json: process.rlimits[0].hard: expected a non-negative integer, got -1");
  EXPECT_EQ(error_with("/linux/resources/hugepageLimits",
                       json::array({json{{"pageSize", "2MB"}, {"limit", -5}}})),
            "config.json: linux.resources.hugepageLimits[0].limit: expected a non-negative "
            "integer, got -5");
}

TEST(ParseSpec, OutOfRange) {
  EXPECT_EQ(error_with("/process/user/uid", 4294967296),
            "config.json: process.user.uid: integer 4294967296 out of range for uint32");
  EXPECT_EQ(error_with("/process/oomScoreAdj", 1001),
            "config.json: process.oomScoreAdj: 1001 is not between -1000 and 1000");
  EXPECT_EQ(error_with("/process/oomScoreAdj", -1001),
            "config.json: process.oomScoreAdj: -1001 is not between -1000 and 1000");
  EXPECT_EQ(error_with("/linux/resources/memory/limit", 18446744073709551615u),
            "config.json: linux.resources.memory.limit: integer 18446744073709551615 out of range "
            "for int64");
  // Past uint64, JSON numbers become doubles.
  EXPECT_EQ(
      text_error(
          R"({"ociVersion": "1.0.0", "root": {"path": "r"}, "process": {"args": ["sh"], "cwd": "/",
                          "user": {"uid": 0, "gid": 0}, "rlimits": [{"type": "RLIMIT_CPU", "hard": 18446744073709551616, "soft": 0}]}})"),
      "config.json: process.rlimits[0].hard: expected a non-negative integer, got number");
  EXPECT_EQ(error_with("/hooks/prestart", json::array({json{{"path", "/x"}, {"timeout", 0}}})),
            "config.json: hooks.prestart[0].timeout: must be greater than zero, got 0");
  EXPECT_EQ(
      error_with("/hooks/prestart", json::array({json{{"path", "/x"}, {"timeout", 4294967296}}})),
      "config.json: hooks.prestart[0].timeout: 4294967296 seconds is out of range");
}

TEST(ParseSpec, NulInStringIsRefused) {
  EXPECT_EQ(error_with("/process/cwd", std::string("/tmp\0/../etc", 12)),
            "config.json: process.cwd: string contains a NUL byte");
}

TEST(ParseSpec, UnknownFieldsAreIgnored) {
  json c = minimal_config();
  c["process"]["scheduler"] = {{"policy", "SCHED_OTHER"}};
  c["linux"]["intelRdt"] = {{"closID", "x"}};
  c["vm"] = {{"hypervisor", {{"path", "/x"}}}};
  EXPECT_EQ(parse_error(c), "ok");
}

}  // namespace
}  // namespace berth::oci

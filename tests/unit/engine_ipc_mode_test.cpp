// --ipc parsing and what each mode owns (design.md's table).
#include "engine/ipc_mode.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "engine/ipc_setup.hpp"

namespace berth::engine {
namespace {

TEST(IpcMode, ParsesEveryMode) {
  EXPECT_EQ(parse_ipc_mode("").kind, IpcKind::kShareable);
  EXPECT_EQ(parse_ipc_mode("", "private").kind, IpcKind::kPrivate);
  EXPECT_EQ(parse_ipc_mode("none").kind, IpcKind::kNone);
  EXPECT_EQ(parse_ipc_mode("host").kind, IpcKind::kHost);
  IpcMode c = parse_ipc_mode("container:ch6_ipc_producer");
  EXPECT_EQ(c.kind, IpcKind::kContainer);
  EXPECT_EQ(c.target, "ch6_ipc_producer");
  EXPECT_EQ(c.to_string(), "container:ch6_ipc_producer");
  IpcMode ns = parse_ipc_mode("ns:/proc/1/ns/ipc");
  EXPECT_EQ(ns.kind, IpcKind::kPath);
  EXPECT_EQ(ns.target, "/proc/1/ns/ipc");
}

TEST(IpcMode, RejectsUnknownModesWithDockersWording) {
  for (const char* bad : {"bogus", "container:", "ns:", "ns:relative", "Shareable"}) {
    try {
      parse_ipc_mode(bad);
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), std::string("invalid IPC mode: ") + bad);
      EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
    }
  }
}

TEST(IpcMode, OwnershipFollowsTheTable) {
  EXPECT_TRUE(parse_ipc_mode("shareable").joinable());
  EXPECT_FALSE(parse_ipc_mode("private").joinable());
  EXPECT_FALSE(parse_ipc_mode("none").owns_shm());
  EXPECT_TRUE(parse_ipc_mode("none").owns_namespace());
  EXPECT_FALSE(parse_ipc_mode("host").owns_namespace());
  EXPECT_FALSE(parse_ipc_mode("container:x").owns_shm());
  EXPECT_TRUE(parse_ipc_mode("ns:/x").owns_shm());
  EXPECT_FALSE(parse_ipc_mode("ns:/x").owns_namespace());
}

TEST(IpcSysctls, RuncsList) {
  for (const char* s : {"kernel.shmmax", "kernel.shmall", "kernel.shmmni", "kernel.shm_rmid_forced", "kernel.msgmax",
                        "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "fs.mqueue.msg_max"})
    EXPECT_TRUE(is_ipc_sysctl(s)) << s;
  for (const char* s : {"net.ipv4.ip_forward", "kernel.domainname", "fs.file-max"}) EXPECT_FALSE(is_ipc_sysctl(s)) << s;
}

}  // namespace
}  // namespace berth::engine

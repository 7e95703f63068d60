// USER and --chown resolution against an image's /etc/passwd and /etc/group.
#include "image/user_lookup.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::image {
namespace {

const std::optional<std::string> kPasswd =
    "root:x:0:0:root:/root:/bin/sh\n"
    "app:x:1000:1001:App:/home/app:/bin/sh\n"
    "# comment\n"
    "broken:x:notanumber:0::/:\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
const std::optional<std::string> kGroup =
    "root:x:0:\n"
    "appgrp:x:1001:\n"
    "wheel:x:10:root,app\n"
    "docker:x:999:app\n"
    "app:x:1234:\n";

std::string error_of(auto f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
    return e.what();
  }
  return "no error";
}

TEST(BuildUser, ByNameWithSupplementaryGroups) {
  auto u = resolve_exec_user("app", kPasswd, kGroup);
  EXPECT_EQ(u.uid, 1000u);
  EXPECT_EQ(u.gid, 1001u);
  EXPECT_EQ(u.home, "/home/app");
  EXPECT_EQ(u.additional_gids, (std::vector<gid_t>{10, 999}));
}

TEST(BuildUser, NumericAndGroups) {
  auto u = resolve_exec_user("1000", kPasswd, kGroup);
  EXPECT_EQ(u.uid, 1000u);
  EXPECT_EQ(u.gid, 1001u);
  u = resolve_exec_user("4242", kPasswd, kGroup);
  EXPECT_EQ(u.uid, 4242u);
  EXPECT_EQ(u.gid, 0u);
  EXPECT_EQ(u.home, "/");
  u = resolve_exec_user("app:docker", kPasswd, kGroup);
  EXPECT_EQ(u.gid, 999u);
  EXPECT_TRUE(u.additional_gids.empty());
  u = resolve_exec_user("5:6", std::nullopt, std::nullopt);
  EXPECT_EQ(u.uid, 5u);
  EXPECT_EQ(u.gid, 6u);
  u = resolve_exec_user("", std::nullopt, std::nullopt);
  EXPECT_EQ(u.uid, 0u);
}

TEST(BuildUser, MissingNames) {
  EXPECT_EQ(error_of([] { resolve_exec_user("ghost", kPasswd, kGroup); }),
            "unable to find user ghost: no matching entries in passwd file");
  EXPECT_EQ(error_of([] { resolve_exec_user("app", std::nullopt, kGroup); }),
            "unable to find user app: no matching entries in passwd file");
  EXPECT_EQ(error_of([] { resolve_exec_user("app:ghosts", kPasswd, kGroup); }),
            "unable to find group ghosts: no matching entries in group file");
}

TEST(BuildChown, DockerRules) {
  EXPECT_EQ(resolve_chown("1:2", std::nullopt, std::nullopt), (Owner{1, 2}));
  EXPECT_EQ(resolve_chown("7", std::nullopt, std::nullopt), (Owner{7, 7}));
  EXPECT_EQ(resolve_chown("app:docker", kPasswd, kGroup), (Owner{1000, 999}));
  // A name alone is looked up as a group too (not the user's primary group).
  EXPECT_EQ(resolve_chown("app", kPasswd, kGroup), (Owner{1000, 1234}));
  EXPECT_EQ(resolve_chown("app:5", kPasswd, kGroup), (Owner{1000, 5}));
  EXPECT_EQ(error_of([] { resolve_chown("ghost", kPasswd, kGroup); }),
            "can't find uid for user ghost: no such user: ghost");
  EXPECT_EQ(error_of([] { resolve_chown("app:ghosts", kPasswd, kGroup); }),
            "can't find gid for group ghosts: no such group: ghosts");
  EXPECT_EQ(error_of([] { resolve_chown("a:b:c", kPasswd, kGroup); }), "invalid chown string format: a:b:c");
}

}  // namespace
}  // namespace berth::image

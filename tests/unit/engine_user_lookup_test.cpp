// -u resolution in the image's /etc/passwd and /etc/group.
#include "engine/user_lookup.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/error.hpp"

namespace berth::engine {
namespace {

struct Rootfs {
  std::string path;
  Rootfs() {
    char tmpl[] = "/tmp/berth-user-test.XXXXXX";
    path = ::mkdtemp(tmpl);
    std::filesystem::create_directories(path + "/etc");
    std::ofstream(path + "/etc/passwd") << "root:x:0:0:root:/root:/bin/sh\n"
                                           "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"
                                           "app:x:1000:1000::/home/app:/bin/sh\n";
    std::ofstream(path + "/etc/group") << "root:x:0:\nnogroup:x:65534:\napp:x:1000:\nshm:x:2000:app,other\n";
  }
  ~Rootfs() { std::filesystem::remove_all(path); }
};

TEST(UserLookup, NamesNumbersAndGroups) {
  Rootfs r;
  EXPECT_EQ(resolve_user(r.path, "").uid, 0u);
  ResolvedUser nobody = resolve_user(r.path, "nobody");
  EXPECT_EQ(nobody.uid, 65534u);
  EXPECT_EQ(nobody.gid, 65534u);
  ResolvedUser app = resolve_user(r.path, "app");
  EXPECT_EQ(app.additional_gids, std::vector<unsigned>{2000});
  EXPECT_EQ(app.home, "/home/app");
  ResolvedUser numeric = resolve_user(r.path, "4242:4343");
  EXPECT_EQ(numeric.uid, 4242u);
  EXPECT_EQ(numeric.gid, 4343u);
  EXPECT_EQ(resolve_user(r.path, "app:nogroup").gid, 65534u);
}

TEST(UserLookup, UnknownNamesGetDockersError) {
  Rootfs r;
  try {
    resolve_user(r.path, "ghost");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "unable to find user ghost: no matching entries in passwd file");
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
  }
  EXPECT_THROW(resolve_user(r.path, "app:ghosts"), Error);
}

TEST(UserLookup, ASymlinkedPasswdCannotEscapeTheRootfs) {
  Rootfs r;
  Rootfs outside;
  std::ofstream(outside.path + "/etc/passwd") << "escapee:x:4242:4242::/:/bin/sh\n";
  std::filesystem::remove(r.path + "/etc/passwd");
  // An absolute link: followed on the host it would reach the outside file.
  std::filesystem::create_symlink(outside.path + "/etc/passwd", r.path + "/etc/passwd");
  EXPECT_THROW(resolve_user(r.path, "escapee"), Error);
  std::filesystem::remove(r.path + "/etc/passwd");
  std::filesystem::create_symlink("../../../../../../.." + outside.path + "/etc/passwd", r.path + "/etc/passwd");
  EXPECT_THROW(resolve_user(r.path, "escapee"), Error);
}

}  // namespace
}  // namespace berth::engine

// Unpacking into a directory that already holds things, as `berth cp` does: directories merge,
// files are replaced, a change of kind is refused in docker's words, and owners follow the
// options.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "base/error.hpp"
#include "image/layer_unpack.hpp"
#include "image_test_util.hpp"

namespace berth::image {
namespace {

using namespace berth::image::testing;
namespace fs = std::filesystem;

class image_unpack_merge : public TempRoot {
 protected:
  void SetUp() override {
    TempRoot::SetUp();
    fs::create_directories(path("dest/d"));
    std::ofstream(path("dest/d/old")) << "old";
    std::ofstream(path("dest/f")) << "file";
    options_.overlay_whiteouts = false;
    options_.merge_into_existing = true;
    options_.shown_dest = "/dest";
  }

  void unpack(const std::string& tar) {
    UniqueFd dest(::open(path("dest").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(dest.valid());
    UniqueFd fd = memfd_with(tar);
    unpack_layer_at(fd.get(), dest.get(), "cp", options_);
  }

  std::string refusal(const std::string& tar) {
    try {
      unpack(tar);
    } catch (const Error& e) {
      return e.what();
    }
    ADD_FAILURE() << "accepted";
    return {};
  }

  UnpackOptions options_;
};

TEST_F(image_unpack_merge, DirectoriesMergeAndFilesAreReplaced) {
  unpack(make_tar({dir("./"), dir("d"), file("d/new", "new"), file("f", "replaced")}));
  EXPECT_EQ(entries_in(path("dest/d")), (std::vector<std::string>{"new", "old"}));
  std::ifstream in(path("dest/f"));
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "replaced");
}

TEST_F(image_unpack_merge, TheArchivesRootLeavesTheDestinationAlone) {
  ::chmod(path("dest").c_str(), 0750);
  unpack(make_tar({dir("./", 0700), file("./x", "x")}));
  struct stat st;
  ASSERT_EQ(::stat(path("dest").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0750u);
}

TEST_F(image_unpack_merge, AChangeOfKindIsRefused) {
  EXPECT_EQ(refusal(make_tar({file("d", "x")})),
            "cp: cannot overwrite directory \"/dest/d\" with non-directory \"/dest\"");
  EXPECT_EQ(refusal(make_tar({dir("f")})),
            "cp: cannot overwrite non-directory \"/dest/f\" with directory \"/dest\"");
  EXPECT_TRUE(fs::is_directory(path("dest/d")));
}

TEST_F(image_unpack_merge, HostileNamesAreStillRefused) {
  EXPECT_NE(refusal(make_tar({file("../x", "x")})).find("\"..\""), std::string::npos);
  EXPECT_NE(refusal(make_tar({symlink("l", "/"), file("l/x", "x")})).find("is a symlink"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(path("x")));
}

TEST_F(image_unpack_merge, OwnersFollowTheOptions) {
  if (!is_root()) GTEST_SKIP() << "chown needs root";
  TarEntry owned = file("owned", "x");
  owned.uid = 1234;
  owned.gid = 5678;
  unpack(make_tar({owned}));
  struct stat st;
  ASSERT_EQ(::stat(path("dest/owned").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 1234u);
  options_.owner = std::pair{uid_t{42}, gid_t{43}};
  unpack(make_tar({owned}));
  ASSERT_EQ(::stat(path("dest/owned").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 42u);
  EXPECT_EQ(st.st_gid, 43u);
  options_.owner.reset();
  options_.keep_owners = false;
  unpack(make_tar({owned}));
  ASSERT_EQ(::stat(path("dest/owned").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, ::geteuid());
}

}  // namespace
}  // namespace berth::image

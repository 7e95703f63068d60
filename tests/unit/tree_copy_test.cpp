// The volume pre-fill's tree copy: metadata kept, symlinks copied and never followed, hard links
// kept, and a destination that is not empty never written through.
#include "base/tree_copy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/unique_fd.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;

void put(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

class TreeCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("berth-tree-copy-" + std::to_string(::getpid()));
    fs::create_directories(base_ / "src");
    fs::create_directories(base_ / "dst");
    fs::create_directories(base_ / "outside");
  }
  void TearDown() override { fs::remove_all(base_); }

  UniqueFd open_dir(const std::string& name) const {
    UniqueFd fd(::open((base_ / name).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    EXPECT_TRUE(fd.valid());
    return fd;
  }
  void copy() {
    UniqueFd src = open_dir("src"), dst = open_dir("dst");
    copy_tree_contents(src.get(), dst.get());
  }
  struct stat lstat_of(const std::string& rel) const {
    struct stat st{};
    EXPECT_EQ(::lstat((base_ / rel).c_str(), &st), 0) << rel;
    return st;
  }

  fs::path base_;
};

TEST_F(TreeCopy, KeepsContentModesAndTimes) {
  put(base_ / "src/secret", "s3cret");
  ::chmod((base_ / "src/secret").c_str(), 0640);
  fs::create_directories(base_ / "src/sub/deeper");
  put(base_ / "src/sub/deeper/f", "deep");
  ::chmod((base_ / "src/sub").c_str(), 0750);
  timespec old[2] = {{1000000, 0}, {1000000, 0}};
  ::utimensat(AT_FDCWD, (base_ / "src/secret").c_str(), old, 0);
  copy();
  EXPECT_EQ(read_file((base_ / "dst/secret").string()), "s3cret");
  EXPECT_EQ(lstat_of("dst/secret").st_mode & 07777, 0640u);
  EXPECT_EQ(lstat_of("dst/secret").st_mtim.tv_sec, 1000000);
  EXPECT_EQ(lstat_of("dst/sub").st_mode & 07777, 0750u);
  EXPECT_EQ(read_file((base_ / "dst/sub/deeper/f").string()), "deep");
  EXPECT_EQ(lstat_of("dst/secret").st_uid, lstat_of("src/secret").st_uid);
}

TEST_F(TreeCopy, SymlinksAreCopiedNotFollowed) {
  put(base_ / "outside/target", "host");
  fs::create_symlink("/etc/shadow", base_ / "src/shadow");
  fs::create_symlink(base_ / "outside", base_ / "src/outdir");
  fs::create_symlink("../../outside/target", base_ / "src/rel");
  copy();
  EXPECT_TRUE(S_ISLNK(lstat_of("dst/shadow").st_mode));
  EXPECT_EQ(fs::read_symlink(base_ / "dst/shadow"), "/etc/shadow");
  EXPECT_TRUE(S_ISLNK(lstat_of("dst/outdir").st_mode));
  EXPECT_EQ(fs::read_symlink(base_ / "dst/rel"), "../../outside/target");
  // Nothing was copied from, or written into, what the links point at.
  EXPECT_EQ(read_file((base_ / "outside/target").string()), "host");
  EXPECT_EQ(std::distance(fs::directory_iterator(base_ / "outside"), fs::directory_iterator()), 1);
}

TEST_F(TreeCopy, HardLinksStayLinkedAndFifosStayFifos) {
  put(base_ / "src/a", "same");
  fs::create_directories(base_ / "src/d");
  fs::create_hard_link(base_ / "src/a", base_ / "src/d/b");
  ASSERT_EQ(::mkfifo((base_ / "src/pipe").c_str(), 0600), 0);
  ASSERT_EQ(::chmod((base_ / "src/pipe").c_str(), 0620), 0);  // past the umask
  copy();
  EXPECT_EQ(lstat_of("dst/a").st_ino, lstat_of("dst/d/b").st_ino);
  EXPECT_NE(lstat_of("dst/a").st_ino, lstat_of("src/a").st_ino);
  EXPECT_TRUE(S_ISFIFO(lstat_of("dst/pipe").st_mode));
  EXPECT_EQ(lstat_of("dst/pipe").st_mode & 07777, 0620u);
}

TEST_F(TreeCopy, NeverWritesThroughASymlinkAlreadyInTheDestination) {
  put(base_ / "outside/victim", "untouched");
  put(base_ / "src/victim", "overwritten");
  fs::create_symlink(base_ / "outside/victim", base_ / "dst/victim");
  fs::create_directories(base_ / "src/dir");
  fs::create_directory_symlink(base_ / "outside", base_ / "dst/dir");
  try {
    copy();
    FAIL() << "copied over an existing entry";
  } catch (const Error& e) {
    EXPECT_EQ(e.err(), EEXIST) << e.what();
  }
  EXPECT_EQ(read_file((base_ / "outside/victim").string()), "untouched");
}

TEST_F(TreeCopy, OwnerAndModeOfTheRoot) {
  ::chmod((base_ / "src").c_str(), 0711);
  UniqueFd src = open_dir("src"), dst = open_dir("dst");
  copy_owner_and_mode(src.get(), dst.get());
  EXPECT_EQ(lstat_of("dst").st_mode & 07777, 0711u);
}

TEST_F(TreeCopy, EmptyAndRemoveContents) {
  UniqueFd dst = open_dir("dst");
  EXPECT_TRUE(dir_is_empty(dst.get()));
  fs::create_directories(base_ / "dst/a/b");
  put(base_ / "dst/a/b/f", "x");
  put(base_ / "outside/keep", "keep");
  fs::create_directory_symlink(base_ / "outside", base_ / "dst/link");
  EXPECT_FALSE(dir_is_empty(dst.get()));
  remove_tree_contents(dst.get());
  EXPECT_TRUE(dir_is_empty(dst.get()));
  EXPECT_EQ(read_file((base_ / "outside/keep").string()), "keep");  // the link went, not its target
}

}  // namespace
}  // namespace berth

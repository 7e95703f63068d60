// Path resolution inside a root: symlinks and ".." never leave it; missing parts are made inside.
#include "base/safe_path.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;

class SafePath : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("berth-safe-path-" + std::to_string(::getpid()));
    fs::create_directories(base_ / "root/etc");
    fs::create_directories(base_ / "outside");
    root_.reset(::open((base_ / "root").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(root_.valid());
  }
  void TearDown() override { fs::remove_all(base_); }
  fs::path in_root(const std::string& p) const { return base_ / "root" / p; }

  fs::path base_;
  UniqueFd root_;
};

TEST_F(SafePath, AbsoluteSymlinkResolvesInsideTheRoot) {
  fs::create_directory_symlink(base_ / "outside", in_root("escape"));
  auto fd = mkdir_all_in_root(root_.get(), "/escape/data");
  // The link's target was made inside the root, never under the real "outside".
  EXPECT_TRUE(fs::is_directory(in_root((base_ / "outside" / "data").relative_path().string())));
  EXPECT_FALSE(fs::exists(base_ / "outside" / "data"));
}

TEST_F(SafePath, DotDotStopsAtTheRoot) {
  auto fd = mkdir_all_in_root(root_.get(), "/../../../etc/x");
  EXPECT_TRUE(fs::is_directory(in_root("etc/x")));
  EXPECT_EQ(clean_path("/../../a/./b//c/.."), "/a/b");
}

TEST_F(SafePath, RelativeSymlinkClimbingOutStaysInside) {
  fs::create_directory_symlink("../../../../outside", in_root("climb"));
  mkdir_all_in_root(root_.get(), "/climb/y");
  EXPECT_FALSE(fs::exists(base_ / "outside" / "y"));
  EXPECT_TRUE(fs::is_directory(in_root("outside/y")));
}

TEST_F(SafePath, CreateFileFollowsADanglingLinkInsideTheRoot) {
  fs::create_symlink(base_ / "outside" / "file", in_root("link"));
  create_file_in_root(root_.get(), "/link");
  EXPECT_FALSE(fs::exists(base_ / "outside" / "file"));
  EXPECT_TRUE(fs::is_regular_file(in_root((base_ / "outside" / "file").relative_path().string())));
}

TEST_F(SafePath, CreateFileKeepsWhatIsThere) {
  { std::ofstream(in_root("etc/hosts")) << "data"; }
  create_file_in_root(root_.get(), "/etc/hosts");
  EXPECT_EQ(fs::file_size(in_root("etc/hosts")), 4u);
}

TEST_F(SafePath, OpenOfAMissingPathNamesIt) {
  try {
    open_in_root(root_.get(), "/no/such", O_RDONLY);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.err(), ENOENT);
    EXPECT_NE(std::string(e.what()).find("/no/such"), std::string::npos);
  }
}

TEST_F(SafePath, SymlinkLoopIsRefused) {
  fs::create_symlink("b", in_root("a"));
  fs::create_symlink("a", in_root("b"));
  EXPECT_THROW(open_in_root(root_.get(), "/a", O_RDONLY), Error);
}

}  // namespace
}  // namespace berth

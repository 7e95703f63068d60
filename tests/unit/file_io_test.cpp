// write_file_atomic at each durability: the content replaced whole, the mode of a new file, and
// no temp file left behind; live state swapped in by RENAME_EXCHANGE keeps the same guarantees.
#include "base/file_io.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;

class WriteFileAtomic : public ::testing::TestWithParam<Durability> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("berth-file-io-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }
  size_t entries() const { return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), {})); }

  fs::path dir_;
};

TEST_P(WriteFileAtomic, CreatesThenReplacesWholeLeavingNoTempFile) {
  std::string file = path("state.json");
  write_file_atomic(file, "first, and longer than the second", 0600, GetParam());
  EXPECT_EQ(read_file(file), "first, and longer than the second");
  struct stat st;
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  write_file_atomic(file, "second", 0600, GetParam());
  EXPECT_EQ(read_file(file), "second");
  write_file_atomic(file, "", 0600, GetParam());
  EXPECT_EQ(read_file(file), "");
  EXPECT_EQ(entries(), 1u);  // no state.json.tmp
}

TEST_P(WriteFileAtomic, AMissingDirectoryIsAnErrorNamingTheFile) {
  std::string file = path("missing/state.json");
  try {
    write_file_atomic(file, "x", 0600, GetParam());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("missing/state.json"), std::string::npos) << e.what();
  }
}

TEST(WriteFileAtomicLiveState, ReplacesTheFileNotWhatALinkPointsTo) {
  // Exchanging names swaps directory entries: a symlink in place of the file is replaced, its
  // target is not written (as with rename).
  fs::path dir = fs::temp_directory_path() / ("berth-file-io-link-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string target = (dir / "target").string(), link = (dir / "state.json").string();
  write_file_atomic(target, "target", 0600, Durability::kLiveState);
  fs::create_symlink(target, link);
  write_file_atomic(link, "new", 0600, Durability::kLiveState);
  EXPECT_FALSE(fs::is_symlink(link));
  EXPECT_EQ(read_file(link), "new");
  EXPECT_EQ(read_file(target), "target");
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(EachDurability, WriteFileAtomic,
                         ::testing::Values(Durability::kSurvivesPowerLoss, Durability::kSurvivesCrash,
                                           Durability::kLiveState));

}  // namespace
}  // namespace berth

// Overlay mounts of stored layers (root only): whiteouts and opaque dirs of an upper layer hide
// the lower one's files; an image without layers mounts; nothing stays mounted.
#include <gtest/gtest.h>

#include <fstream>

#include "base/error.hpp"
#include "image/overlay.hpp"
#include "image/store.hpp"
#include "image_test_util.hpp"

namespace berth::image {
namespace {

using namespace berth::image::testing;
namespace fs = std::filesystem;

class image_overlay : public TempRoot {
 protected:
  void SetUp() override {
    if (!is_root()) GTEST_SKIP() << "overlay mounts need root";
    TempRoot::SetUp();
    // A colon and a comma in every path: "lowerdir+" takes each layer whole, unsplit.
    base_ = root_ + "/odd:name,here";
    fs::create_directories(base_ + "/upper");
    fs::create_directories(base_ + "/work");
  }
  void TearDown() override {
    if (!is_root()) return;
    unmount_rootfs(merged());
    EXPECT_EQ(mounts_under(root_), 0) << "a mount was left behind";
    TempRoot::TearDown();
  }
  std::string merged() const { return base_ + "/merged"; }
  OverlayPaths paths(const std::vector<std::string>& lower) const {
    return {lower, base_ + "/upper", base_ + "/work"};
  }
  static int mounts_under(const std::string& dir) {
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) n += line.find(" " + dir) != std::string::npos;
    return n;
  }
  std::string add(Store& store, const std::vector<TarEntry>& entries) {
    UniqueFd fd = memfd_with(make_tar(entries));
    return store.add_layer_from_archive(fd.get(), "layer.tar");
  }

  std::string base_;
};

TEST_F(image_overlay, UpperLayersHideLowerFiles) {
  Store store(root_ + "/store");
  std::string lower = add(store, {file("gone", "lower"), dir("d"), file("d/old", "lower"),
                                  file("keep", "lower"), file("shadowed", "lower")});
  std::string upper = add(store, {file(".wh.gone", ""), dir("d"), file("d/.wh..wh..opq", ""),
                                  file("d/new", "upper"), file("shadowed", "upper")});
  std::string config =
      R"({"rootfs":{"type":"layers","diff_ids":[")" + lower + R"(",")" + upper + R"("]}})";
  Image image = store.must_find(store.add_image_blob(config));
  mount_overlay(paths(store.layer_dirs(image)), merged());
  EXPECT_EQ(mounts_under(merged()), 1);
  EXPECT_FALSE(fs::exists(merged() + "/gone"));
  EXPECT_FALSE(fs::exists(merged() + "/d/old"));
  EXPECT_EQ(read_file(merged() + "/d/new"), "upper");
  EXPECT_EQ(read_file(merged() + "/keep"), "lower");
  EXPECT_EQ(read_file(merged() + "/shadowed"), "upper");
  // Writes land in the container's upper dir, never in a stored layer.
  std::ofstream(merged() + "/keep") << "changed";
  EXPECT_EQ(read_file(base_ + "/upper/keep"), "changed");
  EXPECT_EQ(read_file(store.layer_dirs(image)[0] + "/keep"), "lower");
  unmount_rootfs(merged());
  EXPECT_EQ(mounts_under(merged()), 0);
  unmount_rootfs(merged());  // not mounted any more: fine
  unmount_rootfs(base_ + "/missing");
}

TEST_F(image_overlay, ImageWithoutLayers) {
  mount_overlay(paths({}), merged());
  EXPECT_TRUE(fs::is_empty(merged()));
  std::ofstream(merged() + "/new") << "x";
  EXPECT_TRUE(fs::exists(base_ + "/upper/new"));
}

TEST_F(image_overlay, RefusalNamesTheTarget) {
  try {
    mount_overlay({{base_ + "/no-such-layer"}, base_ + "/upper", base_ + "/work"}, merged());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-layer"), std::string::npos) << e.what();
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
  }
}

}  // namespace
}  // namespace berth::image

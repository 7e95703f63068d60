// docker diff's rule over a container's upper dir: added, changed and deleted paths, whiteouts
// and opaque directories as deletions, the directories above a change shown as changed, the
// engine's mount points left out, docker's order. The planning over a fake image (no root), then
// the real walk over directories (whiteouts and opaque marks need root).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "base/unique_fd.hpp"
#include "image/layer_changes.hpp"
#include "image/tree_walk.hpp"
#include "image/whiteout.hpp"
#include "image_test_util.hpp"

namespace berth::image {
namespace {

using namespace berth::image::testing;
namespace fs = std::filesystem;
using Kind = UpperEntry::Kind;

constexpr mode_t kDirMode = S_IFDIR | 0755;
constexpr mode_t kFileMode = S_IFREG | 0644;

// An image given as its paths.
class FakeImage : public ImageView {
 public:
  FakeImage(std::initializer_list<std::pair<const std::string, mode_t>> paths) : paths_(paths) {}
  std::optional<ImageEntry> find(const std::string& rel) const override {
    auto it = paths_.find(rel);
    if (it == paths_.end()) return std::nullopt;
    return ImageEntry{it->second, 0, 0};
  }
  std::vector<std::string> children(const std::string& rel) const override {
    std::vector<std::string> names;
    for (const auto& [path, mode] : paths_) {
      if (path.size() > rel.size() + 1 && path.starts_with(rel + "/") &&
          path.find('/', rel.size() + 1) == std::string::npos)
        names.push_back(path.substr(rel.size() + 1));
    }
    return names;
  }

 private:
  std::map<std::string, mode_t> paths_;
};

UpperEntry dir(std::string rel, mode_t mode = kDirMode) {
  return {std::move(rel), Kind::kDir, mode, 0, 0};
}
UpperEntry opaque(std::string rel) { return {std::move(rel), Kind::kOpaqueDir, kDirMode, 0, 0}; }
UpperEntry file(std::string rel) { return {std::move(rel), Kind::kOther, kFileMode, 0, 0}; }
UpperEntry whiteout(std::string rel) { return {std::move(rel), Kind::kWhiteout, S_IFCHR, 0, 0}; }

// The changes as docker diff prints them, one line each.
std::string lines(const std::vector<Change>& changes) {
  std::string out;
  for (const auto& c : changes) out += std::string(1, change_letter(c.kind)) + " " + c.path + "\n";
  return out;
}

const FakeImage kImage = {{"bin", kDirMode},    {"bin/sh", kFileMode},     {"bin/true", kFileMode},
                          {"etc", kDirMode},    {"etc/passwd", kFileMode}, {"d", kDirMode},
                          {"d/old", kFileMode}, {"d/kept", kFileMode},     {"var", kDirMode},
                          {"var/lib", kDirMode}};

TEST(LayerChanges, AddedChangedDeletedWithTheirDirectories) {
  std::vector<UpperEntry> upper = {dir("a"),           dir("a/b"), file("a/b/f"),       dir("etc"),
                                   file("etc/passwd"), dir("bin"), whiteout("bin/true")};
  EXPECT_EQ(lines(plan_changes(upper, kImage, {})),
            "A /a\nA /a/b\nA /a/b/f\nC /bin\nD /bin/true\nC /etc\nC /etc/passwd\n");
}

TEST(LayerChanges, OpaqueDirectoryDeletesWhatTheImageHadThere) {
  std::vector<UpperEntry> upper = {opaque("d"), file("d/kept"), file("d/new")};
  EXPECT_EQ(lines(plan_changes(upper, kImage, {})), "C /d\nC /d/kept\nA /d/new\nD /d/old\n");
}

TEST(LayerChanges, DirectoriesCopiedUpForNothingAreNotChanges) {
  // var/lib was copied up and what changed below went again; var's mode changed.
  std::vector<UpperEntry> upper = {dir("var", S_IFDIR | 0700), dir("var/lib")};
  EXPECT_EQ(lines(plan_changes(upper, kImage, {})), "C /var\n");
  // A whiteout of what the image never had (made and deleted in the container) is nothing.
  EXPECT_EQ(lines(plan_changes({dir("bin"), whiteout("bin/gone")}, kImage, {})), "");
}

TEST(LayerChanges, TheEnginesMountPointsCountAsTheImages) {
  std::set<std::string> engine = {"proc", "sys", "etc/hostname", "mnt/hosts"};
  FakeImage image = {{"bin", kDirMode}, {"bin/sh", kFileMode}};
  std::vector<UpperEntry> upper = {dir("etc"),  file("etc/hostname"), dir("mnt"), file("mnt/hosts"),
                                   dir("proc"), dir("sys"),           dir("data")};
  // A volume's mount point is the container's own, as docker shows it.
  EXPECT_EQ(lines(plan_changes(upper, image, engine)), "A /data\n");
  upper.push_back(file("etc/passwd"));
  EXPECT_EQ(lines(plan_changes(upper, image, engine)), "A /data\nC /etc\nA /etc/passwd\n");
}

TEST(LayerChanges, ACommitLeavesOutWhatOnlyTheEngineMade) {
  std::set<std::string> engine = {"proc", "dev", "etc/hosts", "etc/hostname"};
  FakeImage image = {{"bin", kDirMode}, {"bin/sh", kFileMode}, {"etc", kDirMode}};
  // etc copied up for the engine's files alone; proc made as a mount point; data a volume's.
  std::vector<UpperEntry> upper = {dir("etc"), file("etc/hosts"), file("etc/hostname"),
                                   dir("proc"), dir("data")};
  EXPECT_EQ(engine_only_entries(upper, image, engine),
            (std::set<std::string>{"etc", "etc/hosts", "etc/hostname", "proc"}));
  // Something else changed in etc: etc stays, the engine's files still go.
  upper.push_back(file("etc/passwd"));
  EXPECT_EQ(engine_only_entries(upper, image, engine),
            (std::set<std::string>{"etc/hosts", "etc/hostname", "proc"}));
  // An engine path the image has and the container changed is the container's.
  FakeImage with_hosts = {{"etc", kDirMode}, {"etc/hosts", kFileMode}};
  EXPECT_EQ(engine_only_entries({dir("etc"), file("etc/hosts")}, with_hosts, engine),
            (std::set<std::string>{}));
}

TEST(LayerChanges, SortedOneComponentAtATime) {
  FakeImage image = {};
  std::vector<UpperEntry> upper = {file("a-b"), dir("a"), file("a/z"), file("B")};
  EXPECT_EQ(lines(plan_changes(upper, image, {})), "A /B\nA /a\nA /a/z\nA /a-b\n");
}

class LayerChangesOnDisk : public TempRoot {
 protected:
  void SetUp() override {
    TempRoot::SetUp();
    for (const char* d : {"lower/bin", "lower/etc", "lower/d", "upper"})
      fs::create_directories(path(d));
    write("lower/bin/true", "");
    write("lower/etc/passwd", "root");
    write("lower/d/old", "");
  }
  void write(const std::string& rel, const std::string& text) { std::ofstream(path(rel)) << text; }
  std::vector<Change> changes() { return layer_changes(path("upper"), {path("lower")}, {}); }
};

TEST_F(LayerChangesOnDisk, FilesAddedAndChanged) {
  fs::create_directories(path("upper/etc"));
  fs::create_directories(path("upper/new/sub"));
  write("upper/etc/passwd", "root\nme");
  write("upper/new/sub/f", "x");
  ::symlink("/etc", path("upper/new/link").c_str());
  EXPECT_EQ(lines(changes()),
            "C /etc\nC /etc/passwd\nA /new\nA /new/link\nA /new/sub\nA /new/sub/f\n");
  EXPECT_EQ(lines(layer_changes(path("missing"), {path("lower")}, {})), "");
}

TEST_F(LayerChangesOnDisk, WhiteoutsAndOpaqueDirectories) {
  if (!is_root()) GTEST_SKIP() << "whiteouts and trusted xattrs need root";
  fs::create_directories(path("upper/bin"));
  fs::create_directories(path("upper/d"));
  UniqueFd bin(::open(path("upper/bin").c_str(), O_RDONLY | O_DIRECTORY));
  make_overlay_whiteout(bin.get(), "true", "upper/bin/true");
  UniqueFd d(::open(path("upper/d").c_str(), O_RDONLY | O_DIRECTORY));
  mark_opaque(d.get(), "upper/d");
  write("upper/d/new", "");
  EXPECT_EQ(lines(changes()), "C /bin\nD /bin/true\nC /d\nA /d/new\nD /d/old\n");
}

TEST_F(LayerChangesOnDisk, ALayerAboveHidesWhatItDeletes) {
  if (!is_root()) GTEST_SKIP() << "whiteouts and trusted xattrs need root";
  // A second image layer deleted /bin/true and replaced /d: the image no longer has them.
  fs::create_directories(path("top/bin"));
  fs::create_directories(path("top/d"));
  UniqueFd bin(::open(path("top/bin").c_str(), O_RDONLY | O_DIRECTORY));
  make_overlay_whiteout(bin.get(), "true", "top/bin/true");
  UniqueFd d(::open(path("top/d").c_str(), O_RDONLY | O_DIRECTORY));
  mark_opaque(d.get(), "top/d");
  LayerDirsView image({path("lower"), path("top")});
  EXPECT_FALSE(image.find("bin/true"));
  EXPECT_FALSE(image.find("d/old"));
  EXPECT_TRUE(image.find("etc/passwd"));
  EXPECT_EQ(image.children("d"), std::vector<std::string>{});
  EXPECT_EQ(image.children("bin"), std::vector<std::string>{});
  EXPECT_EQ(image.children(""), (std::vector<std::string>{"bin", "d", "etc"}));
}

class TreeWalk : public TempRoot {};

TEST_F(TreeWalk, SortedParentsFirstSymlinksNotEntered) {
  fs::create_directories(path("a/b"));
  std::ofstream(path("a-b")) << "";
  std::ofstream(path("a/b/f")) << "";
  ::symlink("/", path("a/up").c_str());
  UniqueFd root(::open(root_.c_str(), O_RDONLY | O_DIRECTORY));
  std::vector<std::string> seen;
  walk_tree(root.get(), root_, [&](const TreeEntry& e) {
    seen.push_back(e.rel);
    return e.rel == "a/b" ? Descend::kNo : Descend::kYes;
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "a/b", "a/up", "a-b"}));
}

}  // namespace
}  // namespace berth::image

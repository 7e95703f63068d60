// docker cp's path rules: which argument is the container's, how paths keep their endings, and
// where a copy lands.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base/error.hpp"
#include "engine/copy_paths.hpp"

namespace berth::engine {
namespace {

TEST(CopyPaths, SplitsContainerFromLocalArguments) {
  auto ctr = split_copy_arg("web:/etc/hosts");
  EXPECT_EQ(ctr.container, "web");
  EXPECT_EQ(ctr.path, "/etc/hosts");
  EXPECT_EQ(split_copy_arg("web:").path, "");
  EXPECT_EQ(split_copy_arg("web:").container, "web");
  // Absolute paths and "./x:y" are local even with a colon; so is a name without one.
  EXPECT_EQ(split_copy_arg("/tmp/a:b").container, "");
  EXPECT_EQ(split_copy_arg("/tmp/a:b").path, "/tmp/a:b");
  EXPECT_EQ(split_copy_arg("./a:b").container, "");
  EXPECT_EQ(split_copy_arg("file").container, "");
  EXPECT_EQ(split_copy_arg("-").container, "");
}

TEST(CopyPaths, BaseAndDirAsGoSeesThem) {
  EXPECT_EQ(path_base("/a/b"), "b");
  EXPECT_EQ(path_base("/a/b/"), "b");
  EXPECT_EQ(path_base("/a/."), ".");
  EXPECT_EQ(path_base("/"), "/");
  EXPECT_EQ(path_base(""), ".");
  EXPECT_EQ(path_dir("/a/b"), "/a");
  EXPECT_EQ(path_dir("/a"), "/");
  EXPECT_TRUE(specifies_current_dir("/a/."));
  EXPECT_TRUE(specifies_current_dir("."));
  EXPECT_FALSE(specifies_current_dir("/a/"));
}

TEST(CopyPaths, AbsolutePathsKeepTheirEnding) {
  EXPECT_EQ(container_abs_path("tmp//x/"), "/tmp/x/");
  EXPECT_EQ(container_abs_path("/d/."), "/d/.");
  EXPECT_EQ(container_abs_path("/d/sub/.."), "/d");
  EXPECT_EQ(container_abs_path("/"), "/");
  EXPECT_EQ(container_abs_path("/."), "/.");
  EXPECT_EQ(container_abs_path(""), "/.");
  EXPECT_EQ(local_abs_path("out/", "/home/me"), "/home/me/out/");
  EXPECT_EQ(local_abs_path("../x", "/home/me"), "/home/x");
  EXPECT_EQ(local_abs_path("/abs", "/home/me"), "/abs");
}

TEST(CopyPaths, SplitsTheEntryFromItsDirectory) {
  EXPECT_EQ(split_path_dir_entry("/d/."), (std::pair<std::string, std::string>{"/d", "."}));
  EXPECT_EQ(split_path_dir_entry("/d/x/"), (std::pair<std::string, std::string>{"/d", "x"}));
  EXPECT_EQ(split_path_dir_entry("/."), (std::pair<std::string, std::string>{"/", "."}));
}

TEST(CopyPaths, RebaseKeepsTheNameGiven) {
  // -L on a link "/d/etclink" to "/etc": the archive is of /etc, named etclink.
  EXPECT_EQ(rebase_name("/d/etclink", "/etc"),
            (std::pair<std::string, std::string>{"/etc", "etclink"}));
  EXPECT_EQ(rebase_name("/d/etclink/", "/etc"),
            (std::pair<std::string, std::string>{"/etc/", "etclink"}));
  EXPECT_EQ(rebase_name("/d/etclink/.", "/etc"),
            (std::pair<std::string, std::string>{"/etc/.", ""}));
  EXPECT_EQ(rebase_name("/d/etc", "/etc").second, "");
}

CopyInfo file(std::string path) { return {std::move(path), true, false, ""}; }
CopyInfo dir(std::string path) { return {std::move(path), true, true, ""}; }
CopyInfo missing(std::string path) { return {std::move(path), false, false, ""}; }

TEST(CopyPaths, FileSources) {
  // Into an existing directory, under its own name; over a file, or as a new file, renamed.
  auto into = place_copy(file("/h/f"), "f", dir("/d"));
  EXPECT_EQ(into.dest_dir, "/d");
  EXPECT_EQ(into.top_name, "f");
  auto over = place_copy(file("/h/f"), "f", file("/d/g"));
  EXPECT_EQ(over.dest_dir, "/d");
  EXPECT_EQ(over.top_name, "g");
  auto as_new = place_copy(file("/h/f"), "f", missing("/d/new"));
  EXPECT_EQ(as_new.dest_dir, "/d");
  EXPECT_EQ(as_new.top_name, "new");
  // A destination that asserts a directory must exist.
  EXPECT_THROW(place_copy(file("/h/f"), "f", missing("/d/new/")), Error);
  try {
    place_copy(file("/h/f"), "f", missing("/d/new/."));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "no such directory");
  }
}

TEST(CopyPaths, DirectorySources) {
  auto fresh = place_copy(dir("/h/d"), "d", missing("/c/new"));
  EXPECT_EQ(fresh.dest_dir, "/c");
  EXPECT_EQ(fresh.top_name, "new");
  auto nested = place_copy(dir("/h/d"), "d", dir("/c/there"));
  EXPECT_EQ(nested.dest_dir, "/c/there");
  EXPECT_EQ(nested.top_name, "d");
  // "/." archives the contents as ".": they land in the directory itself.
  auto contents = place_copy(dir("/h/d/."), ".", dir("/c/there"));
  EXPECT_EQ(contents.top_name, ".");
  try {
    place_copy(dir("/h/d"), "d", file("/c/f"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "cannot copy directory");
  }
  // A missing destination that ends in "/" is made from a directory source.
  EXPECT_EQ(place_copy(dir("/h/d"), "d", missing("/c/new/")).top_name, "new");
}

MountSpec mount(std::string type, std::string dest, bool read_only) {
  MountSpec m;
  m.type = std::move(type);
  m.destination = std::move(dest);
  m.read_only = read_only;
  return m;
}

TEST(CopyPaths, ReadOnlyVolumesAndRootfsRefuse) {
  std::vector<MountSpec> mounts{mount("volume", "/ro", true), mount("volume", "/rw", false),
                                mount("bind", "/rw/inner", true), mount("tmpfs", "/tmp", false)};
  EXPECT_EQ(read_only_refusal(mounts, false, "/ro/x"), "mounted volume is marked read-only");
  EXPECT_EQ(read_only_refusal(mounts, false, "/ro"), "mounted volume is marked read-only");
  EXPECT_EQ(read_only_refusal(mounts, true, "/rw/x"), std::nullopt);
  EXPECT_EQ(read_only_refusal(mounts, false, "/rw/inner/y"), "mounted volume is marked read-only");
  EXPECT_EQ(read_only_refusal(mounts, false, "/rover"), std::nullopt);
  EXPECT_EQ(read_only_refusal(mounts, true, "/rover"), "container rootfs is marked read-only");
  // docker's cp writes beneath a tmpfs, into the rootfs.
  EXPECT_EQ(read_only_refusal(mounts, true, "/tmp/x"), "container rootfs is marked read-only");
}

TEST(CopyPaths, DevicesAreNoDestination) {
  EXPECT_EQ(output_mode_refusal(S_IFCHR | 0666), "got a device");
  EXPECT_EQ(output_mode_refusal(S_IFBLK | 0660), "got a device");
  EXPECT_EQ(output_mode_refusal(S_IFREG | 0644), std::nullopt);
  EXPECT_EQ(output_mode_refusal(S_IFIFO | 0644), std::nullopt);
}

}  // namespace
}  // namespace berth::engine

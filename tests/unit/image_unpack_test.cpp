// Layer unpacking: hostile entries are refused with the archive and entry named and nothing is left
// behind; what a layer may hold (modes, set-id bits, times, links, xattrs, owners) survives.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include <fstream>

#include "base/error.hpp"
#include "image/layer_unpack.hpp"
#include "image/sha256.hpp"
#include "image/store.hpp"
#include "image/whiteout.hpp"
#include "image_test_util.hpp"

namespace berth::image {
namespace {

using namespace berth::image::testing;
namespace fs = std::filesystem;

class image_unpack : public TempRoot {
 protected:
  // Adds the tar as a layer and returns the error text; fails the test when it is accepted.
  std::string refused(const std::string& tar, const std::string& what = "hostile.tar") {
    Store store(root_);
    UniqueFd fd = memfd_with(tar);
    try {
      store.add_layer_from_archive(fd.get(), what);
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), ExitCode::kEngine) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
      expect_nothing_stored();
      return e.what();
    }
    ADD_FAILURE() << "the layer was accepted";
    return {};
  }

  void expect_nothing_stored() {
    EXPECT_EQ(entries_in(path("image/tmp")), std::vector<std::string>{}) << "temp dirs left behind";
    EXPECT_EQ(entries_in(path("image/layers")), std::vector<std::string>{}) << "a layer was stored";
  }

  std::string add(const std::string& tar) {
    Store store(root_);
    UniqueFd fd = memfd_with(tar);
    return store.add_layer_from_archive(fd.get(), "layer.tar");
  }

  fs::path diff(const std::string& diff_id, const std::string& rel = "") {
    return path("image/layers/" + strip(diff_id) + "/diff/" + rel);
  }
  static std::string strip(const std::string& d) { return d.substr(7); }
};

TEST_F(image_unpack, RefusesDotDot) {
  auto why = refused(make_tar({file("ok", "x"), file("../escape", "x")}));
  EXPECT_NE(why.find("entry \"../escape\""), std::string::npos) << why;
  EXPECT_NE(why.find(".."), std::string::npos) << why;
  EXPECT_FALSE(fs::exists(path("image/tmp/escape")));
  refused(make_tar({file("a/../../b", "x")}));
}

TEST_F(image_unpack, RefusesAbsolutePaths) {
  auto why = refused(make_tar({file("/abs/file", "x")}));
  EXPECT_NE(why.find("entry \"/abs/file\""), std::string::npos) << why;
  EXPECT_NE(why.find("absolute"), std::string::npos) << why;
}

TEST_F(image_unpack, RefusesWritingThroughASymlinkOfTheLayer) {
  fs::create_directories(path("outside"));
  auto why =
      refused(make_tar({symlink("link", path("outside").string()), file("link/planted", "x")}));
  EXPECT_NE(why.find("entry \"link/planted\""), std::string::npos) << why;
  EXPECT_NE(why.find("symlink"), std::string::npos) << why;
  EXPECT_FALSE(fs::exists(path("outside/planted")));
  // Relative links, and links that stay inside, are refused alike: no entry goes below a symlink.
  refused(make_tar({symlink("up", "../../.."), dir("up/x")}));
  refused(make_tar({dir("d"), symlink("self", "d"), file("self/f", "x")}));
}

TEST_F(image_unpack, RefusesHardLinksOutOfTheLayer) {
  auto why = refused(make_tar({hardlink("passwd", "/etc/passwd")}));
  EXPECT_NE(why.find("entry \"passwd\""), std::string::npos) << why;
  EXPECT_NE(why.find("absolute"), std::string::npos) << why;
  refused(make_tar({hardlink("x", "../x")}));
  // A target this layer has not unpacked (yet): it could only name something else.
  why = refused(make_tar({hardlink("early", "later"), file("later", "x")}));
  EXPECT_NE(why.find("not unpacked"), std::string::npos) << why;
  refused(make_tar({dir("etc"), hardlink("etc/p", "etc")}));
  // Through a symlink to a file outside the layer.
  fs::create_directories(path("outside"));
  std::ofstream(path("outside/secret")) << "secret";
  refused(make_tar({symlink("l", path("outside").string()), hardlink("h", "l/secret")}));
}

TEST_F(image_unpack, RefusesDeviceNodes) {
  TarEntry null;
  null.name = "dev/null";
  null.type = AE_IFCHR;
  null.rdev = makedev(1, 3);
  auto why = refused(make_tar({dir("dev"), null}));
  EXPECT_NE(why.find("entry \"dev/null\""), std::string::npos) << why;
  EXPECT_NE(why.find("device"), std::string::npos) << why;
  TarEntry disk = null;
  disk.name = "sda";
  disk.type = AE_IFBLK;
  disk.rdev = makedev(8, 0);
  refused(make_tar({disk}));
  // Not even overlay's own whiteout form: layers carry .wh. files, we make the devices.
  TarEntry whiteout = null;
  whiteout.name = "gone";
  whiteout.rdev = makedev(0, 0);
  refused(make_tar({whiteout}));
}

TEST_F(image_unpack, RefusesMalformedAndTruncatedArchives) {
  std::string tar =
      make_tar({file("a", std::string(5000, 'a')), file("b", std::string(3000, 'b'))});
  auto why = refused(tar.substr(0, 2000));  // inside a's data
  EXPECT_NE(why.find("malformed"), std::string::npos) << why;
  refused(tar.substr(0, 5632 + 100));  // inside b's header
  refused(std::string(4096, 'x'));     // not a tar
  refused(std::string());              // empty
  std::string gz =
      make_tar({file("a", std::string(100000, 'z')), file("b", "b")}, Compression::kGzip);
  refused(gz.substr(0, gz.size() / 2));
  std::string corrupt = tar;
  corrupt[148] = '9';  // the first header's checksum
  refused(corrupt);
}

TEST_F(image_unpack, RefusesWhiteoutsWithoutAName) {
  auto why = refused(make_tar({file(".wh.", "")}));
  EXPECT_NE(why.find("whiteout"), std::string::npos) << why;
  refused(make_tar({file("d/.wh...", "")}));
}

TEST_F(image_unpack, DiffIdIsTheDigestOfTheUncompressedTar) {
  std::vector<TarEntry> entries = {dir("etc"), file("etc/hostname", "box\n"),
                                   file("big", std::string(200000, 'q'))};
  std::string tar = make_tar(entries);
  std::string id = add(tar);
  EXPECT_EQ(id, "sha256:" + sha256_hex(tar));
  EXPECT_EQ(read_file(path("image/layers/" + strip(id) + "/layer.tar").string()), tar);
  // The same layer compressed is the same diff id, stored once.
  EXPECT_EQ(add(make_tar(entries, Compression::kGzip)), id);
  EXPECT_EQ(add(make_tar(entries, Compression::kZstd)), id);
  EXPECT_EQ(entries_in(path("image/layers")).size(), 1u);
  EXPECT_EQ(entries_in(path("image/tmp")), std::vector<std::string>{});
  EXPECT_EQ(Store(root_).layer_size(id), 200004u);
}

TEST_F(image_unpack, ExpectedDiffIdIsChecked) {
  std::string tar = make_tar({file("a", "a")});
  Store store(root_);
  UniqueFd fd = memfd_with(tar);
  std::string wrong = "sha256:" + std::string(64, '0');
  EXPECT_THROW(store.add_layer_from_archive(fd.get(), "l.tar", wrong), Error);
  expect_nothing_stored();
  // Stored already: a stream that does not match is still refused.
  std::string id = add(tar);
  UniqueFd other = memfd_with(make_tar({file("b", "b")}));
  EXPECT_THROW(store.add_layer_from_archive(other.get(), "l.tar", id), Error);
  UniqueFd same = memfd_with(tar);
  EXPECT_EQ(store.add_layer_from_archive(same.get(), "l.tar", id), id);
}

TEST_F(image_unpack, KeepsModesTimesLinksAndXattrs) {
  TarEntry setuid = file("bin/tool", "#!/bin/sh\n", 04755);
  setuid.mtime = 1000000000;
  setuid.xattrs = {{"user.note", "kept"}, {"trusted.overlay.opaque", "y"}};
  TarEntry fifo;
  fifo.name = "run/pipe";
  fifo.type = AE_IFIFO;
  fifo.perm = 0620;
  TarEntry private_dir = dir("secret", 0700);
  private_dir.mtime = 1200000000;
  TarEntry locked = dir("locked", 0);
  std::string id = add(
      make_tar({dir("bin"), setuid, symlink("bin/alias", "tool"), hardlink("bin/same", "bin/tool"),
                dir("run"), fifo, private_dir, file("secret/key", "k", 0600), locked,
                file("deep/er/file", "missing parents")}));
  struct stat st;
  ASSERT_EQ(::lstat(diff(id, "bin/tool").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 04755u);
  EXPECT_EQ(st.st_mtime, 1000000000);
  EXPECT_EQ(st.st_nlink, 2u);
  struct stat same;
  ASSERT_EQ(::lstat(diff(id, "bin/same").c_str(), &same), 0);
  EXPECT_EQ(same.st_ino, st.st_ino);
  EXPECT_EQ(fs::read_symlink(diff(id, "bin/alias")), "tool");
  ASSERT_EQ(::lstat(diff(id, "run/pipe").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0620u);
  ASSERT_EQ(::lstat(diff(id, "secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_EQ(st.st_mtime, 1200000000);  // set after its child was written
  ASSERT_EQ(::lstat(diff(id, "locked").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0u);
  EXPECT_EQ(read_file(diff(id, "deep/er/file").string()), "missing parents");
  char value[16] = {};
  ASSERT_EQ(::lgetxattr(diff(id, "bin/tool").c_str(), "user.note", value, sizeof value), 4);
  EXPECT_STREQ(value, "kept");
  // A layer may not set overlay's own xattrs (it could forge opaque dirs or redirects).
  EXPECT_LT(
      ::lgetxattr(diff(id, "bin/tool").c_str(), "trusted.overlay.opaque", value, sizeof value), 0);
}

TEST_F(image_unpack, KeepsOwnersAsRoot) {
  if (!is_root()) GTEST_SKIP() << "chown needs root";
  TarEntry f = file("owned", "x", 02750);
  f.uid = 1234;
  f.gid = 5678;
  TarEntry cap = file("ping", "x", 0755);
  std::string capability(
      "\x01\x00\x00\x02\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 20);
  cap.xattrs = {{"security.capability", capability}};
  TarEntry link = symlink("link", "owned");
  link.uid = 42;
  std::string id = add(make_tar({f, cap, link}));
  struct stat st;
  ASSERT_EQ(::lstat(diff(id, "owned").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 1234u);
  EXPECT_EQ(st.st_gid, 5678u);
  EXPECT_EQ(st.st_mode & 07777, 02750u);  // chmod after chown keeps the set-gid bit
  ASSERT_EQ(::lstat(diff(id, "link").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 42u);
  EXPECT_GT(::lgetxattr(diff(id, "ping").c_str(), "security.capability", nullptr, 0), 0);
}

TEST_F(image_unpack, WhiteoutsBecomeOverlayForm) {
  if (!is_root())
    GTEST_SKIP() << "whiteouts are character devices (mknod) and trusted.* xattrs: root only";
  std::string id =
      add(make_tar({file(".wh.gone", ""), dir("d"), file("d/.wh..wh..opq", ""), file("d/keep", "k"),
                    file(".wh..wh.plnk", ""), file("e/.wh.x", "")}));
  struct stat st;
  ASSERT_EQ(::lstat(diff(id, "gone").c_str(), &st), 0);
  EXPECT_TRUE(is_overlay_whiteout(st));
  ASSERT_EQ(::lstat(diff(id, "e/x").c_str(), &st), 0);
  EXPECT_TRUE(is_overlay_whiteout(st));
  EXPECT_TRUE(is_opaque_dir(diff(id, "d")));
  EXPECT_FALSE(is_opaque_dir(diff(id, "e")));
  EXPECT_TRUE(fs::exists(diff(id, "d/keep")));
  for (const auto& name : {".wh.gone", "d/.wh..wh..opq", ".wh..wh.plnk", "e/.wh.x"})
    EXPECT_FALSE(fs::exists(fs::symlink_status(diff(id, name)))) << name;
  // The stored tar keeps the .wh. form, for save.
  EXPECT_NE(read_file(path("image/layers/" + strip(id) + "/layer.tar").string()).find(".wh.gone"),
            std::string::npos);
}

TEST_F(image_unpack, LaterEntriesReplaceEarlierOnes) {
  std::string id =
      add(make_tar({file("x", "first"), file("x", "second"), dir("d"), file("d/f", "f"),
                    file("d", "now a file"), symlink("s", "x"), file("s", "not a link")}));
  EXPECT_EQ(read_file(diff(id, "x").string()), "second");
  EXPECT_EQ(read_file(diff(id, "d").string()), "now a file");
  EXPECT_FALSE(fs::is_symlink(diff(id, "s")));
}

TEST_F(image_unpack, NonAsciiNames) {
  std::string id = add(make_tar({file("Főtanúsítvány.crt", "x"), file("日本語", "y")}));
  EXPECT_EQ(read_file(diff(id, "Főtanúsítvány.crt").string()), "x");
  EXPECT_EQ(read_file(diff(id, "日本語").string()), "y");
}

TEST_F(image_unpack, StaleTempDirsOfDeadWritersAreRemoved) {
  fs::create_directories(path("image/tmp/layer.tmp-999999999-abcdef/diff"));
  fs::create_directories(path("image/tmp/layer.tmp-" + std::to_string(::getpid()) + "-live"));
  add(make_tar({file("a", "a")}));
  EXPECT_EQ(entries_in(path("image/tmp")),
            std::vector<std::string>{"layer.tmp-" + std::to_string(::getpid()) + "-live"});
}

}  // namespace
}  // namespace berth::image

// The image store: finding images by tag, id and prefix; tags; docker's rmi semantics; prune;
// layers shared and collected; directories as layers; save and load round trips.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include <fstream>
#include <map>
#include <set>

#include "base/error.hpp"
#include "image/archive_util.hpp"
#include "image/image_archive.hpp"
#include "image/image_config.hpp"
#include "image/sha256.hpp"
#include "image/store.hpp"
#include "image/whiteout.hpp"
#include "image_test_util.hpp"

namespace berth::image {
namespace {

using namespace berth::image::testing;
using nlohmann::json;
namespace fs = std::filesystem;

class image_store : public TempRoot {
 protected:
  std::string layer(const std::vector<TarEntry>& entries) {
    UniqueFd fd = memfd_with(make_tar(entries));
    return store().add_layer_from_archive(fd.get(), "layer.tar");
  }
  // An image of the given layers; `salt` makes its config (and so its id) unique.
  std::string image(const std::vector<std::string>& diff_ids, const std::string& tag = {},
                    int salt = 0) {
    json config = new_image_config(diff_ids, fmt::format("test {}", salt));
    return store().add_image(config, tag);
  }
  Store& store() {
    if (!store_) store_.emplace(root_);
    return *store_;
  }
  bool layer_stored(const std::string& diff_id) {
    return fs::exists(path("image/layers/" + diff_id.substr(7)));
  }

  std::optional<Store> store_;
};

TEST_F(image_store, FindsByTagIdAndPrefix) {
  std::string l = layer({file("a", "a")});
  std::string id = image({l}, "busybox");
  EXPECT_EQ(store().must_find("busybox").id, id);
  EXPECT_EQ(store().must_find("busybox:latest").id, id);
  EXPECT_EQ(store().must_find("docker.io/library/busybox:latest").id, id);
  EXPECT_EQ(store().must_find(id).id, id);
  EXPECT_EQ(store().must_find("sha256:" + id).id, id);
  EXPECT_EQ(store().must_find(id.substr(0, 12)).id, id);
  EXPECT_EQ(store().must_find("sha256:" + id.substr(0, 5)).id, id);
  auto img = store().must_find("busybox");
  EXPECT_EQ(img.repo_tags, std::vector<std::string>{"busybox:latest"});
  EXPECT_EQ(img.diff_ids, std::vector<std::string>{l});
  EXPECT_EQ(img.size, 1u);
  EXPECT_EQ(store().layer_dirs(img),
            std::vector<std::string>{root_ + "/image/layers/" + l.substr(7) + "/diff"});
  EXPECT_FALSE(store().find("busybox:1"));
  EXPECT_FALSE(store().find("other"));
  try {
    store().must_find("nosuch");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "No such image: nosuch:latest");
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
  }
}

TEST_F(image_store, AmbiguousIdPrefixIsAnError) {
  std::string l = layer({file("a", "a")});
  std::map<char, int> first_digits;
  char shared = 0;
  for (int i = 0; i < 17 && !shared; ++i) {  // 17 ids over 16 digits: two share their first
    std::string id = image({l}, {}, i);
    if (++first_digits[id[0]] == 2) shared = id[0];
  }
  ASSERT_NE(shared, 0);
  EXPECT_FALSE(store().find(std::string(1, shared)));
  try {
    store().must_find(std::string(1, shared));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("ambiguous"), std::string::npos) << e.what();
  }
}

TEST_F(image_store, ConfigBytesAreKeptAndMissingLayersRefused) {
  std::string l = layer({file("a", "a")});
  std::string bytes = R"({"os":"linux",  "rootfs":{"type":"layers","diff_ids":[")" + l +
                      R"("]}, "config":{"Cmd":["sh"]}})";
  std::string id = store().add_image_blob(bytes, "x:1");
  EXPECT_EQ(id, sha256_hex(bytes));
  EXPECT_EQ(store().config_blob(id), bytes);
  EXPECT_EQ(store().must_find("x:1").defaults.cmd, std::vector<std::string>{"sh"});
  std::string missing = "sha256:" + std::string(64, 'a');
  EXPECT_THROW(image({missing}, "y"), Error);
  EXPECT_FALSE(store().find("y"));
  EXPECT_THROW(store().add_image_blob(R"({"rootfs":{"diff_ids":["sha256:../../etc"]}})"), Error);
  EXPECT_THROW(store().add_image_blob("not json"), Error);
}

TEST_F(image_store, TagsAreValidated) {
  std::string id = image({layer({file("a", "a")})}, "a");
  store().tag("a", "b:2");
  store().tag(id.substr(0, 8), "localhost:5000/team/c");
  EXPECT_EQ(store().must_find("a").repo_tags,
            (std::vector<std::string>{"a:latest", "b:2", "localhost:5000/team/c:latest"}));
  EXPECT_THROW(store().tag("a", "Upper"), Error);
  EXPECT_THROW(store().tag("a", "bad name"), Error);
  EXPECT_THROW(store().tag("nosuch", "d"), Error);
  EXPECT_THROW(store().tag("a", std::string(64, 'e')), Error);  // would read as an id
  EXPECT_THROW(store().tag("a", "e@sha256:" + std::string(64, 'e')), Error);
  EXPECT_THROW(image({}, std::string(64, 'e') + ":1"), Error);
}

TEST_F(image_store, RemoveUntagsThenDeletes) {
  std::string l = layer({file("a", "a")});
  std::string id = image({l}, "a:1");
  store().tag("a:1", "a:2");
  EXPECT_EQ(store().remove("a:1", false), std::vector<std::string>{"Untagged: a:1"});
  ASSERT_TRUE(store().find(id));
  EXPECT_EQ(store().remove("a:2", false),
            (std::vector<std::string>{"Untagged: a:2", "Deleted: sha256:" + id, "Deleted: " + l}));
  EXPECT_FALSE(store().find(id));
  EXPECT_FALSE(layer_stored(l));
  try {
    store().remove("a:2", false);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "No such image: a:2");
  }
}

TEST_F(image_store, RemoveByIdNeedsForceAcrossRepositories) {
  std::string id = image({layer({file("a", "a")})}, "a:1");
  store().tag("a:1", "a:2");
  store().tag("a:1", "b:1");
  try {
    store().remove(id.substr(0, 12), false);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("must be forced"), std::string::npos) << e.what();
  }
  EXPECT_EQ(store().must_find(id).repo_tags.size(), 3u);
  auto lines = store().remove(id.substr(0, 12), true);
  EXPECT_EQ(lines, (std::vector<std::string>{"Untagged: a:1", "Untagged: a:2", "Untagged: b:1",
                                             "Deleted: sha256:" + id, lines.back()}));
  // Tags of one repository only: no force needed.
  std::string other = image({layer({file("b", "b")})}, "c:1", 1);
  store().tag("c:1", "c:2");
  EXPECT_NO_THROW(store().remove(other, false));
  EXPECT_TRUE(store().list().empty());
}

TEST_F(image_store, SharedLayersStayUntilTheLastImageGoes) {
  std::string base = layer({file("base", "b")});
  std::string top = layer({file("top", "t")});
  std::string one = image({base}, "one");
  std::string two = image({base, top}, "two");
  auto lines = store().remove("two", false);
  // docker's chain id of the top layer.
  std::string chain = "sha256:" + sha256_hex(base + " " + top);
  EXPECT_EQ(lines, (std::vector<std::string>{"Untagged: two:latest", "Deleted: sha256:" + two,
                                             "Deleted: " + chain}));
  EXPECT_TRUE(layer_stored(base));
  EXPECT_FALSE(layer_stored(top));
  store().remove("one", false);
  EXPECT_FALSE(layer_stored(base));
  EXPECT_EQ(entries_in(path("image/tmp")), std::vector<std::string>{});
  EXPECT_EQ(entries_in(path("image/blobs/sha256")), std::vector<std::string>{});
}

TEST_F(image_store, PruneRemovesDanglingOrUnused) {
  std::string l = layer({file("a", "a")});
  std::string tagged = image({l}, "kept");
  std::string dangling = image({l}, {}, 1);
  std::string used = image({l}, "used", 2);
  EXPECT_EQ(store().prune(false, {}), std::vector<std::string>{dangling});
  EXPECT_EQ(store().prune(true, {"sha256:" + used}), std::vector<std::string>{tagged});
  EXPECT_EQ(store().list().size(), 1u);
  EXPECT_TRUE(layer_stored(l));
}

TEST_F(image_store, DirectoryBecomesAReproducibleLayer) {
  fs::path src = path("src");
  fs::create_directories(src / "etc");
  std::ofstream(src / "etc/passwd") << "root:x:0:0::/root:/bin/sh\n";
  fs::create_symlink("passwd", src / "etc/link");
  fs::create_hard_link(src / "etc/passwd", src / "etc/hard");
  fs::permissions(src / "etc/passwd", fs::perms(04755));
  ::lsetxattr((src / "etc/passwd").c_str(), "user.k", "v", 1, 0);
  std::string id = store().add_layer_from_dir(src.string());
  EXPECT_EQ(store().add_layer_from_dir(src.string()), id);
  fs::path diff = path("image/layers/" + id.substr(7) + "/diff");
  EXPECT_EQ(read_file((diff / "etc/passwd").string()), "root:x:0:0::/root:/bin/sh\n");
  EXPECT_EQ(fs::read_symlink(diff / "etc/link"), "passwd");
  EXPECT_EQ(fs::hard_link_count(diff / "etc/hard"), 2u);
  EXPECT_EQ(fs::status(diff / "etc/passwd").permissions(), fs::perms(04755));
  char v[4] = {};
  EXPECT_EQ(::lgetxattr((diff / "etc/passwd").c_str(), "user.k", v, sizeof v), 1);
  EXPECT_EQ(entries_in(path("image/tmp")), std::vector<std::string>{});
}

TEST_F(image_store, OverlayUpperdirBecomesWhiteoutEntries) {
  if (!is_root()) GTEST_SKIP() << "overlay whiteouts need mknod and trusted.* xattrs";
  fs::path upper = path("upper");
  fs::create_directories(upper / "opaque");
  ASSERT_EQ(::mknod((upper / "deleted").c_str(), S_IFCHR, makedev(0, 0)), 0);
  ASSERT_EQ(::setxattr((upper / "opaque").c_str(), kOpaqueXattr, "y", 1, 0), 0);
  std::ofstream(upper / "opaque/new") << "n";
  std::string id = store().add_layer_from_dir(upper.string(), true);
  std::string tar = read_file(store().layer_tar(id));
  EXPECT_NE(tar.find(".wh.deleted"), std::string::npos);
  EXPECT_NE(tar.find("opaque/.wh..wh..opq"), std::string::npos);
  EXPECT_EQ(tar.find("trusted.overlay"), std::string::npos);
  fs::path diff = path("image/layers/" + id.substr(7) + "/diff");
  struct stat st;
  ASSERT_EQ(::lstat((diff / "deleted").c_str(), &st), 0);
  EXPECT_TRUE(is_overlay_whiteout(st));
  EXPECT_TRUE(is_opaque_dir((diff / "opaque").string()));
}

TEST_F(image_store, SaveThenLoadKeepsIdsAndTags) {
  std::string base = layer({dir("etc"), file("etc/os-release", "ID=test\n")});
  std::string top = layer({file("app", "#!/bin/sh\n", 0755)});
  json config = new_image_config({base, top}, "two layers");
  apply_change(config, R"(CMD ["/app"])");
  std::string id = store().add_image(config, "app:1");
  store().tag("app:1", "app:2");
  std::string other = image({base}, {}, 1);
  UniqueFd archive(::memfd_create("archive", MFD_CLOEXEC));
  save_image_archive(store(), {"app:1", "app:2", other.substr(0, 12)}, archive.get());
  ::lseek(archive.get(), 0, SEEK_SET);

  Store copy(root_ + "/copy");
  auto loaded = load_image_archive(copy, archive.get(), "saved.tar");
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].id, id);
  EXPECT_EQ(loaded[0].tags, (std::vector<std::string>{"app:1", "app:2"}));
  EXPECT_EQ(loaded[1].id, other);
  EXPECT_TRUE(loaded[1].tags.empty());
  EXPECT_EQ(copy.config_blob(id), store().config_blob(id));
  EXPECT_EQ(read_file(copy.layer_tar(top)), read_file(store().layer_tar(top)));
  EXPECT_EQ(copy.must_find("app:2").defaults.cmd, std::vector<std::string>{"/app"});
  EXPECT_EQ(entries_in(path("copy/image/tmp")), std::vector<std::string>{});
}

// An OCI image layout with a gzip layer, built by hand as skopeo would write it.
class image_oci : public image_store {
 protected:
  std::string blob(std::map<std::string, std::string>& blobs, const std::string& bytes) {
    std::string digest = "sha256:" + sha256_hex(bytes);
    blobs["blobs/sha256/" + digest.substr(7)] = bytes;
    return digest;
  }
  std::string layout(const std::string& layer_tar, const std::string& diff_id,
                     bool break_digest = false) {
    std::map<std::string, std::string> blobs;
    std::string layer_digest = blob(blobs, layer_tar);
    if (break_digest) blobs["blobs/sha256/" + layer_digest.substr(7)] += "x";
    json config = {{"os", "linux"},
                   {"architecture", host_architecture()},
                   {"rootfs", {{"type", "layers"}, {"diff_ids", {diff_id}}}},
                   {"config", {{"Env", {"A=1"}}}}};
    std::string config_digest = blob(blobs, config.dump());
    json manifest = {
        {"schemaVersion", 2},
        {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
        {"config",
         {{"mediaType", "application/vnd.oci.image.config.v1+json"}, {"digest", config_digest}}},
        {"layers",
         {{{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"},
           {"digest", layer_digest}}}}};
    std::string manifest_digest = blob(blobs, manifest.dump());
    json index = {{"schemaVersion", 2},
                  {"manifests",
                   {{{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                     {"digest", manifest_digest},
                     {"annotations", {{"org.opencontainers.image.ref.name", "oci/img:v1"}}}}}}};
    std::vector<TarEntry> entries = {file("oci-layout", R"({"imageLayoutVersion":"1.0.0"})"),
                                     file("index.json", index.dump())};
    for (const auto& [name, bytes] : blobs) entries.push_back(file(name, bytes));
    return make_tar(entries);
  }
};

TEST_F(image_oci, LoadsAGzipLayout) {
  std::vector<TarEntry> entries = {file("hello", "world")};
  std::string diff_id = "sha256:" + sha256_hex(make_tar(entries));
  UniqueFd fd = memfd_with(layout(make_tar(entries, Compression::kGzip), diff_id));
  auto loaded = load_image_archive(store(), fd.get(), "oci.tar");
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].tags, std::vector<std::string>{"oci/img:v1"});
  auto img = store().must_find("oci/img:v1");
  EXPECT_EQ(img.diff_ids, std::vector<std::string>{diff_id});
  EXPECT_EQ(img.defaults.env, std::vector<std::string>{"A=1"});
}

TEST_F(image_oci, RefusesABlobThatDoesNotMatchItsDigest) {
  std::vector<TarEntry> entries = {file("hello", "world")};
  std::string diff_id = "sha256:" + sha256_hex(make_tar(entries));
  UniqueFd fd = memfd_with(layout(make_tar(entries, Compression::kGzip), diff_id, true));
  EXPECT_THROW(load_image_archive(store(), fd.get(), "oci.tar"), Error);
  EXPECT_TRUE(store().list().empty());
  EXPECT_EQ(entries_in(path("image/layers")), std::vector<std::string>{});
  EXPECT_EQ(entries_in(path("image/tmp")), std::vector<std::string>{});
}

TEST_F(image_store, LoadRefusesHostileArchives) {
  std::string l = make_tar({file("a", "a")});
  json config = new_image_config({"sha256:" + sha256_hex(l)}, "");
  // A manifest naming a layer outside the archive: resolved inside it, so simply missing.
  json manifest = json::array(
      {{{"Config", "c.json"}, {"RepoTags", {"x:1"}}, {"Layers", {"../../../../etc/passwd"}}}});
  UniqueFd fd =
      memfd_with(make_tar({file("c.json", config.dump()), file("manifest.json", manifest.dump())}));
  EXPECT_THROW(load_image_archive(store(), fd.get(), "evil.tar"), Error);
  // The outer tar itself with a ".." entry.
  UniqueFd fd2 = memfd_with(make_tar({file("../manifest.json", "[]")}));
  EXPECT_THROW(load_image_archive(store(), fd2.get(), "evil.tar"), Error);
  UniqueFd fd3 = memfd_with(make_tar({file("nothing", "")}));
  EXPECT_THROW(load_image_archive(store(), fd3.get(), "plain.tar"), Error);
  EXPECT_TRUE(store().list().empty());
  EXPECT_EQ(entries_in(path("image/tmp")), std::vector<std::string>{});
}

}  // namespace
}  // namespace berth::image

// Build cache keys are stable and sensitive to each input; entries round-trip; source digests
// follow content, modes and names but not times; metadata steps change the config like docker.
#include "image/build_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "image/build_context.hpp"
#include "image/build_state.hpp"
#include "image/image_config.hpp"

namespace berth::image {
namespace {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/berth-build-test.XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(BuildCacheKey, StableAndSensitive) {
  std::string k = cache_key("parent", "RUN echo hi", "");
  EXPECT_EQ(k.size(), 64u);
  EXPECT_EQ(k, cache_key("parent", "RUN echo hi", ""));
  EXPECT_NE(k, cache_key("parent2", "RUN echo hi", ""));
  EXPECT_NE(k, cache_key("parent", "RUN echo ho", ""));
  EXPECT_NE(k, cache_key("parent", "RUN echo hi", "x"));
  // Fields are length-prefixed: moving text between them changes the key.
  EXPECT_NE(cache_key("ab", "c", ""), cache_key("a", "bc", ""));
}

TEST(BuildCacheKey, PinnedValue) {
  // sha256("20:berth-build-cache-v1" "1:p" "3:RUN" "0:"): a change here invalidates every
  // user's cache and must be deliberate.
  EXPECT_EQ(cache_key("p", "RUN", ""), "f4f1a0612f9129a56e32ac29d2aa8a9dddfdc2373562ce47d21159ab578de6db");
}

TEST(BuildCache, EntriesRoundTrip) {
  TempDir t;
  BuildCache cache(t.path() + "/build-cache");
  EXPECT_FALSE(cache.lookup("k1"));
  nlohmann::json config = {{"config", {{"Env", {"A=1"}}}}, {"rootfs", {{"diff_ids", {"sha256:aa"}}}}};
  cache.store("k1", {config, "sha256:aa"});
  cache.store("k2", {config, ""});
  auto e = cache.lookup("k1");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->config, config);
  EXPECT_EQ(e->diff_id, "sha256:aa");
  EXPECT_EQ(cache.lookup("k2")->diff_id, "");
  write_file_atomic(t.path() + "/build-cache/k3.json", "{not json");
  EXPECT_FALSE(cache.lookup("k3"));
}

void put(const std::string& path, const std::string& data, unsigned mode = 0644) {
  write_file_atomic(path, data, mode);
}

TEST(BuildSourceDigest, ContentModesNamesNotTimes) {
  TempDir t;
  mkdir_all(t.path() + "/ctx/dir/sub");
  put(t.path() + "/ctx/a.txt", "alpha");
  put(t.path() + "/ctx/dir/sub/b.txt", "beta");
  SourceTree tree(t.path() + "/ctx");
  auto digest_of = [&](const std::string& pattern) { return tree.digest(tree.resolve(pattern)); };
  std::string a = digest_of("a.txt"), dir = digest_of("dir");
  EXPECT_EQ(a, digest_of("/a.txt"));
  EXPECT_NE(a, dir);
  timespec times[2] = {{1, 0}, {1, 0}};
  ::utimensat(AT_FDCWD, (t.path() + "/ctx/a.txt").c_str(), times, 0);
  EXPECT_EQ(a, digest_of("a.txt"));
  ::chmod((t.path() + "/ctx/a.txt").c_str(), 0600);
  EXPECT_NE(a, digest_of("a.txt"));
  put(t.path() + "/ctx/dir/sub/b.txt", "BETA");
  EXPECT_NE(dir, digest_of("dir"));
  put(t.path() + "/ctx/dir/sub/b.txt", "beta");
  EXPECT_EQ(dir, digest_of("dir"));
  ::symlink("a.txt", (t.path() + "/ctx/dir/link").c_str());
  EXPECT_NE(dir, digest_of("dir"));
}

TEST(BuildSources, WildcardsIgnoreAndEscapes) {
  TempDir t;
  mkdir_all(t.path() + "/ctx/src");
  put(t.path() + "/ctx/src/a.c", "a");
  put(t.path() + "/ctx/src/b.c", "b");
  put(t.path() + "/ctx/src/c.h", "c");
  put(t.path() + "/ctx/secret", "s");
  put(t.path() + "/ctx/.dockerignore", "secret\nsrc/b.c\n");
  ::symlink("/etc", (t.path() + "/ctx/escape").c_str());
  SourceTree tree = open_build_context(t.path() + "/ctx");
  auto srcs = tree.resolve("src/*.c");
  ASSERT_EQ(srcs.size(), 1u);
  EXPECT_EQ(srcs[0].name, "a.c");
  EXPECT_EQ(srcs[0].rel, "src/a.c");
  EXPECT_EQ(tree.resolve("*").size(), 3u);  // .dockerignore, escape, src (not secret)
  EXPECT_THROW(tree.resolve("secret"), Error);
  EXPECT_THROW(tree.resolve("*.none"), Error);
  EXPECT_THROW(tree.resolve("../x"), Error);
  // A symlink is followed inside the context: /etc here is the context's own (missing) etc.
  EXPECT_THROW(tree.resolve("escape/passwd"), Error);
  std::vector<std::string> seen;
  tree.walk(tree.resolve("src")[0], [&](const SourceEntry& e) { seen.push_back(e.rel); });
  EXPECT_EQ(seen, (std::vector<std::string>{"", "a.c", "c.h"}));
}

TEST(BuildMetadata, DockerConfigChanges) {
  StageState st;
  st.config = scratch_config();
  set_env(st.config, "PATH", "/bin");
  st.args = {{"V", "1.0"}};
  auto apply = [&](const std::string& line) {
    auto ins = parse_dockerfile(line).instructions.at(0);
    return apply_metadata(st, ins, st.config, '\\');
  };
  EXPECT_EQ(apply("ENV A=x B=$V"), "ENV A=x B=1.0");
  EXPECT_EQ(apply("ENV PATH /usr/bin:$PATH"), "ENV PATH=/usr/bin:/bin");
  EXPECT_EQ(apply("ENV A=y C=$A"), "ENV A=y C=x");  // the environment from before the line
  EXPECT_EQ(st.config["config"]["Env"], (nlohmann::json{"PATH=/usr/bin:/bin", "A=y", "B=1.0", "C=x"}));
  apply("LABEL version=\"$V\" \"other key\"=z");
  EXPECT_EQ(st.config["config"]["Labels"], (nlohmann::json{{"version", "1.0"}, {"other key", "z"}}));
  EXPECT_EQ(apply("EXPOSE 80 53/udp 8000-8001"), "EXPOSE 80/tcp 53/udp 8000/tcp 8001/tcp");
  EXPECT_EQ(st.config["config"]["ExposedPorts"].size(), 4u);
  apply("USER app:${V}");
  EXPECT_EQ(st.config["config"]["User"], "app:1.0");
  apply("CMD [\"sh\"]");
  apply("ENTRYPOINT /probe run");
  EXPECT_EQ(st.config["config"]["Entrypoint"], (nlohmann::json{"/bin/sh", "-c", "/probe run"}));
  EXPECT_EQ(st.config["config"]["Cmd"], nlohmann::json{"sh"});  // CMD of this stage is kept
  st.cmd_set = false;
  apply("ENTRYPOINT [\"/e\"]");
  EXPECT_FALSE(st.config["config"].contains("Cmd"));  // a base image's CMD is not
  apply("SHELL [\"/bin/bash\", \"-c\"]");
  apply("CMD echo hi");
  EXPECT_EQ(st.config["config"]["Cmd"], (nlohmann::json{"/bin/bash", "-c", "echo hi"}));
  apply("STOPSIGNAL SIGINT");
  EXPECT_EQ(st.config["config"]["StopSignal"], "SIGINT");
  EXPECT_THROW(apply("STOPSIGNAL SIGNOPE"), Error);
  apply("VOLUME /data");
  EXPECT_TRUE(st.config["config"]["Volumes"].contains("/data"));
  apply("HEALTHCHECK --interval=1m30s --retries=3 CMD curl -f http://x/");
  EXPECT_EQ(st.config["config"]["Healthcheck"]["Test"], (nlohmann::json{"CMD-SHELL", "curl -f http://x/"}));
  EXPECT_EQ(st.config["config"]["Healthcheck"]["Interval"], 90000000000LL);
  EXPECT_EQ(st.config["config"]["Healthcheck"]["Retries"], 3);
  apply("ONBUILD run echo");
  EXPECT_EQ(st.config["config"]["OnBuild"], nlohmann::json{"RUN echo"});
  EXPECT_THROW(apply("EXPOSE 70000"), Error);
}

TEST(BuildMetadata, CommitConfigAddsHistoryAndLayers) {
  auto c = commit_config(scratch_config(), "/bin/sh -c #(nop) COPY x", "sha256:ab");
  EXPECT_EQ(c["rootfs"]["diff_ids"], nlohmann::json{"sha256:ab"});
  EXPECT_EQ(c["history"].size(), 1u);
  EXPECT_FALSE(c["history"][0].contains("empty_layer"));
  c = commit_config(c, "/bin/sh -c #(nop)  ENV A=1", "");
  EXPECT_EQ(c["rootfs"]["diff_ids"].size(), 1u);
  EXPECT_EQ(c["history"][1]["empty_layer"], true);
  EXPECT_EQ(c["created"], c["history"][1]["created"]);
  EXPECT_EQ(c["architecture"], host_architecture());
  EXPECT_EQ(c["os"], "linux");
}

}  // namespace
}  // namespace berth::image

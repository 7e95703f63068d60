// The cache of compiled seccomp filters: a hit returns what is stored, anything doubtful is a
// miss that compiles and replaces the entry, and a cache that cannot be used changes nothing.
#include "runtime/seccomp_cache.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "image_test_util.hpp"
#include "runtime/container_state.hpp"

namespace berth::runtime {
namespace {

using image::testing::entries_in;
using ::testing::HasSubstr;

oci::Seccomp allow_list(std::vector<std::string> names) {
  oci::Seccomp s;
  s.default_action = "SCMP_ACT_ERRNO";
  s.architectures = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"};
  s.syscalls = {{std::move(names), "SCMP_ACT_ALLOW", std::nullopt, {}}};
  return s;
}

class SeccompCache : public image::testing::TempRoot {
 protected:
  std::string dir() const { return path("cache").string(); }
  // The one entry of the cache directory.
  std::string entry() const {
    auto names = entries_in(dir());
    EXPECT_EQ(names.size(), 1u);
    return names.empty() ? "" : dir() + "/" + names[0];
  }
};

TEST_F(SeccompCache, MissCompilesAndStoresThenAHitReadsTheEntry) {
  const oci::Seccomp profile = allow_list({"read", "write", "exit_group"});
  const CompiledSeccomp fresh = compile_seccomp(profile);
  EXPECT_EQ(cached_seccomp(profile, dir()), fresh);
  const std::string file = entry();
  EXPECT_THAT(file, ::testing::EndsWith(".bpf"));
  struct stat st;
  ASSERT_EQ(::stat(dir().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // The same entry with another program (same size, same key): a hit returns what is stored,
  // which proves it is read and not compiled again.
  std::string bytes = read_file(file);
  const size_t program_at = bytes.size() - (fresh.program.size() + fresh.enosys.size()) * sizeof(sock_filter);
  sock_filter changed = fresh.program[0];
  changed.k ^= 1;
  std::memcpy(bytes.data() + program_at, &changed, sizeof changed);
  write_file_atomic(file, bytes, 0600);
  CompiledSeccomp hit = cached_seccomp(profile, dir());
  EXPECT_EQ(hit.program[0].k, changed.k);
  EXPECT_EQ(hit.enosys.size(), fresh.enosys.size());
}

TEST_F(SeccompCache, AHitStillKnowsTheFilterNotifies) {
  oci::Seccomp profile = allow_list({"read", "write", "exit_group"});
  profile.listener_path = "/run/agent.sock";
  profile.syscalls.push_back({{"mkdir"}, "SCMP_ACT_NOTIFY", std::nullopt, {}});
  ASSERT_TRUE(compile_seccomp(profile).notifies());
  cached_seccomp(profile, dir());  // a miss: stored
  EXPECT_TRUE(cached_seccomp(profile, dir()).notifies());  // a hit
}

TEST_F(SeccompCache, ATruncatedEntryIsAMissAndIsReplaced) {
  const oci::Seccomp profile = allow_list({"read"});
  cached_seccomp(profile, dir());
  const std::string file = entry();
  const std::string bytes = read_file(file);
  write_file_atomic(file, bytes.substr(0, bytes.size() - 3), 0600);
  EXPECT_EQ(cached_seccomp(profile, dir()), compile_seccomp(profile));
  EXPECT_EQ(read_file(file), bytes);
}

TEST_F(SeccompCache, AnEntryHoldingAnotherKeyIsNotUsed) {
  // As if two keys hashed to one name: the stored key decides, not the file name.
  const oci::Seccomp mine = allow_list({"read"});
  const oci::Seccomp other = allow_list({"read", "write"});
  cached_seccomp(other, dir());
  const std::string other_bytes = read_file(entry());
  std::filesystem::remove_all(dir());
  cached_seccomp(mine, dir());
  write_file_atomic(entry(), other_bytes, 0600);
  EXPECT_EQ(cached_seccomp(mine, dir()), compile_seccomp(mine));
}

TEST_F(SeccompCache, EachProfileHasItsOwnEntry) {
  cached_seccomp(allow_list({"read"}), dir());
  cached_seccomp(allow_list({"read", "write"}), dir());
  oci::Seccomp with_errno = allow_list({"read"});
  with_errno.default_errno_ret = 38;
  cached_seccomp(with_errno, dir());
  EXPECT_EQ(entries_in(dir()).size(), 3u);
}

TEST_F(SeccompCache, TheKeyNamesWhatTheBpfDependsOn) {
  const std::string key = seccomp_cache_key(allow_list({"read"}));
  EXPECT_THAT(key, HasSubstr("libseccomp "));
  EXPECT_THAT(key, HasSubstr(" api "));
  EXPECT_THAT(key, HasSubstr("SCMP_ARCH_X86"));
  oci::Seccomp with_arg = allow_list({"read"});
  with_arg.syscalls[0].args = {{0, 1, 0, "SCMP_CMP_EQ"}};
  EXPECT_NE(seccomp_cache_key(with_arg), key);
  oci::Seccomp with_flag = allow_list({"read"});
  with_flag.flags = {"SECCOMP_FILTER_FLAG_LOG"};
  EXPECT_NE(seccomp_cache_key(with_flag), key);
  EXPECT_EQ(seccomp_cache_key(allow_list({"read"})), key);
}

TEST_F(SeccompCache, ADirectoryOpenToOthersIsNotUsed) {
  std::filesystem::create_directories(dir());
  ASSERT_EQ(::chmod(dir().c_str(), 0777), 0);
  const oci::Seccomp profile = allow_list({"read"});
  EXPECT_EQ(cached_seccomp(profile, dir()), compile_seccomp(profile));
  EXPECT_TRUE(entries_in(dir()).empty());
}

TEST_F(SeccompCache, AnEntryWritableByOthersIsNotUsed) {
  const oci::Seccomp profile = allow_list({"read"});
  cached_seccomp(profile, dir());
  const std::string file = entry();
  std::string bytes = read_file(file);
  bytes[bytes.size() - 1] ^= 1;  // a change that would show if the entry were used
  write_file_atomic(file, bytes, 0666);
  ASSERT_EQ(::chmod(file.c_str(), 0666), 0);
  EXPECT_EQ(cached_seccomp(profile, dir()), compile_seccomp(profile));
}

TEST_F(SeccompCache, ABadProfileThrowsAndStoresNothing) {
  oci::Seccomp bad = allow_list({"read"});
  bad.syscalls[0].action = "SCMP_ACT_FOO";
  try {
    cached_seccomp(bad, dir());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("syscalls[0].action: unknown action \"SCMP_ACT_FOO\""));
  }
  EXPECT_TRUE(entries_in(dir()).empty());
}

TEST_F(SeccompCache, TempFilesOfDeadWritersAreSweptOnAMiss) {
  std::filesystem::create_directories(dir());
  ::chmod(dir().c_str(), 0700);
  // pid_max is at most 2^22: this pid cannot exist.
  write_file_atomic(dir() + "/.tmp-2147483000-1f", "half", 0600);
  const std::string live = fmt::format("{}/.tmp-{}-2f", dir(), ::getpid());
  write_file_atomic(live, "in progress", 0600);
  cached_seccomp(allow_list({"read"}), dir());
  EXPECT_FALSE(path_exists(dir() + "/.tmp-2147483000-1f"));
  EXPECT_TRUE(path_exists(live));
}

TEST_F(SeccompCache, ContainerListingSkipsTheCache) {
  StateStore store(root_);
  cached_seccomp(allow_list({"read"}), seccomp_cache_dir(root_));
  store.reserve("c1");
  EXPECT_EQ(store.list(), std::vector<std::string>{"c1"});
}

}  // namespace
}  // namespace berth::runtime

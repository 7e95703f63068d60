// Container records: names and their index, lookup by name / id / prefix, docker's errors,
// removal order.
#include "engine/container_store.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/process_lock.hpp"
#include "engine/container_names.hpp"
#include "engine/container_remove.hpp"
#include "engine/ipc_setup.hpp"
#include "engine/restricted_name.hpp"
#include "runtime/process_info.hpp"

namespace berth::engine {
namespace {

struct TempStore {
  std::string root;
  ContainerStore store;
  static std::string make() {
    char tmpl[] = "/tmp/berth-store-test.XXXXXX";
    return ::mkdtemp(tmpl);
  }
  TempStore() : root(make()), store(Paths{root, root + "/run", "/berth"}) {}
  ~TempStore() { std::filesystem::remove_all(root); }
  ContainerRecord add(const std::string& id, const std::string& name, const std::string& created = "2026") {
    ContainerRecord r;
    r.id = id;
    r.name = name;
    r.created = created;
    store.add(r);
    return r;
  }
};

TEST(ContainerStore, FindsByIdNamePrefix) {
  TempStore t;
  t.add(std::string(64, 'a'), "producer");
  t.add("ab" + std::string(62, 'c'), "consumer");
  EXPECT_EQ(t.store.find("producer")->id, std::string(64, 'a'));
  EXPECT_EQ(t.store.find("/consumer")->name, "consumer");
  EXPECT_EQ(t.store.find("abc")->name, "consumer");
  EXPECT_THROW(t.store.find("a"), Error);  // ambiguous prefix
  try {
    t.store.resolve("ghost");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "No such container: ghost");
  }
}

TEST(ContainerStore, NameConflictUsesDockersMessage) {
  TempStore t;
  t.add(std::string(64, 'a'), "x");
  try {
    t.store.check_name_free("x");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("Conflict. The container name \"/x\" is already in use by container"),
              std::string::npos);
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
  }
  EXPECT_NO_THROW(t.store.check_name_free("y"));
}

TEST(ContainerStore, NamesAreValidated) {
  EXPECT_NO_THROW(validate_container_name("ch6_ipc_producer"));
  EXPECT_THROW(validate_container_name("-bad"), Error);
  EXPECT_THROW(validate_container_name("a"), Error);
  EXPECT_THROW(validate_container_name("sp ace"), Error);
  EXPECT_NO_THROW(validate_container_name("/a.b-c_9"));  // docker accepts the leading '/'
  EXPECT_THROW(validate_container_name("//ab"), Error);
  EXPECT_THROW(validate_container_name("ab/c"), Error);
}

// Docker's [a-zA-Z0-9][a-zA-Z0-9_.-]+, for container and volume names.
TEST(ContainerStore, RestrictedNamesFollowDockersPattern) {
  for (const char* ok : {"ab", "A1", "9z", "a.b_c-d", "a--", "x.."}) EXPECT_TRUE(is_restricted_name(ok)) << ok;
  for (const char* bad : {"", "a", ".a", "_a", "-a", "a b", "a/b", "a:b", "a@", "\xc3\xa9t\xc3\xa9"})
    EXPECT_FALSE(is_restricted_name(bad)) << bad;
}

TEST(ContainerStore, IdsAre64Hex) {
  std::string id = new_container_id();
  EXPECT_EQ(id.size(), 64u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(id, new_container_id());
}

// What an add or a remove killed half-way leaves: a hidden directory, never listed, swept by the
// next add or remove (both run under the store lock, so such a directory's maker is dead).
TEST(ContainerStore, HalfAddedAndHalfRemovedDirectoriesAreNeverListedAndAreSwept) {
  TempStore t;
  std::string containers = t.root + "/containers";
  mkdir_all(containers + "/.new-" + std::string(64, 'b'), 0700);
  write_file_atomic(containers + "/.new-" + std::string(64, 'b') + "/container.json", R"({"Id":"x","Name":"/half"})");
  mkdir_all(containers + "/.gone-" + std::string(64, 'c') + "/upper/etc", 0700);
  EXPECT_TRUE(t.store.list().empty());
  EXPECT_FALSE(t.store.find("half"));
  t.add(std::string(64, 'a'), "whole");
  EXPECT_EQ(t.store.list().size(), 1u);
  EXPECT_FALSE(path_exists(containers + "/.new-" + std::string(64, 'b')));
  EXPECT_FALSE(path_exists(containers + "/.gone-" + std::string(64, 'c')));
}

TEST(ContainerStore, RemoveTakesTheRecordAndItsDirectory) {
  TempStore t;
  auto r = t.add(std::string(64, 'a'), "x");
  mkdir_all(t.root + "/containers/" + r.id + "/upper/etc", 0755);
  t.store.remove(r.id);
  EXPECT_FALSE(t.store.find("x"));
  // Only the name index is left, with no entry but its boot mark.
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::recursive_directory_iterator(t.root + "/containers"))
    left.push_back(e.path().lexically_relative(t.root + "/containers").string());
  EXPECT_EQ(left, (std::vector<std::string>{".names", ".names/.boot_id"}));
  EXPECT_NO_THROW(t.store.remove(r.id));  // a second rm after a crash finds nothing to do
}

TEST(IpcGroups, AGroupIsUnusedOnlyWhenNoOtherRecordIsInIt) {
  TempStore t;
  const std::string donor(64, 'd'), joiner(64, 'e'), other(64, 'f');
  auto in_group = [&](const std::string& id, const std::string& name, const std::string& group) {
    ContainerRecord r;
    r.id = id;
    r.name = name;
    r.ipc_group = group;
    t.store.add(r);
  };
  in_group(donor, "donor", donor);
  in_group(joiner, "joiner", donor);
  in_group(other, "other", other);
  EXPECT_FALSE(ipc_group_unused(t.store, donor, donor));   // the joiner still uses it
  EXPECT_FALSE(ipc_group_unused(t.store, donor, joiner));  // the donor still uses it
  EXPECT_TRUE(ipc_group_unused(t.store, other, other));
  EXPECT_FALSE(ipc_group_unused(t.store, "", other));      // no group: nothing to release
  // A record that merely mentions the group's id elsewhere (here, as its name) is not a member.
  in_group(std::string(64, '1'), donor, other);
  t.store.remove(joiner);
  EXPECT_TRUE(ipc_group_unused(t.store, donor, donor));
}

// A group's own record lists the containers created into it: assign_ipc_group adds a joiner
// (before the joiner's record exists), forget_ipc_joiner takes it off, and ipc_group_unused
// reads only the listed records, skipping entries whose record is gone.
TEST(IpcGroups, TheOwnersListOfJoinersIsKeptAndRead) {
  TempStore t;
  ContainerRecord donor;
  donor.id = std::string(64, 'd');
  donor.name = "donor";
  donor.host_config.ipc_mode = "shareable";
  donor.state.status = "running";  // alive: this test process stands in for its init
  donor.state.pid = ::getpid();
  donor.state.pid_start_time = runtime::process_start_time(::getpid()).value_or(0);
  assign_ipc_group(t.store, donor);
  EXPECT_EQ(donor.ipc_group, donor.id);
  EXPECT_TRUE(donor.ipc_joiners_known);
  t.store.add(donor);
  auto join = [&](char c) {
    ContainerRecord r;
    r.id = std::string(64, c);
    r.name = std::string("joiner-") + c;
    r.host_config.ipc_mode = "container:donor";
    assign_ipc_group(t.store, r);
    t.store.add(r);
    return r;
  };
  ContainerRecord a = join('a'), b = join('b');
  EXPECT_EQ(t.store.load(donor.id)->ipc_joiners, (std::vector<std::string>{a.id, b.id}));
  EXPECT_FALSE(ipc_group_unused(t.store, donor.id, donor.id));  // a and b are in it
  EXPECT_FALSE(ipc_group_unused(t.store, donor.id, a.id));      // the donor is in it
  t.store.remove(a.id);
  forget_ipc_joiner(t.store, a);
  EXPECT_EQ(t.store.load(donor.id)->ipc_joiners, (std::vector<std::string>{b.id}));
  t.store.remove(b.id);  // removed without forget (a crash between): a stale entry, skipped
  EXPECT_TRUE(ipc_group_unused(t.store, donor.id, donor.id));
  // Only the list is read: a record in the group that it does not name is not seen. Every
  // record created into the group is listed first, so none can be missing.
  ContainerRecord unlisted;
  unlisted.id = std::string(64, 'c');
  unlisted.name = "unlisted";
  unlisted.ipc_group = donor.id;
  t.store.add(unlisted);
  EXPECT_TRUE(ipc_group_unused(t.store, donor.id, donor.id));
  // Without its owner's record the group's remaining members are found by reading every record.
  t.store.remove(donor.id);
  EXPECT_FALSE(ipc_group_unused(t.store, donor.id, std::string(64, '9')));
  EXPECT_TRUE(ipc_group_unused(t.store, donor.id, unlisted.id));
}

TEST(ContainerNames, AnIndexEntryIsAHintCheckedAgainstTheRecord) {
  TempStore t;
  t.add(std::string(64, 'a'), "web");
  const Paths& p = t.store.paths();
  EXPECT_TRUE(name_index_complete(p));
  EXPECT_EQ(indexed_id(p, "web"), std::string(64, 'a'));
  // A crash between an entry and its record leaves an entry that names no record: not taken.
  index_name(p, "ghost", std::string(64, 'f'));
  EXPECT_FALSE(t.store.find("ghost"));
  EXPECT_NO_THROW(t.store.check_name_free("ghost"));
  t.add(std::string(64, 'b'), "ghost");  // the name is taken over
  EXPECT_EQ(t.store.find("ghost")->id, std::string(64, 'b'));
  // An entry whose record has another name now (a crash mid-rename) is not that name's owner.
  index_name(p, "old", std::string(64, 'a'));
  EXPECT_FALSE(t.store.find("old"));
}

TEST(ContainerNames, RenameMovesTheNameAndRemoveFreesIt) {
  TempStore t;
  auto r = t.add(std::string(64, 'a'), "first");
  t.store.rename(r, "second");
  EXPECT_FALSE(t.store.find("first"));
  EXPECT_FALSE(indexed_id(t.store.paths(), "first"));
  EXPECT_EQ(t.store.find("second")->id, r.id);
  EXPECT_THROW(t.store.check_name_free("second"), Error);
  EXPECT_NO_THROW(t.store.check_name_free("first"));
  t.store.remove(r.id);
  EXPECT_FALSE(indexed_id(t.store.paths(), "second"));
  EXPECT_NO_THROW(t.store.check_name_free("second"));
}

TEST(ContainerNames, AMissingOrOldIndexMeansAScanThenARebuildUnderTheLock) {
  TempStore t;
  t.add(std::string(64, 'a'), "kept");
  const Paths& p = t.store.paths();
  // A root from before the index (or one whose index a crash lost): names are still found.
  std::filesystem::remove_all(p.container_names());
  EXPECT_FALSE(name_index_complete(p));
  EXPECT_EQ(t.store.find("kept")->id, std::string(64, 'a'));
  EXPECT_THROW(t.store.check_name_free("kept"), Error);  // and this rebuilt it
  EXPECT_TRUE(name_index_complete(p));
  EXPECT_EQ(indexed_id(p, "kept"), std::string(64, 'a'));
  // An index of another boot may miss entries a power cut lost: it is rebuilt too.
  std::filesystem::remove(p.container_names() + "/kept");
  write_file_atomic(p.container_names() + "/.boot_id", "another boot\n");
  EXPECT_FALSE(name_index_complete(p));
  EXPECT_EQ(t.store.find("kept")->id, std::string(64, 'a'));
  t.add(std::string(64, 'b'), "other");
  EXPECT_EQ(indexed_id(p, "kept"), std::string(64, 'a'));
}

TEST(ContainerNames, ReferencesThatAreNotNamesOrIdsFindNothing) {
  TempStore t;
  t.add(std::string(64, 'a'), "web");
  EXPECT_FALSE(t.store.find(".names"));
  EXPECT_FALSE(t.store.find("../containers"));
  EXPECT_FALSE(t.store.find(".lock"));
  EXPECT_EQ(t.store.find(std::string(64, 'a'))->name, "web");
}

TEST(ContainerStore, StartLockIsPerContainerAndAbsentOnceRemoved) {
  TempStore t;
  auto r = t.add(std::string(64, 'a'), "x");
  auto lock = t.store.start_lock(r.id);
  ASSERT_TRUE(lock);
  t.store.remove(r.id);
  EXPECT_FALSE(t.store.start_lock(r.id));
}

// Whether another process could take the lock on `path` now (a forked checker tries).
bool free_for_others(const std::string& path) {
  pid_t checker = ::fork();
  if (checker == 0) ::_exit(ProcessLock::try_acquire(path) ? 0 : 1);
  int status = 0;
  ::waitpid(checker, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// A container init cloned from the monitor keeps the monitor's fds until it execs (and, after a
// killed monitor, for as long as it waits to be started): it must not keep the start lock too.
TEST(ProcessLock, AChildDoesNotInheritItAndItEndsWithItsTaker) {
  TempStore t;
  std::string path = t.root + "/start.lock";
  auto lock = ProcessLock::acquire(path);
  ASSERT_TRUE(lock);
  EXPECT_FALSE(free_for_others(path));
  pid_t inheritor = ::fork();
  if (inheritor == 0) {
    ::pause();
    ::_exit(0);
  }
  lock.reset();
  EXPECT_TRUE(free_for_others(path));
  ::kill(inheritor, SIGKILL);
  ::waitpid(inheritor, nullptr, 0);
  EXPECT_FALSE(ProcessLock::acquire(t.root + "/gone/start.lock"));
}

TEST(ContainerStore, JoinersAreRemovedBeforeTheirDonor) {
  ContainerRecord donor, joiner, lone;
  donor.id = "d";
  donor.ipc_group = "d";
  joiner.id = "j";
  joiner.ipc_group = "d";
  lone.id = "l";
  auto waves = removal_waves({donor, joiner, lone});
  ASSERT_EQ(waves.size(), 2u);
  ASSERT_EQ(waves[0].size(), 2u);
  EXPECT_EQ(waves[0][0].id, "j");
  EXPECT_EQ(waves[0][1].id, "l");
  ASSERT_EQ(waves[1].size(), 1u);
  EXPECT_EQ(waves[1][0].id, "d");
}

TEST(ContainerStore, ContainersWithoutDonorsAreOneWave) {
  ContainerRecord a, b;
  a.id = "a";
  b.id = "b";
  b.ipc_group = "x";  // a joiner of a donor not being removed
  auto waves = removal_waves({a, b});
  ASSERT_EQ(waves.size(), 1u);
  EXPECT_EQ(waves[0].size(), 2u);
  EXPECT_TRUE(removal_waves({}).empty());
}

}  // namespace
}  // namespace berth::engine

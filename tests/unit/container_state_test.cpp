// The state store: ids reserved once, records round-trip, status derived from the process.
#include "runtime/container_state.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::runtime {
namespace {

namespace fs = std::filesystem;

class StateStoreTest : public ::testing::Test {
 protected:
  void TearDown() override { fs::remove_all(root_); }
  std::string root_ = (fs::temp_directory_path() / ("berth-state-" + std::to_string(::getpid()))).string();
  StateStore store_{root_};
};

TEST_F(StateStoreTest, AnIdIsReservedOnce) {
  store_.reserve("abc");
  try {
    store_.reserve("abc");
    FAIL() << "expected a conflict";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "container with id exists: abc");
  }
}

TEST_F(StateStoreTest, InvalidIdsAreRefused) {
  for (const char* id : {"", "../x", "a/b", ".hidden", "-x", "a b"}) EXPECT_THROW(store_.reserve(id), Error) << id;
}

TEST_F(StateStoreTest, ReservedWithoutRecordIsCreating) {
  store_.reserve("c1");
  auto r = store_.load("c1");
  ASSERT_TRUE(r);
  EXPECT_EQ(store_.status(*r), "creating");
}

TEST_F(StateStoreTest, RecordRoundTripsAndStatusFollowsTheProcess) {
  store_.reserve("c2");
  ContainerRecord r;
  r.id = "c2";
  r.bundle = "/b";
  r.pid = ::getpid();
  r.pid_start_time = 1;  // not our start time: a reused pid must read as stopped
  r.annotations = {{"k", "v"}};
  store_.save(r);
  auto back = store_.must_load("c2");
  EXPECT_EQ(back.bundle, "/b");
  EXPECT_EQ(back.annotations.at("k"), "v");
  EXPECT_EQ(store_.status(back), "stopped");
  EXPECT_EQ(store_.list(), std::vector<std::string>{"c2"});
  store_.remove("c2");
  EXPECT_FALSE(store_.load("c2"));
  EXPECT_THROW(store_.must_load("c2"), Error);
}

TEST_F(StateStoreTest, WhichPostHooksExistRoundTripsAndOlderRecordsSayYes) {
  store_.reserve("c3");
  ContainerRecord r;
  r.id = "c3";
  r.has_poststart_hooks = false;
  r.has_poststop_hooks = true;
  store_.save(r);
  auto back = store_.must_load("c3");
  EXPECT_FALSE(back.has_poststart_hooks);
  EXPECT_TRUE(back.has_poststop_hooks);
  // A record written before the fields existed: the config must be read to find out.
  {
    std::FILE* f = std::fopen((store_.dir("c3") + "/state.json").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(R"({"id":"c3","bundle":"/b","pid":0})", f);
    std::fclose(f);
  }
  back = store_.must_load("c3");
  EXPECT_TRUE(back.has_poststart_hooks);
  EXPECT_TRUE(back.has_poststop_hooks);
}

}  // namespace
}  // namespace berth::runtime

// Container records: names, lookup by name / id / prefix, docker's errors, removal order.
#include "engine/container_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/error.hpp"
#include "engine/container_remove.hpp"

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
    store.save(r);
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
}

TEST(ContainerStore, IdsAre64Hex) {
  std::string id = new_container_id();
  EXPECT_EQ(id.size(), 64u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(id, new_container_id());
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

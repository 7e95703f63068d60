// The namespace plan: types checked against the namespace file, join order, unsupported mixes.
#include "runtime/namespaces.hpp"

#include <sched.h>

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::runtime {
namespace {

oci::Spec spec_with(std::vector<oci::Namespace> namespaces) {
  oci::Spec s;
  s.linux_ = oci::Linux{};
  s.linux_->namespaces = std::move(namespaces);
  return s;
}

TEST(NamespacePlan, NewAndJoinedInJoinOrder) {
  auto plan = plan_namespaces(spec_with({{"mount", "/proc/self/ns/mnt"}, {"pid", ""}, {"ipc", "/proc/self/ns/ipc"}}));
  EXPECT_TRUE(plan.creates(CLONE_NEWPID));
  ASSERT_EQ(plan.joins.size(), 2u);
  EXPECT_EQ(plan.joins[0].flag, CLONE_NEWIPC);  // mount is joined last: paths change after it
  EXPECT_EQ(plan.joins[1].flag, CLONE_NEWNS);
}

TEST(NamespacePlan, AFileOfTheWrongTypeIsRefusedByName) {
  try {
    plan_namespaces(spec_with({{"network", "/proc/self/ns/ipc"}}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("linux.namespaces[0].path"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("is not a network namespace"), std::string::npos) << e.what();
  }
}

TEST(NamespacePlan, AMissingFileIsRefused) {
  EXPECT_THROW(plan_namespaces(spec_with({{"ipc", "/no/such/ns"}})), Error);
}

TEST(NamespacePlan, WithANewUserNamespaceTheRuntimeJoinsTheOthersBeforeClone) {
  NamespacePlan plan = plan_namespaces(
      spec_with({{"user", ""}, {"network", "/proc/self/ns/net"}, {"ipc", "/proc/self/ns/ipc"}, {"pid", ""}}));
  EXPECT_TRUE(plan.creates(CLONE_NEWUSER));
  EXPECT_TRUE(plan.joined_before_clone(CLONE_NEWNET));
  EXPECT_TRUE(plan.joined_before_clone(CLONE_NEWIPC));
  EXPECT_FALSE(plan.joined_before_clone(CLONE_NEWUSER));
}

TEST(NamespacePlan, WithoutANewUserNamespaceTheInitJoinsAllButPidAndTime) {
  NamespacePlan plan = plan_namespaces(spec_with({{"network", "/proc/self/ns/net"}}));
  EXPECT_FALSE(plan.joined_before_clone(CLONE_NEWNET));
  EXPECT_FALSE(plan.joined_before_clone(CLONE_NEWNS));
  EXPECT_TRUE(plan.joined_before_clone(CLONE_NEWPID));
  EXPECT_TRUE(plan.joined_before_clone(CLONE_NEWTIME));
}

TEST(NamespacePlan, AJoinedMountNamespaceWithANewUserNamespaceIsRefusedByPath) {
  try {
    plan_namespaces(spec_with({{"user", ""}, {"mount", "/proc/self/ns/mnt"}}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/proc/self/ns/mnt"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("new user namespace"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace berth::runtime

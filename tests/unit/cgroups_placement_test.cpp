// The v1 tasks files as they travel to a new container's init (placement.hpp): paths one a
// line, fds in the same order, and a count mismatch refused.
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/error.hpp"
#include "runtime/cgroups/placement.hpp"

namespace berth::cgroups {
namespace {

UniqueFd open_null() { return UniqueFd(::open("/dev/null", O_WRONLY | O_CLOEXEC)); }

TEST(Placement, TasksFilesRoundTripThroughTextAndFds) {
  Placement sent;
  sent.tasks_files.push_back({open_null(), "/sys/fs/cgroup/cpu/berth/x/tasks"});
  sent.tasks_files.push_back({open_null(), "/sys/fs/cgroup/memory/berth/x/tasks"});
  std::string text = tasks_paths_text(sent);
  std::vector<int> fds = tasks_fds(sent);
  ASSERT_EQ(fds.size(), 2u);
  EXPECT_EQ(fds[0], sent.tasks_files[0].fd.get());

  std::vector<UniqueFd> received;
  for (int fd : fds) received.emplace_back(::dup(fd));
  Placement got = placement_from(text, std::move(received));
  ASSERT_EQ(got.tasks_files.size(), 2u);
  EXPECT_EQ(got.tasks_files[0].path, "/sys/fs/cgroup/cpu/berth/x/tasks");
  EXPECT_EQ(got.tasks_files[1].path, "/sys/fs/cgroup/memory/berth/x/tasks");
  EXPECT_TRUE(got.tasks_files[1].fd);
}

TEST(Placement, NothingToSendOnV2) {
  Placement v2;
  EXPECT_EQ(tasks_paths_text(v2), "");
  EXPECT_TRUE(tasks_fds(v2).empty());
  EXPECT_TRUE(placement_from("", {}).tasks_files.empty());
}

TEST(Placement, MoreNamesThanFdsIsAnError) {
  std::vector<UniqueFd> one;
  one.push_back(open_null());
  try {
    placement_from("/a/tasks\n/b/tasks\n", std::move(one));
    FAIL() << "accepted two names for one fd";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("2 tasks files named but 1 received"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace berth::cgroups

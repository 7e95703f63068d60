// The runtime <-> init sync channel: messages with fds, and an init's error reaching the runtime
// even when the init exits with a message of the runtime's unread.
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/error.hpp"
#include "runtime/sync_channel.hpp"

namespace berth::runtime {
namespace {

TEST(SyncChannel, AMessageCarriesTextAndFds) {
  auto [parent, child] = SyncChannel::make_pair();
  UniqueFd null(::open("/dev/null", O_WRONLY | O_CLOEXEC));
  int fds[] = {null.get(), null.get()};
  parent.send(MessageType::kCgroupReady, "/a/tasks\n/b/tasks\n", fds);
  Message m = child.expect(MessageType::kCgroupReady);
  EXPECT_EQ(m.text, "/a/tasks\n/b/tasks\n");
  EXPECT_EQ(m.fds.size(), 2u);
}

TEST(SyncChannel, TheInitsErrorArrivesThoughItExitedWithAMessageUnread) {
  auto [parent, child] = SyncChannel::make_pair();
  // The runtime sends while the init fails: the init never reads it, reports, and exits.
  parent.send(MessageType::kCgroupReady, "", {});
  child.send_error(Error("mounts[0]: mount no-such-filesystem /badfs: ENODEV"));
  child.close();  // unread data in its queue: the kernel sets ECONNRESET on the runtime's end
  try {
    parent.expect(MessageType::kReady);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("mounts[0]"), std::string::npos) << e.what();
  }
}

TEST(SyncChannel, AnInitGoneWithoutAWordIsReportedAsExited) {
  auto [parent, child] = SyncChannel::make_pair();
  parent.send(MessageType::kCgroupReady, "", {});
  child.close();
  try {
    parent.expect(MessageType::kReady);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("exited during setup"), std::string::npos) << e.what();
  }
  // And sending to it is not an error: the next expect says what happened.
  EXPECT_NO_THROW(parent.send(MessageType::kGo));
}

}  // namespace
}  // namespace berth::runtime

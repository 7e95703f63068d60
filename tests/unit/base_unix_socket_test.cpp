// send_with_fds / receive_with_fds: data and fds in one message, close-on-exec on arrival, and a
// message with more fds than the receiver takes refused whole.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/unix_socket.hpp"

namespace berth {
namespace {

struct SocketPair {
  UniqueFd a, b;
  SocketPair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), 0);
    a.reset(fds[0]);
    b.reset(fds[1]);
  }
};

struct Pipe {
  UniqueFd read, write;
  Pipe() {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    read.reset(fds[0]);
    write.reset(fds[1]);
  }
};

TEST(UnixSocket, DataAndSeveralFdsArriveTogetherInOrder) {
  SocketPair s;
  std::vector<Pipe> pipes(3);
  std::vector<int> ends;
  for (auto& p : pipes) ends.push_back(p.write.get());
  ASSERT_EQ(send_with_fds(s.a.get(), "hello", ends), 5);

  std::string data;
  std::vector<UniqueFd> fds;
  ASSERT_EQ(receive_with_fds(s.b.get(), data, fds, 100), 5);
  EXPECT_EQ(data, "hello");
  ASSERT_EQ(fds.size(), 3u);
  for (size_t i = 0; i < fds.size(); ++i) {
    EXPECT_NE(::fcntl(fds[i].get(), F_GETFD) & FD_CLOEXEC, 0) << "fd " << i << " is not close-on-exec";
    char c = static_cast<char>('0' + i);
    ASSERT_EQ(::write(fds[i].get(), &c, 1), 1);  // the received fd is the pipe's write end
    char got = 0;
    ASSERT_EQ(::read(pipes[i].read.get(), &got, 1), 1);
    EXPECT_EQ(got, c);
  }
}

TEST(UnixSocket, NoFdsIsAPlainMessageAndEofIsZero) {
  SocketPair s;
  ASSERT_EQ(send_with_fds(s.a.get(), "x", {}), 1);
  std::string data;
  std::vector<UniqueFd> fds;
  ASSERT_EQ(receive_with_fds(s.b.get(), data, fds, 100), 1);
  EXPECT_EQ(data, "x");
  EXPECT_TRUE(fds.empty());
  s.a.reset();
  EXPECT_EQ(receive_with_fds(s.b.get(), data, fds, 100), 0);
  EXPECT_TRUE(data.empty());
}

TEST(UnixSocket, MoreFdsThanTheReceiverTakesFailsWithEmsgsizeAndLeavesNoneOpen) {
  SocketPair s;
  Pipe p;
  std::vector<int> many(70, p.write.get());
  ASSERT_EQ(send_with_fds(s.a.get(), "m", many), 1);
  std::string data;
  std::vector<UniqueFd> fds;
  errno = 0;
  EXPECT_EQ(receive_with_fds(s.b.get(), data, fds, 100), -1);
  EXPECT_EQ(errno, EMSGSIZE);
  EXPECT_TRUE(fds.empty());
  // Every copy that did arrive was closed: the pipe's only writer left is ours.
  p.write.reset();
  char c;
  EXPECT_EQ(::read(p.read.get(), &c, 1), 0);
}

TEST(UnixSocket, SendingToAClosedPeerFailsWithEpipeAndNoSignal) {
  SocketPair s;
  s.b.reset();
  errno = 0;
  EXPECT_EQ(send_with_fds(s.a.get(), "x", {}), -1);
  EXPECT_EQ(errno, EPIPE);
}

}  // namespace
}  // namespace berth

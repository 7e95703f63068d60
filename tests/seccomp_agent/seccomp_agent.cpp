// berth-seccomp-agent SOCKET OUT_DIR: a seccomp agent for the end-to-end tests of
// linux.seccomp.listenerPath. It listens on SOCKET (AF_UNIX, SOCK_STREAM); for each connection
// it saves the container process state the runtime sends to OUT_DIR/state.N (N = 1, 2, ...)
// and takes the listener fd that comes with it. Then it answers every intercepted syscall:
// mkdir and mkdirat fail with EDQUOT (an errno nothing else in a test produces), anything else
// continues as if not intercepted. Runs until killed.
#include <linux/seccomp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "berth-seccomp-agent: %s: %s\n", what, std::strerror(errno));
  std::exit(1);
}

int listen_on(const char* path) {
  int s = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (s < 0) die("socket");
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
  ::unlink(path);
  if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) die("bind");
  if (::listen(s, 8) != 0) die("listen");
  return s;
}

// Reads the message that carries the fd: runtimes send the state and the fd in one sendmsg, and
// not every one closes the connection at once (runc keeps it until its init goes on).
int receive_state(int conn, std::string& state) {
  int fd = -1;
  for (;;) {
    char buf[4096];
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    iovec iov{buf, sizeof buf};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = ::recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    state.append(buf, static_cast<size_t>(n));
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
    if (fd >= 0) break;
  }
  return fd;
}

void save(const std::string& dir, int n, const std::string& text) {
  std::string path = dir + "/state." + std::to_string(n);
  std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) die("open state file");
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  if (::rename(tmp.c_str(), path.c_str()) != 0) die("rename state file");
}

// One notification: EDQUOT for mkdir/mkdirat, "continue" for the rest. False when the fd is done.
bool answer(int notify_fd) {
  seccomp_notif req{};
  if (::ioctl(notify_fd, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) return errno == EINTR || errno == ENOENT;
  seccomp_notif_resp resp{};
  resp.id = req.id;
  if (req.data.nr == SYS_mkdir || req.data.nr == SYS_mkdirat) {
    resp.error = -EDQUOT;
  } else {
    resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  }
  // ENOENT: the process died (or the syscall was interrupted) meanwhile.
  if (::ioctl(notify_fd, SECCOMP_IOCTL_NOTIF_SEND, &resp) != 0 && errno != ENOENT) die("notif send");
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: berth-seccomp-agent SOCKET OUT_DIR\n");
    return 2;
  }
  const std::string out_dir = argv[2];
  int listener = listen_on(argv[1]);
  std::vector<pollfd> fds{{listener, POLLIN, 0}};
  int connections = 0;
  for (;;) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    if (fds[0].revents & POLLIN) {
      int conn = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
      if (conn < 0) die("accept");
      std::string state;
      int notify_fd = receive_state(conn, state);
      ::close(conn);
      save(out_dir, ++connections, notify_fd >= 0 ? state : "no fd received: " + state);
      if (notify_fd >= 0) fds.push_back({notify_fd, POLLIN, 0});
    }
    for (size_t i = 1; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !fds[i].revents) continue;
      // POLLHUP: every process under that filter has exited.
      if ((fds[i].revents & POLLIN) && answer(fds[i].fd)) continue;
      ::close(fds[i].fd);
      fds[i].fd = -1;
    }
  }
}

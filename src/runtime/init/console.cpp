// The container's terminal and the console-socket protocol runc's callers expect.
#include "runtime/init/console.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/unix_socket.hpp"

namespace berth::runtime {

UniqueFd connect_console_socket(const std::string& path) { return connect_unix_socket(path, "console socket"); }

UniqueFd open_console(const std::string& path, bool terminal, UniqueFd* receiver) {
  if (!path.empty()) return connect_console_socket(path);
  if (!terminal || !receiver) return UniqueFd();
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) throw Error::last_errno("socketpair", "console");
  receiver->reset(fds[0]);
  return UniqueFd(fds[1]);
}

void send_fd(int socket, int fd, const std::string& name) {
  if (send_with_fd(socket, name, fd) < 0) throw Error::last_errno("send console fd");
}

UniqueFd receive_fd(int socket) {
  std::string name;
  std::vector<UniqueFd> fds;
  if (receive_with_fds(socket, name, fds, 4096) < 0) throw Error::last_errno("receive console fd");
  if (fds.empty()) throw Error("console socket: no file descriptor received");
  return std::move(fds.front());
}

void setup_console(int console_socket, const std::optional<oci::ConsoleSize>& size) {
  UniqueFd master(::open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!master) master.reset(::open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!master) throw Error::last_errno("open", "/dev/ptmx");
  int unlock = 0;
  if (::ioctl(master.get(), TIOCSPTLCK, &unlock) != 0) throw Error::last_errno("unlock pty");
  // TIOCGPTPEER opens the slave from the master itself: no path lookup a container could race.
  UniqueFd slave(::ioctl(master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
  if (!slave) throw Error::last_errno("open pty slave");
  if (size && size->height && size->width) {
    winsize ws{static_cast<unsigned short>(size->height), static_cast<unsigned short>(size->width), 0, 0};
    ::ioctl(slave.get(), TIOCSWINSZ, &ws);
  }
  int ptn = 0;
  ::ioctl(master.get(), TIOCGPTN, &ptn);
  send_fd(console_socket, master.get(), "/dev/pts/" + std::to_string(ptn));
  master.reset();
  if (::ioctl(slave.get(), TIOCSCTTY, 0) != 0) throw Error::last_errno("set controlling terminal");
  for (int i = 0; i < 3; ++i)
    if (::dup2(slave.get(), i) < 0) throw Error::last_errno("dup2 pty slave");
}

void become_session_leader() {
  if (::setsid() < 0) throw Error::last_errno("setsid");
}

}  // namespace berth::runtime

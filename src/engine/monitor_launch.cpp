// The CLI side of the monitor's sync pipe (protocol in monitor.hpp).
#include "engine/monitor_launch.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "base/unique_fd.hpp"
#include "runtime/self_clone.hpp"

namespace berth::engine {
namespace {

constexpr int kSyncFd = 3;
constexpr int kAttachFd = 4;

// berth-monitor next to this binary, or "" to use berth's own container-monitor command.
std::string monitor_binary() {
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return "";
  std::string path(self, static_cast<size_t>(n));
  path = path.substr(0, path.rfind('/') + 1) + "berth-monitor";
  return ::access(path.c_str(), X_OK) == 0 ? path : "";
}

[[noreturn]] void become_monitor(const ContainerStore& store, const std::string& id, int sync_write, int attach_fd,
                                 const std::string& monitor, char** envp) {
  ::setsid();
  // The CLI may have blocked signals it proxies; the monitor starts from a clean mask.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  // Out of the way first, so that placing the sync pipe at 3 cannot overwrite it.
  if (attach_fd >= 0) attach_fd = ::fcntl(attach_fd, F_DUPFD_CLOEXEC, 10);
  int null_fd = ::open("/dev/null", O_RDWR);
  for (int fd = 0; fd < 3; ++fd) ::dup2(null_fd, fd);
  ::dup2(sync_write, kSyncFd);  // dup2 clears CLOEXEC: the monitor inherits it
  if (attach_fd >= 0) ::dup2(attach_fd, kAttachFd);
  if (::chdir("/") != 0) ::_exit(125);
  const Paths& p = store.paths();
  std::vector<std::string> args =
      monitor.empty() ? std::vector<std::string>{"berth", "--root", p.root, "--runroot", p.runroot, "--cgroup-parent",
                                                 p.cgroup_parent, "container-monitor", id, "--sync-fd",
                                                 std::to_string(kSyncFd)}
                      : std::vector<std::string>{"berth-monitor", p.root, p.runroot, p.cgroup_parent, id,
                                                 std::to_string(kSyncFd)};
  if (attach_fd >= 0) {
    if (monitor.empty()) args.push_back("--attach-fd");
    args.push_back(std::to_string(kAttachFd));
  }
  std::vector<char*> argv = c_string_array(args);
  try {
    // Straight to a sealed copy (CVE-2019-5736): one exec, not two.
    if (!monitor.empty()) runtime::exec_sealed_copy(monitor.c_str(), argv.data(), envp);
    runtime::ensure_sealed_self(argv.data(), envp);
    ::execve("/proc/self/exe", argv.data(), envp);  // already sealed: run the copy afresh
  } catch (const Error& e) {
    std::string line = fmt::format("125 start monitor: {}\n", e.what());
    (void)!::write(kSyncFd, line.data(), line.size());
  }
  ::_exit(125);
}

// One line: the monitor's report, or what it wrote of one before it died. Not to EOF: the
// container's init holds the pipe too until it execs, and forever when the monitor was killed
// between the runtime's create and start (the init waits to be started): watch the monitor.
std::string read_line(int fd, pid_t monitor) {
  UniqueFd monitor_fd(static_cast<int>(::syscall(SYS_pidfd_open, monitor, 0)));
  std::string line;
  char c;
  for (;;) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {monitor_fd.get(), POLLIN, 0}};
    if (::poll(fds, monitor_fd ? 2 : 1, -1) < 0 && errno != EINTR) return line;
    // Its report, written before it exits, is read first.
    if (!(fds[0].revents & (POLLIN | POLLHUP))) {
      if (fds[1].revents & POLLIN) return line;  // the monitor died without a (whole) report
      continue;
    }
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == '\n') return line;
    line += c;
  }
}

}  // namespace

pid_t launch_monitor(const ContainerStore& store, const std::string& id, char** envp, int attach_fd) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error::last_errno("pipe");
  UniqueFd read_end(fds[0]), write_end(fds[1]);
  std::string monitor = monitor_binary();
  pid_t child = ::fork();
  if (child < 0) throw Error::last_errno("fork");
  if (child == 0) become_monitor(store, id, write_end.get(), attach_fd, monitor, envp);
  write_end.reset();
  std::string reply = read_line(read_end.get(), child);
  auto space = reply.find(' ');
  auto code = parse_int(reply.substr(0, space));
  if (!code) throw Error("the container's monitor exited before it started the container", ExitCode::kEngine);
  std::string message = space == std::string::npos ? "" : std::string(trim(reply.substr(space + 1)));
  if (*code != 0) throw Error(message, static_cast<ExitCode>(*code));
  return static_cast<pid_t>(parse_int(message).value_or(0));
}

}  // namespace berth::engine

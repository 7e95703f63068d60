// The CLI side of the monitor's sync pipe (protocol in monitor.hpp).
#include "engine/monitor_launch.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "base/unique_fd.hpp"
#include "engine/monitor.hpp"
#include "runtime/self_clone.hpp"

namespace berth::engine {
namespace {

constexpr int kSyncFd = 3;
constexpr int kAttachFd = 4;
static_assert(kWaitFd != kSyncFd && kWaitFd != kAttachFd);

// berth-monitor next to this binary, or "" to use berth's own container-monitor command.
std::string monitor_binary() {
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return "";
  std::string path(self, static_cast<size_t>(n));
  path = path.substr(0, path.rfind('/') + 1) + "berth-monitor";
  return ::access(path.c_str(), X_OK) == 0 ? path : "";
}

// The monitor's command line: berth-monitor's, or berth's own container-monitor command.
std::vector<std::string> monitor_args(const ContainerStore& store, const std::string& id, bool attach,
                                      bool wait, bool own_command) {
  const Paths& p = store.paths();
  std::vector<std::string> args =
      own_command ? std::vector<std::string>{"berth", "--root", p.root, "--runroot", p.runroot, "--cgroup-parent",
                                             p.cgroup_parent, "container-monitor", id, "--sync-fd",
                                             std::to_string(kSyncFd)}
                  : std::vector<std::string>{"berth-monitor", p.root, p.runroot, p.cgroup_parent, id,
                                             std::to_string(kSyncFd)};
  if (attach) {
    if (own_command) args.push_back("--attach-fd");
    args.push_back(std::to_string(kAttachFd));
  }
  if (wait) {
    args.push_back("--wait-fd");
    args.push_back(std::to_string(kWaitFd));
  }
  return args;
}

// Starts the monitor in a session of its own, with /dev/null for stdio, the sync pipe as fd 3
// and the attach socket as fd 4, from a read-only view of its binary (CVE-2019-5736).
//
// posix_spawn, not fork: glibc spawns with CLONE_VM | CLONE_VFORK, so no page of ours is marked
// copy-on-write. After a fork, each page this process touched again until it exited (the
// heap it freed) took a write fault while the monitor started: ~300 faults per `run -d`.
pid_t spawn_monitor(const ContainerStore& store, const std::string& id, int sync_write, int attach_fd,
                    int wait_read, const std::string& monitor, char** envp) {
  UniqueFd view = runtime::open_sealed_view(monitor.empty() ? "/proc/self/exe" : monitor.c_str());
  std::vector<std::string> args = monitor_args(store, id, attach_fd >= 0, wait_read >= 0, monitor.empty());
  std::vector<char*> argv = c_string_array(args);
  std::string program = fmt::format("/proc/self/fd/{}", view.get());
  // Every fd the child gets is first copied above 9, so that no dup2 below overwrites another
  // before it is placed (a CLI started with stdio closed gets its pipes as fds 0-2).
  auto out_of_the_way = [](int fd, const char* what) {
    UniqueFd copy;
    if (fd < 0) return copy;
    copy.reset(::fcntl(fd, F_DUPFD_CLOEXEC, 10));
    if (!copy) throw Error::last_errno("dup", what);
    return copy;
  };
  UniqueFd sync = out_of_the_way(sync_write, "monitor sync pipe");
  UniqueFd attach = out_of_the_way(attach_fd, "attach socket");
  UniqueFd wait = out_of_the_way(wait_read, "monitor wait pipe");
  UniqueFd null_fd(::open("/dev/null", O_RDWR | O_CLOEXEC));  // may be 0-2 itself: harmless
  if (!null_fd) throw Error::last_errno("open", "/dev/null");

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawnattr_init(&attr);
  for (int fd = 0; fd < 3; ++fd) ::posix_spawn_file_actions_adddup2(&actions, null_fd.get(), fd);
  ::posix_spawn_file_actions_adddup2(&actions, sync.get(), kSyncFd);  // dup2 clears CLOEXEC
  if (attach) ::posix_spawn_file_actions_adddup2(&actions, attach.get(), kAttachFd);
  if (wait) ::posix_spawn_file_actions_adddup2(&actions, wait.get(), kWaitFd);
  ::posix_spawn_file_actions_addchdir_np(&actions, "/");
  // The CLI may have blocked signals it proxies; the monitor starts from a clean mask.
  sigset_t none;
  sigemptyset(&none);
  ::posix_spawnattr_setsigmask(&attr, &none);
  ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK);
  pid_t child = -1;
  int err = ::posix_spawn(&child, program.c_str(), &actions, &attr, argv.data(), envp);
  ::posix_spawnattr_destroy(&attr);
  ::posix_spawn_file_actions_destroy(&actions);
  if (err != 0)
    throw Error::from_errno(err, "start monitor", monitor.empty() ? "berth" : monitor).with_exit_code(ExitCode::kEngine);
  return child;
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

// The monitor's "0 <pid>" or its error, thrown with its exit code.
pid_t await_report(int report, pid_t monitor) {
  std::string reply = read_line(report, monitor);
  auto space = reply.find(' ');
  auto code = parse_int(reply.substr(0, space));
  if (!code) throw Error("the container's monitor exited before it started the container", ExitCode::kEngine);
  std::string message = space == std::string::npos ? "" : std::string(trim(reply.substr(space + 1)));
  if (*code != 0) throw Error(message, static_cast<ExitCode>(*code));
  return static_cast<pid_t>(parse_int(message).value_or(0));
}

}  // namespace

pid_t launch_monitor(const ContainerStore& store, const std::string& id, char** envp, int attach_fd) {
  auto [report, sync_write] = make_pipe();
  pid_t child = spawn_monitor(store, id, sync_write.get(), attach_fd, -1, monitor_binary(), envp);
  sync_write.reset();
  return await_report(report.get(), child);
}

PendingMonitor::PendingMonitor(const ContainerStore& store, const std::string& id, char** envp) {
  auto [report, sync_write] = make_pipe();
  auto [wait_read, wait_write] = make_pipe();
  pid_ = spawn_monitor(store, id, sync_write.get(), -1, wait_read.get(), monitor_binary(), envp);
  report_ = std::move(report);
  go_ = std::move(wait_write);
}

PendingMonitor::~PendingMonitor() {
  if (started_) return;
  go_.reset();  // EOF: it exits without touching anything
  while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
}

pid_t PendingMonitor::start() {
  started_ = true;
  write_all(go_.get(), "go\n");
  go_.reset();
  return await_report(report_.get(), pid_);
}

}  // namespace berth::engine

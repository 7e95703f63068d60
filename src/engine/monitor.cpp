// The monitor loop: start, pump output into the log, record the exit, restart per policy.
#include "engine/monitor.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>
#include <thread>

#include <fmt/core.h>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "base/resident_pages.hpp"
#include "base/unique_fd.hpp"
#include "engine/attach_socket.hpp"
#include "engine/container_remove.hpp"
#include "engine/container_start.hpp"
#include "engine/json_log.hpp"
#include "engine/record_update.hpp"
#include "engine/start_failure.hpp"
#include "image/overlay.hpp"
#include "runtime/ops.hpp"
#include "runtime/terminal_mode.hpp"

namespace berth::engine {
namespace {

constexpr int kForwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};


UniqueFd make_signalfd(bool attached) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  if (attached) {
    for (int s : kForwarded) sigaddset(&set, s);
    sigaddset(&set, SIGWINCH);
  }
  sigprocmask(SIG_BLOCK, &set, nullptr);
  UniqueFd fd(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
  if (!fd) throw Error::last_errno("signalfd");
  return fd;
}

// How long a detached monitor stays quiet after some activity before it gives its pages back.
// A release costs ~0.1 ms and the next wake-up ~10 minor faults, so even a container that logs
// a line every second pays next to nothing for it.
constexpr int kIdleReleaseMs = 1000;

// poll() for the pump. With `pages` (a detached monitor) the pages are released inside the call
// that blocks (ResidentPages::release_then_poll): at start as soon as nothing is pending (a
// helper's SIGCHLD may be), later after kIdleReleaseMs of quiet. `released`: they are out now.
int wait_for_events(std::vector<pollfd>& fds, bool exited, const ResidentPages* pages,
                    bool& released, bool& ever_released) {
  if (exited) return ::poll(fds.data(), fds.size(), 200);
  if (!pages || released) return ::poll(fds.data(), fds.size(), -1);
  int n = ::poll(fds.data(), fds.size(), ever_released ? kIdleReleaseMs : 0);
  if (n != 0) return n;
  released = ever_released = true;
  return pages->release_then_poll(fds.data(), fds.size(), -1);
}

// Copies the container's output into the log, to attached clients, and (attached) to our own
// stdout/stderr, and input to the container's stdin, until both output streams close and the
// init has exited. Returns the init's exit code.
int pump(StartedContainer& c, JsonLogWriter& log, int signal_fd, bool attached, bool tty,
         AttachServer* server, const ResidentPages* idle_pages) {
  bool released = false, ever_released = false;
  if (attached && tty) runtime::copy_window_size(c.stdout_read.get());
  bool exited = false;
  int code = 0;
  UniqueFd stdin_write = std::move(c.stdin_write);
  bool stdin_open = attached && stdin_write;
  char buf[16384];
  auto to_container = [&](std::string_view data) {
    if (!stdin_write) return;
    try {
      write_all(stdin_write.get(), data);
    } catch (const Error&) {
      stdin_write.reset();  // the container closed its stdin
    }
  };
  while (!exited || c.stdout_read || c.stderr_read) {
    std::vector<pollfd> fds = {{signal_fd, POLLIN, 0}};
    int out_i = c.stdout_read ? static_cast<int>(fds.size()) : -1;
    if (c.stdout_read) fds.push_back({c.stdout_read.get(), POLLIN, 0});
    int err_i = c.stderr_read ? static_cast<int>(fds.size()) : -1;
    if (c.stderr_read) fds.push_back({c.stderr_read.get(), POLLIN, 0});
    int in_i = stdin_open ? static_cast<int>(fds.size()) : -1;
    if (stdin_open) fds.push_back({0, POLLIN, 0});
    size_t clients_from = fds.size();
    if (server) {
      if (server->listen_fd() >= 0) fds.push_back({server->listen_fd(), POLLIN, 0});
      for (int fd : server->client_fds()) fds.push_back({fd, POLLIN, 0});
    }
    // Once the init is gone, give straggling writers (with --pid host) a moment, not forever.
    if (wait_for_events(fds, exited, idle_pages, released, ever_released) == 0) break;
    released = false;  // something happened: the code that handles it comes back in
    if (fds[0].revents & POLLIN) {
      signalfd_siginfo si;
      while (::read(signal_fd, &si, sizeof si) == sizeof si) {
        if (si.ssi_signo == SIGWINCH) runtime::copy_window_size(tty ? c.stdout_read.get() : -1);
        else if (si.ssi_signo != SIGCHLD) ::kill(c.pid, static_cast<int>(si.ssi_signo));
      }
      // Reap every child: as an external runtime's subreaper we also inherit orphans (with
      // --pid host, the container's), which must not linger as zombies.
      int status;
      for (pid_t w; (w = ::waitpid(-1, &status, WNOHANG)) > 0;) {
        if (w != c.pid || exited) continue;
        exited = true;
        code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
    }
    for (auto [i, stream, fd] : {std::tuple{out_i, "stdout", &c.stdout_read}, {err_i, "stderr", &c.stderr_read}}) {
      if (i < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t got = ::read(fd->get(), buf, sizeof buf);
      if (got <= 0) {
        if (got < 0 && errno == EINTR) continue;
        fd->reset();  // EOF, or EIO from a pty whose last writer left
        continue;
      }
      std::string_view data(buf, static_cast<size_t>(got));
      bool is_stderr = std::string_view(stream) == "stderr";
      log.write(stream, data);
      if (server) server->broadcast(is_stderr ? '2' : '1', data);
      if (attached) write_all(is_stderr ? 2 : 1, data);
    }
    if (in_i >= 0 && (fds[in_i].revents & (POLLIN | POLLHUP))) {
      ssize_t got = ::read(0, buf, sizeof buf);
      if (got <= 0) {
        stdin_open = false;
        stdin_write.reset();  // EOF reaches the container
      } else {
        to_container(std::string_view(buf, static_cast<size_t>(got)));
      }
    }
    for (size_t i = clients_from; server && i < fds.size(); ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (fds[i].fd == server->listen_fd()) {
        server->accept_client();
        continue;
      }
      for (const auto& f : server->receive(fds[i].fd)) {
        if (f.kind == frame::kStdin) {
          to_container(f.payload);
        } else if (f.kind == frame::kStdinEnd) {
          // The client's stdin ended: so does the container's (docker's attach to a container
          // run with -i); the client still gets the output.
          stdin_write.reset();
        } else if (f.kind == frame::kResize && tty) {
          if (auto size = frame::decode_resize(f.payload))
            runtime::set_window_size(c.stdout_read.get(), size->first, size->second);
        } else if (f.kind == frame::kSignal && !exited) {
          // We are the init's parent: the pid cannot have been reused while we have not reaped it.
          auto signo = frame::decode_u32(f.payload);
          if (signo && *signo > 0 && *signo < static_cast<uint32_t>(NSIG)) ::kill(c.pid, static_cast<int>(*signo));
        }
      }
    }
  }
  log.flush();
  if (!exited) code = runtime::wait_exit_code(c.pid);
  return code;
}

bool should_restart(const ContainerRecord& r, int exit_code) {
  const auto& policy = r.host_config.restart;
  if (r.state.manually_stopped || policy.name == "no" || policy.name.empty()) return false;
  if (policy.name == "always" || policy.name == "unless-stopped") return true;
  if (policy.name == "on-failure") {
    return exit_code != 0 &&
           (policy.maximum_retry_count == 0 || r.state.restart_count < policy.maximum_retry_count);
  }
  return false;
}

// Docker's back-off: 100 ms doubling per restart, reset after a run of 10 s, capped at 1 min.
std::chrono::milliseconds next_delay(std::chrono::milliseconds previous, std::chrono::seconds ran) {
  if (ran >= std::chrono::seconds(10)) return std::chrono::milliseconds(100);
  return std::min(previous * 2, std::chrono::milliseconds(60000));
}

// Sleeps `delay` unless the user stops or removes the container meanwhile.
bool wait_for_restart(const ContainerStore& store, const std::string& id, std::chrono::milliseconds delay) {
  auto until = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto r = store.load(id);
    if (!r || r->state.manually_stopped) return false;
  }
  return true;
}

void report(int sync_fd, int code, const std::string& message) {
  if (sync_fd < 0) return;
  try {
    write_all(sync_fd, fmt::format("{} {}\n", code, message));
  } catch (const Error&) {
    // The CLI is gone (killed while waiting): the record still tells the story.
  }
  ::close(sync_fd);
}

// The layer outlives this run only if the container is kept: then it is flushed first (the
// overlay is volatile, see image/overlay.hpp). For --rm and `rm -f` the flush is skipped: the
// layer is about to be deleted, and the flush is most of what removing a container costs.
void release_rootfs(const ContainerStore& store, const std::string& id) {
  auto r = store.load(id);
  if (r && !r->host_config.auto_remove && !r->state.removal_in_progress) {
    try {
      image::sync_upper(store.paths().upper(id));
    } catch (const Error& e) {
      log::warn(e.what());
    }
  }
  image::unmount_rootfs(store.paths().rootfs(id));
}

}  // namespace

bool wait_for_go(int fd) {
  UniqueFd pipe(fd);
  std::string line;
  char buf[16];
  while (line.size() < 16) {
    ssize_t n = ::read(pipe.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the container was never made
    line.append(buf, static_cast<size_t>(n));
  }
  return line == "go\n";
}

int run_monitor(const ContainerStore& store, const MonitorOptions& o) {
  UniqueFd signal_fd = make_signalfd(o.attached);
  int sync_fd = o.sync_fd;
  UniqueFd first_client(o.attach_fd);
  auto delay = std::chrono::milliseconds(100);
  int code = 0;
  // Held until a start is recorded, or its failure is: see ContainerStore::start_lock.
  std::optional<ProcessLock> starting = store.start_lock(o.id);
  for (bool first = true;; first = false) {
    auto record = starting ? store.load(o.id) : std::nullopt;
    if (!record) return code;  // removed meanwhile
    LogRotation rotation = parse_log_rotation(record->host_config.log_opts["max-size"],
                                              record->host_config.log_opts["max-file"]);
    JsonLogWriter log(store.paths().log(o.id), rotation);
    StartedContainer started;
    try {
      // With -i the container's stdin stays open: fed by us (attached) or by `berth attach`.
      started = start_container_once(store, *record, record->config.open_stdin);
    } catch (const Error& e) {
      int failed = start_failure_code(e);
      update_record(store, o.id, [&](ContainerRecord& r) {
        r.state.status = first ? "created" : "exited";
        r.state.exit_code = failed;
        r.state.error = e.what();
        r.state.pid = 0;
        r.state.monitor_pid = 0;
      });
      if (!first) return failed;
      if (record->host_config.auto_remove) remove_container_files(store, o.id);
      starting.reset();
      if (sync_fd >= 0) {
        report(sync_fd, failed, e.what());
        return failed;
      }
      throw Error(e).with_exit_code(static_cast<ExitCode>(failed));
    }
    starting.reset();
    if (first) report(std::exchange(sync_fd, -1), 0, std::to_string(started.pid));
    auto began = std::chrono::steady_clock::now();
    auto server = std::make_unique<AttachServer>();
    try {
      server->listen(store.paths().attach_socket(o.id));
    } catch (const Error& e) {
      log::warn(std::string("berth attach will not work for this container: ") + e.what());
    }
    if (first_client) server->add_client(std::move(first_client));  // berth start -a
    // A detached monitor idles for the container's whole life: the runtime code it ran to start
    // the container, and the code of each burst of output, need not stay resident (issue #3
    // wants it smaller than conmon).
    std::optional<ResidentPages> idle_pages;
    if (!o.attached) idle_pages = ResidentPages::of_this_process();
    code = pump(started, log, signal_fd.get(), o.attached, record->config.tty, server.get(),
                idle_pages ? &*idle_pages : nullptr);
    // Attached clients hear the exit code once the record holds it (and, for --rm, once the
    // container is gone), so that what they do next sees it.
    auto end_attach = [&] {
      server->broadcast(frame::kExit, frame::u32(static_cast<uint32_t>(code)));
      server.reset();
    };
    auto ran = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - began);
    auto after = update_record(store, o.id, [&](ContainerRecord& r) {
      r.state.status = "exited";
      r.state.exit_code = code;
      r.state.finished_at = now_rfc3339();
      r.state.pid = 0;
      if (should_restart(r, code)) r.state.status = "restarting";
    });
    bool restart = after && after->state.status == "restarting";
    cleanup_after_exit(store, *record, false);
    if (!restart) release_rootfs(store, o.id);
    if (restart) {
      end_attach();
      delay = next_delay(delay, ran);
      // The lock is busy when an rm is under way: it waits for us to be done, not to restart.
      if (wait_for_restart(store, o.id, delay) && (starting = store.try_start_lock(o.id))) {
        update_record(store, o.id, [](ContainerRecord& r) { ++r.state.restart_count; });
        continue;
      }
      release_rootfs(store, o.id);
    }
    update_record(store, o.id, [](ContainerRecord& r) {
      if (r.state.status == "restarting") r.state.status = "exited";
      r.state.monitor_pid = 0;
    });
    if (after && after->host_config.auto_remove) remove_container_files(store, o.id);
    end_attach();
    return code;
  }
}

}  // namespace berth::engine

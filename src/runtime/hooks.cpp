// OCI hooks: fork, feed the state on stdin, wait with a timeout (SIGKILL when it expires).
#include "runtime/hooks.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/sigpipe_guard.hpp"
#include "base/strings.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "base/unique_fd.hpp"

namespace berth::runtime {
namespace {

[[noreturn]] void exec_hook(const oci::Hook& hook, int stdin_fd) {
  ::dup2(stdin_fd, 0);
  std::vector<std::string> args = hook.args.empty() ? std::vector<std::string>{hook.path} : hook.args;
  auto argv = c_string_array(args);
  auto envp = c_string_array(hook.env);
  ::execve(hook.path.c_str(), argv.data(), envp.data());
  ::dprintf(2, "exec hook %s: %s\n", hook.path.c_str(), strerror(errno));
  ::_exit(127);
}

// Waits for `pid` up to `timeout_s` (no limit when <= 0). Returns the wait status.
int wait_with_timeout(pid_t pid, int timeout_s, const std::string& what) {
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  UniqueFd owned(pidfd);
  if (pidfd >= 0 && timeout_s > 0) {
    pollfd p{pidfd, POLLIN, 0};
    int r;
    do {
      r = ::poll(&p, 1, timeout_s * 1000);
    } while (r < 0 && errno == EINTR);
    if (r == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      throw Error(fmt::format("{}: timeout: killed after {}s", what, timeout_s));
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error::last_errno("wait", what);
  }
  return status;
}

void run_one(const oci::Hook& hook, const std::string& state_json, const std::string& what) {
  int pipe_fds[2];
  check(::pipe2(pipe_fds, O_CLOEXEC), "pipe", what);
  UniqueFd read_end(pipe_fds[0]), write_end(pipe_fds[1]);
  pid_t pid = ::fork();
  if (pid < 0) throw Error::last_errno("fork", what);
  if (pid == 0) exec_hook(hook, read_end.get());
  read_end.reset();
  {
    // A hook that does not read its stdin (and may have exited already) is allowed: EPIPE
    // here is not a failure, and SIGPIPE must not kill the runtime.
    SigpipeGuard no_sigpipe;
    try {
      write_all(write_end.get(), state_json);
    } catch (const Error&) {
    }
    write_end.reset();
  }
  int status = wait_with_timeout(pid, hook.timeout.value_or(0), what);
  if (WIFSIGNALED(status)) throw Error(fmt::format("{}: killed by signal {}", what, WTERMSIG(status)));
  if (WEXITSTATUS(status) != 0) throw Error(fmt::format("{}: exit status {}", what, WEXITSTATUS(status)));
}

}  // namespace

void run_hooks(const std::vector<oci::Hook>& hooks, const std::string& state_json,
               const std::string& stage) {
  for (size_t i = 0; i < hooks.size(); ++i)
    run_one(hooks[i], state_json, fmt::format("{} hook #{} ({})", stage, i, hooks[i].path));
}

void run_hooks_warn_only(const std::vector<oci::Hook>& hooks, const std::string& state_json,
                         const std::string& stage) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    try {
      run_one(hooks[i], state_json, fmt::format("{} hook #{} ({})", stage, i, hooks[i].path));
    } catch (const Error& e) {
      log::warn(e.what());
    }
  }
}

}  // namespace berth::runtime

// The last steps before execve, shared by the container's init and exec: privileges, fds, exec.
#include <linux/close_range.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "base/unique_fd.hpp"
#include "runtime/init/container_init.hpp"
#include "runtime/init/seccomp_listener.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {
namespace {

void reset_signals() {
  sigset_t all;
  sigemptyset(&all);
  ::sigprocmask(SIG_SETMASK, &all, nullptr);
  for (int s = 1; s < NSIG; ++s) ::signal(s, SIG_DFL);
}

// CVE-2024-21626: no runtime fd may reach the container. Everything above the preserved fds
// becomes close-on-exec; the preserved ones (3 .. 3+N-1) stay open as the caller asked.
void close_inherited_fds(int preserve_fds) {
  unsigned first = 3u + static_cast<unsigned>(preserve_fds);
  if (::syscall(SYS_close_range, first, ~0u, CLOSE_RANGE_CLOEXEC) != 0)
    throw Error::last_errno("close_range");
}

bool is_executable_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

}  // namespace

std::string find_executable(const oci::Process& p) {
  const std::string& name = p.args[0];
  if (name.find('/') != std::string::npos) {
    struct stat st;
    if (::stat(name.c_str(), &st) != 0)
      throw Error(fmt::format("exec: \"{}\": stat {}: no such file or directory", name, name))
          .with_exit_code(ExitCode::kNotFound);
    if (!is_executable_file(name))
      throw Error(fmt::format("exec: \"{}\": permission denied", name)).with_exit_code(ExitCode::kCannotInvoke);
    return name;
  }
  std::string path_var = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (const auto& e : p.env)
    if (e.starts_with("PATH=")) path_var = e.substr(5);
  for (const auto& dir : split(path_var, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (is_executable_file(candidate)) return candidate;
  }
  throw Error(fmt::format("exec: \"{}\": executable file not found in $PATH", name))
      .with_exit_code(ExitCode::kNotFound);
}

PreparedProcess prepare_process(const oci::Process& p, const CompiledSeccomp* seccomp) {
  return PreparedProcess{.executable = find_executable(p), .seccomp = seccomp, .seccomp_listener = {}};
}

namespace {

// Loads the filter and, when it notifies, hands its listener to the agent at once: every step
// after the load runs under the filter, and the agent must be able to answer them.
void load_seccomp(const CompiledSeccomp& seccomp, SeccompListenerConnection& listener) {
  UniqueFd notify_fd = load_compiled_seccomp(seccomp);
  if (!notify_fd) return;
  if (!listener) throw Error("seccomp: the filter notifies an agent, but none is connected (linux.seccomp.listenerPath)");
  send_seccomp_listener(listener, notify_fd.get());
}

}  // namespace

void finalize_process(const oci::Process& p, PreparedProcess& prepared) {
  apply_rlimits(p.rlimits);
  const CompiledSeccomp* seccomp = prepared.seccomp;
  // Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: load it while we still have it.
  if (seccomp && !p.no_new_privileges) load_seccomp(*seccomp, prepared.seccomp_listener);
  if (p.capabilities) drop_bounding_set(*p.capabilities);
  switch_user_and_capabilities(p.user, p.capabilities ? &*p.capabilities : nullptr);
  if (p.no_new_privileges) set_no_new_privileges();
  if (p.user.umask) ::umask(*p.user.umask);
}

void exec_process(const oci::Process& p, PreparedProcess& prepared, int preserve_fds) {
  // With no_new_privs, load the filter last so it does not have to allow the setup syscalls.
  if (prepared.seccomp && p.no_new_privileges) load_seccomp(*prepared.seccomp, prepared.seccomp_listener);
  close_inherited_fds(preserve_fds);
  reset_signals();
  auto argv = c_string_array(p.args);
  auto envp = c_string_array(p.env);
  ::execve(prepared.executable.c_str(), argv.data(), envp.data());
  int err = errno;
  throw Error::from_errno(err, "exec", prepared.executable)
      .with_exit_code(err == ENOENT ? ExitCode::kNotFound : ExitCode::kCannotInvoke);
}

}  // namespace berth::runtime

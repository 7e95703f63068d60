// Running an external OCI runtime binary and reading back what it reported.
#include "engine/runtime_call.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"

namespace berth::engine {
namespace {

std::string last_line(std::string_view text) {
  std::string last;
  for (auto line : split(std::string(text), '\n')) {
    std::string t(trim(line));
    if (!t.empty()) last = t;
  }
  return last;
}

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(const int (&stdio)[3], int log, int input, char* const* argv) {
  // Move every source out of the way first: a source may sit on a target number.
  int moved[5];
  int sources[5] = {stdio[0], stdio[1], stdio[2], log, input};
  for (int i = 0; i < 5; ++i) moved[i] = sources[i] < 0 ? -1 : ::fcntl(sources[i], F_DUPFD, 10);
  for (int i = 0; i < 5; ++i) {
    if (moved[i] >= 0) ::dup2(moved[i], i);
  }
  ::syscall(SYS_close_range, input >= 0 ? 5 : 4, ~0U, 0);
  // The monitor blocks SIGCHLD and the forwarded signals for its signalfd; the runtime (and
  // through it the container's init) must not inherit that mask.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  ::execv(argv[0], argv);
  ::_exit(127);
}

}  // namespace

std::vector<std::string> runtime_argv(const std::string& path, const std::string& root,
                                      const std::vector<std::string>& command) {
  std::vector<std::string> argv = {path, "--root", root, "--log", "/proc/self/fd/3", "--log-format", "json"};
  argv.insert(argv.end(), command.begin(), command.end());
  return argv;
}

std::string runtime_error_text(std::string_view json_log, std::string_view stderr_text) {
  std::string message;
  for (auto line : split(std::string(json_log), '\n')) {
    auto entry = nlohmann::json::parse(line, nullptr, false);
    if (!entry.is_object() || !entry.contains("msg") || !entry["msg"].is_string()) continue;
    std::string level = entry.value("level", "");
    if (level == "error" || level == "fatal") message = entry["msg"].get<std::string>();
  }
  if (message.empty()) message = last_line(stderr_text);
  // One line, whatever the runtime wrote.
  for (char& c : message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return message;
}

RuntimeCall::RuntimeCall(std::string path, std::string root, std::vector<std::string> command)
    : path_(path), argv_(runtime_argv(path, root, command)) {}

void RuntimeCall::set_stdio(int in, int out, int err) {
  stdio_[0] = in;
  stdio_[1] = out;
  stdio_[2] = err;
}

void RuntimeCall::set_input(std::string_view content) {
  input_ = make_memfd("berth-runtime-input");
  write_all(input_.get(), content);
}

pid_t RuntimeCall::spawn() {
  log_ = make_memfd("berth-runtime-log");
  null_ = UniqueFd(::open("/dev/null", O_RDWR | O_CLOEXEC));
  if (!null_) throw Error::last_errno("open", "/dev/null");
  int stdio[3] = {stdio_[0] >= 0 ? stdio_[0] : null_.get(), stdio_[1], stdio_[2]};
  if (stdio[1] < 0) stdio[1] = (out_ = make_memfd("berth-runtime-stdout")).get();
  if (stdio[2] < 0) stdio[2] = (err_ = make_memfd("berth-runtime-stderr")).get();
  std::vector<char*> argv;
  for (auto& a : argv_) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw Error::last_errno("fork", path_);
  if (pid == 0) exec_child(stdio, log_.get(), input_.get(), argv.data());
  return pid;
}

std::string RuntimeCall::run() {
  pid_t pid = spawn();
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error::last_errno("wait for", path_);
  }
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (code != 0) fail(code);
  return read_from_start(out_);
}

std::string RuntimeCall::error_text() const { return runtime_error_text(read_from_start(log_), read_from_start(err_)); }

void RuntimeCall::fail(int status) const {
  std::string name = path_.substr(path_.rfind('/') + 1);
  std::string command = argv_.size() > 7 ? argv_[7] : "";
  std::string text = error_text();
  if (text.empty()) {
    text = status == 127 ? fmt::format("cannot execute {}", path_) : fmt::format("exited with status {}", status);
  }
  // runc says "runc create failed: …" itself; berth-runtime and crun name neither.
  if (text.starts_with(name)) throw Error(text);
  throw Error(fmt::format("{} {}: {}", name, command, text));
}

}  // namespace berth::engine

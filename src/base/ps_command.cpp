#include "base/ps_command.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "base/unique_fd.hpp"

namespace berth {
namespace {

}  // namespace

PsResult run_ps(const std::vector<std::string>& args) {
  UniqueFd out = make_memfd("ps-stdout"), err = make_memfd("ps-stderr");
  UniqueFd null_in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  std::vector<char*> argv{const_cast<char*>("ps")};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw Error::last_errno("fork", "ps");
  if (pid == 0) {  // only async-signal-safe calls until exec
    if (null_in) ::dup2(null_in.get(), 0);
    ::dup2(out.get(), 1);
    ::dup2(err.get(), 2);
    ::execvp("ps", argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error::last_errno("wait for", "ps");
  }
  PsResult result;
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_from_start(out);
  result.err = read_from_start(err);
  return result;
}


size_t ps_pid_column(std::string_view header) {
  auto titles = split_fields(header);
  auto at = std::find(titles.begin(), titles.end(), "PID");
  if (at == titles.end()) throw Error("Couldn't find PID field in ps output");
  return static_cast<size_t>(at - titles.begin());
}

std::vector<std::string> ps_lines_of(std::string_view output, const std::vector<pid_t>& pids) {
  auto lines = split(output, '\n');
  std::vector<std::string> kept;
  if (lines.empty()) return kept;
  size_t column = ps_pid_column(lines[0]);
  for (size_t i = 1; i < lines.size(); ++i) {
    auto fields = split_fields(lines[i]);
    if (fields.empty()) continue;
    if (column >= fields.size()) throw Error(fmt::format("Unexpected pid in ps output line: {}", lines[i]));
    pid_t pid = 0;
    const std::string& text = fields[column];
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
    if (ec != std::errc{} || end != text.data() + text.size())
      throw Error(fmt::format("Unexpected pid '{}' in ps output", text));
    if (std::find(pids.begin(), pids.end(), pid) != pids.end()) kept.push_back(lines[i]);
  }
  return kept;
}

}  // namespace berth

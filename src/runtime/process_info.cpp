// Reading /proc/PID/stat: the comm field may hold spaces and parentheses, so parse after the last ')'.
#include "runtime/process_info.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "base/strings.hpp"

namespace berth::runtime {
namespace {

// Fields after "pid (comm) ": index 0 is the state (field 3 of stat).
std::optional<std::vector<std::string>> stat_fields(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buf[1024];
  ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return std::nullopt;
  std::string_view s(buf, static_cast<size_t>(n));
  auto close = s.rfind(')');
  if (close == std::string_view::npos || close + 2 > s.size()) return std::nullopt;
  return split(trim(s.substr(close + 2)), ' ');
}

}  // namespace

std::optional<uint64_t> process_start_time(pid_t pid) {
  auto f = stat_fields(pid);
  if (!f || f->size() < 20) return std::nullopt;
  auto v = parse_uint((*f)[19]);  // field 22 of stat
  if (!v) return std::nullopt;
  return *v;
}

char process_state(pid_t pid) {
  auto f = stat_fields(pid);
  if (!f || f->empty() || (*f)[0].empty()) return 0;
  return (*f)[0][0];
}

bool is_same_live_process(pid_t pid, uint64_t start_time) {
  if (pid <= 0) return false;
  auto f = stat_fields(pid);
  if (!f || f->size() < 20) return false;
  if ((*f)[0] == "Z" || (*f)[0] == "X") return false;
  auto v = parse_uint((*f)[19]);
  return v && *v == start_time;
}

}  // namespace berth::runtime

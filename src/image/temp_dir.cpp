// Scratch directories: mkdtemp, fd-relative recursive removal, stale leftovers of dead writers.
#include "image/temp_dir.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <vector>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "base/unique_fd.hpp"

namespace berth::image {
namespace {

std::vector<std::string> list_dir(int dirfd) {
  std::vector<std::string> names;
  int fd = ::dup(dirfd);
  if (fd < 0) throw Error::last_errno("dup");
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    throw Error::last_errno("fdopendir");
  }
  ::rewinddir(d);
  while (dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(d);
  return names;
}

UniqueFd open_dir_for_removal(int parent, const std::string& name, const std::string& shown) {
  int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  UniqueFd fd(::openat(parent, name.c_str(), flags));
  if (!fd && errno == EACCES) {
    // A layer may hold a mode-000 directory; its owner (us, when not root) may chmod it.
    if (::fchmodat(parent, name.c_str(), 0700, 0) == 0)
      fd.reset(::openat(parent, name.c_str(), flags));
  }
  if (!fd) throw Error::last_errno("open", shown);
  return fd;
}

void remove_at(int parent, const std::string& name, const std::string& shown) {
  if (::unlinkat(parent, name.c_str(), 0) == 0 || errno == ENOENT) return;
  if (errno != EISDIR && errno != EPERM) throw Error::last_errno("unlink", shown);
  UniqueFd dir = open_dir_for_removal(parent, name, shown);
  for (const auto& child : list_dir(dir.get())) remove_at(dir.get(), child, shown + "/" + child);
  if (::unlinkat(parent, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
    throw Error::last_errno("rmdir", shown);
}

}  // namespace

void remove_tree(const std::string& path) {
  auto slash = path.find_last_of('/');
  std::string parent =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  UniqueFd pfd(::open(parent.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!pfd) {
    if (errno == ENOENT) return;
    throw Error::last_errno("open", parent);
  }
  remove_at(pfd.get(), name, path);
}

TempDir::TempDir(const std::string& parent, std::string_view kind) {
  std::string pattern = fmt::format("{}/{}.tmp-{}-XXXXXX", parent, kind, ::getpid());
  if (!::mkdtemp(pattern.data()))
    throw Error::last_errno("mkdtemp", pattern).with_exit_code(ExitCode::kEngine);
  path_ = std::move(pattern);
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

TempDir::~TempDir() {
  if (path_.empty()) return;
  try {
    remove_tree(path_);
  } catch (const Error& e) {
    // A destructor cannot throw; the next writer's remove_stale_temps retries.
    std::fprintf(stderr, "berth: remove %s: %s\n", path_.c_str(), e.what());
  }
}

void TempDir::rename_to(const std::string& target) {
  if (::rename(path_.c_str(), target.c_str()) != 0)
    throw Error::last_errno("rename", path_ + " to " + target).with_exit_code(ExitCode::kEngine);
  path_.clear();
}

void remove_stale_temps(const std::string& parent) {
  UniqueFd dir(::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) return;  // nothing stored yet
  for (const auto& name : list_dir(dir.get())) {
    auto at = name.find(".tmp-");
    if (at == std::string::npos) continue;
    auto pid_text = name.substr(at + 5, name.find('-', at + 5) - (at + 5));
    auto pid = parse_int(pid_text);
    if (!pid || *pid <= 0) continue;
    if (::kill(static_cast<pid_t>(*pid), 0) == 0 || errno != ESRCH) continue;  // writer alive
    remove_tree(parent + "/" + name);
  }
}

}  // namespace berth::image

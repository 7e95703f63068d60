// Symlink-safe path resolution inside a root: openat2(RESOLVE_IN_ROOT) with a scoped fallback.
#include "base/safe_path.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <optional>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"

namespace berth {
namespace {

constexpr int kMaxSymlinks = 40;

long sys_openat2(int dirfd, const char* path, open_how* how) {
  return ::syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
}

// Kernels older than 5.6 have no openat2: walk component by component, reading each symlink and
// restarting from the root for absolute targets, so nothing resolves outside the root.
UniqueFd open_in_root_fallback(int root_fd, std::string_view path, int flags, unsigned mode,
                               int depth = 0) {
  if (depth > kMaxSymlinks) throw Error::from_errno(ELOOP, "resolve", std::string(path));
  auto parts = path_components(path);
  std::vector<UniqueFd> stack;  // directories walked so far, to honour ".." within the root
  auto current = [&] { return stack.empty() ? root_fd : stack.back().get(); };
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& name = parts[i];
    bool last = i + 1 == parts.size();
    if (name == "..") {
      if (!stack.empty()) stack.pop_back();
      continue;
    }
    char target[4096];
    ssize_t n = ::readlinkat(current(), name.c_str(), target, sizeof target - 1);
    if (n >= 0) {
      std::string rest(target, static_cast<size_t>(n));
      if (rest.starts_with('/')) {
        stack.clear();
      }
      for (size_t j = i + 1; j < parts.size(); ++j) rest += "/" + parts[j];
      std::string prefix;
      // Relative symlink: resolve against the directories walked so far, by replaying them.
      if (!rest.starts_with('/')) {
        for (size_t j = 0; j < i; ++j) prefix += "/" + parts[j];
      }
      return open_in_root_fallback(root_fd, prefix + "/" + rest, flags, mode, depth + 1);
    }
    int f = last ? (flags | O_NOFOLLOW | O_CLOEXEC) : (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int fd = ::openat(current(), name.c_str(), f, mode);
    if (fd < 0) throw Error::last_errno("open", std::string(path));
    if (last) return UniqueFd(fd);
    stack.emplace_back(fd);
  }
  int fd = ::openat(current(), ".", flags | O_CLOEXEC, mode);
  if (fd < 0) throw Error::last_errno("open", std::string(path));
  return UniqueFd(fd);
}

}  // namespace

std::vector<std::string> path_components(std::string_view path) {
  std::vector<std::string> out;
  for (auto& part : split(path, '/')) {
    if (part.empty() || part == ".") continue;
    out.push_back(std::move(part));
  }
  return out;
}

std::string clean_path(std::string_view path) {
  std::vector<std::string> out;
  for (auto& part : path_components(path)) {
    if (part == "..") {
      if (!out.empty()) out.pop_back();
    } else {
      out.push_back(std::move(part));
    }
  }
  return "/" + join(out, "/");
}

std::string fd_path(int fd) { return fmt::format("/proc/self/fd/{}", fd); }

UniqueFd open_in_root(int root_fd, std::string_view path, int flags, unsigned mode) {
  open_how how{};
  how.flags = static_cast<unsigned long long>(flags | O_CLOEXEC);
  how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  std::string p(path.empty() ? "." : path);
  for (;;) {
    long fd = sys_openat2(root_fd, p.c_str(), &how);
    if (fd >= 0) return UniqueFd(static_cast<int>(fd));
    if (errno == EINTR || errno == EAGAIN) continue;
    if (errno == ENOSYS) return open_in_root_fallback(root_fd, p, flags, mode);
    throw Error::last_errno("open", p);
  }
}

namespace {

// When `name` in `dir` is a symlink, the path (inside the root) it points to; else nullopt.
// Relative targets are read against `parent`, the in-root path of `dir`.
std::optional<std::string> symlink_target(int dir, const std::string& name, const std::string& parent) {
  char target[4096];
  ssize_t n = ::readlinkat(dir, name.c_str(), target, sizeof target - 1);
  if (n < 0) return std::nullopt;
  std::string t(target, static_cast<size_t>(n));
  return t.starts_with('/') ? t : parent + "/" + t;
}

UniqueFd mkdir_all_in_root_at_depth(int root_fd, std::string_view path, unsigned mode, int depth) {
  if (depth > kMaxSymlinks) throw Error::from_errno(ELOOP, "mkdir", std::string(path));
  // Usually the directory is there already (/proc, /dev/pts, /sys/fs/cgroup/...): one openat2
  // then, where the walk below costs a mkdirat, a readlinkat, an openat2 and a close for each
  // component (~60 syscalls of a container's mounts). Anything else takes the walk, which
  // reports the error or makes what is missing.
  try {
    return open_in_root(root_fd, path, O_PATH | O_DIRECTORY);
  } catch (const Error&) {
  }
  UniqueFd dir(::fcntl(root_fd, F_DUPFD_CLOEXEC, 3));
  if (!dir) throw Error::last_errno("dup", "root");
  std::string walked;
  for (const auto& name : path_components(path)) {
    std::string parent = walked.empty() ? "/" : walked;
    walked += "/" + name;
    if (name != "..") {
      if (::mkdirat(dir.get(), name.c_str(), mode) != 0 && errno != EEXIST)
        throw Error::last_errno("mkdir", walked);
      // A dangling symlink (often an absolute one meant for the host) is followed inside the
      // root, and what it names is created there, never on the host.
      if (auto target = symlink_target(dir.get(), name, parent)) {
        try {
          open_in_root(root_fd, walked, O_PATH | O_DIRECTORY);
        } catch (const Error& e) {
          if (e.err() != ENOENT) throw;
          mkdir_all_in_root_at_depth(root_fd, *target, mode, depth + 1);
        }
      }
    }
    // Re-resolve from the root each step so a symlink planted at this component stays inside.
    dir = open_in_root(root_fd, walked, O_PATH | O_DIRECTORY);
  }
  return dir;
}

}  // namespace

UniqueFd mkdir_all_in_root(int root_fd, std::string_view path, unsigned mode) {
  return mkdir_all_in_root_at_depth(root_fd, path, mode, 0);
}

UniqueFd create_file_in_root(int root_fd, std::string_view path, unsigned mode) {
  std::string clean = clean_path(path);
  for (int depth = 0; depth <= kMaxSymlinks; ++depth) {
    auto slash = clean.find_last_of('/');
    std::string parent = slash == 0 ? "/" : clean.substr(0, slash);
    std::string name = clean.substr(slash + 1);
    if (name.empty()) throw Error::from_errno(EISDIR, "create file", clean);
    UniqueFd dir = mkdir_all_in_root(root_fd, parent);
    // A directory fd opened with O_PATH cannot be used with openat(O_CREAT): reopen it.
    UniqueFd real_dir(::openat(dir.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!real_dir) throw Error::last_errno("open", parent);
    int fd = ::openat(real_dir.get(), name.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd >= 0) {
      ::close(fd);
    } else if (errno != EEXIST) {
      throw Error::last_errno("create", clean);
    } else if (auto target = symlink_target(real_dir.get(), name, parent)) {
      // Follow a symlink in the way, inside the root, and create the file it names.
      try {
        return open_in_root(root_fd, clean, O_PATH);
      } catch (const Error& e) {
        if (e.err() != ENOENT) throw;
      }
      clean = clean_path(*target);
      continue;
    }
    return open_in_root(root_fd, clean, O_PATH);
  }
  throw Error::from_errno(ELOOP, "create file", std::string(path));
}

}  // namespace berth

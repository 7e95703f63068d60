// Reading /etc/passwd and /etc/group from inside a container's rootfs.
#include "engine/user_lookup.hpp"

#include <fcntl.h>

#include <optional>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/safe_path.hpp"
#include "image/user_lookup.hpp"

namespace berth::engine {
namespace {

// The file's text read inside the rootfs, or nullopt when the image has no such file.
std::optional<std::string> read_in_rootfs(int root_fd, const char* path) {
  try {
    UniqueFd fd = open_in_root(root_fd, path, O_RDONLY);
    return read_fd(fd.get());
  } catch (const Error& e) {
    if (e.err() == ENOENT) return std::nullopt;  // docker: no file is the same as no entry
    throw;
  }
}

}  // namespace

ResolvedUser resolve_user(const std::string& rootfs, std::string_view spec) {
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root) throw Error::last_errno("open", rootfs);
  // docker's GetExecUser rules live with the builder's USER handling; share them.
  image::ExecUser u = image::resolve_exec_user(spec, read_in_rootfs(root.get(), "/etc/passwd"),
                                               read_in_rootfs(root.get(), "/etc/group"));
  ResolvedUser out;
  out.uid = u.uid;
  out.gid = u.gid;
  out.additional_gids.assign(u.additional_gids.begin(), u.additional_gids.end());
  out.home = u.home;
  return out;
}

}  // namespace berth::engine

// docker cp's path rules: Go's filepath semantics on absolute paths, and PrepareArchiveCopy.
#include "engine/copy_paths.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "base/error.hpp"
#include "base/safe_path.hpp"

namespace berth::engine {

CopyEndpoint split_copy_arg(std::string_view arg) {
  // An absolute path is local even with a ':' in it, and so is "./x:y": docker's way to name a
  // local file whose name has a colon.
  if (arg.starts_with('/')) return {"", std::string(arg)};
  auto colon = arg.find(':');
  if (colon == std::string_view::npos || arg.substr(0, colon).starts_with('.'))
    return {"", std::string(arg)};
  return {std::string(arg.substr(0, colon)), std::string(arg.substr(colon + 1))};
}

std::string path_base(std::string_view path) {
  if (path.empty()) return ".";
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (path == "/") return "/";
  auto slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string path_dir(std::string_view path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string_view::npos) return ".";
  return clean_path(path.substr(0, slash + 1));
}

bool has_trailing_separator(std::string_view path) { return !path.empty() && path.back() == '/'; }

bool specifies_current_dir(std::string_view path) { return path_base(path) == "."; }

std::string preserve_trailing_dot_or_separator(const std::string& cleaned,
                                               std::string_view original) {
  std::string out = cleaned;
  if (!specifies_current_dir(out) && specifies_current_dir(original)) {
    if (!has_trailing_separator(out)) out += '/';
    out += '.';
  }
  if (!has_trailing_separator(out) && has_trailing_separator(original)) out += '/';
  return out;
}

std::pair<std::string, std::string> split_path_dir_entry(std::string_view path) {
  std::string cleaned = clean_path(path);
  if (specifies_current_dir(path)) cleaned += cleaned == "/" ? "." : "/.";
  return {path_dir(cleaned), path_base(cleaned)};
}

std::string container_abs_path(std::string_view path) {
  return preserve_trailing_dot_or_separator(clean_path(path), path);
}

std::string local_abs_path(std::string_view path, std::string_view cwd) {
  std::string joined =
      path.starts_with('/') ? std::string(path) : std::string(cwd) + "/" + std::string(path);
  return preserve_trailing_dot_or_separator(clean_path(joined), path);
}

std::pair<std::string, std::string> rebase_name(std::string_view path, std::string resolved) {
  if (specifies_current_dir(path) && !specifies_current_dir(resolved)) resolved += "/.";
  if (has_trailing_separator(path) && !has_trailing_separator(resolved)) resolved += '/';
  std::string name = path_base(path) != path_base(resolved) ? path_base(path) : std::string();
  return {resolved, name};
}

CopyPlacement place_copy(const CopyInfo& src, const std::string& source_name, const CopyInfo& dst) {
  auto [dst_dir, dst_base] = split_path_dir_entry(dst.path);
  if (dst.exists && dst.is_dir) return {dst.path, source_name};
  if (dst.exists && src.is_dir) throw Error("cannot copy directory");
  // A file source can only become a file: a destination that asserts a directory must exist.
  if (!dst.exists && !src.is_dir &&
      (has_trailing_separator(dst.path) || specifies_current_dir(dst.path)))
    throw Error("no such directory");
  // Otherwise the archive lands in the destination's parent, its top entry renamed after it.
  return {dst_dir, dst_base};
}

std::optional<std::string> read_only_refusal(const std::vector<MountSpec>& mounts,
                                             bool read_only_rootfs, const std::string& abs_path) {
  const MountSpec* holder = nullptr;
  size_t holder_depth = 0;
  for (const auto& m : mounts) {
    if (m.type != "bind" && m.type != "volume") continue;
    std::string dest = clean_path(m.destination);
    bool holds = dest == "/" || abs_path == dest || abs_path.starts_with(dest + "/");
    size_t depth = path_components(dest).size();
    if (holds && (!holder || depth >= holder_depth)) {
      holder = &m;
      holder_depth = depth;
    }
  }
  if (holder) {
    if (holder->read_only) return "mounted volume is marked read-only";
    return std::nullopt;
  }
  if (read_only_rootfs) return "container rootfs is marked read-only";
  return std::nullopt;
}

std::optional<std::string> output_mode_refusal(mode_t mode) {
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "got a device";
  return std::nullopt;
}

}  // namespace berth::engine

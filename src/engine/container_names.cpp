// The name index of the container store (the rules are in the header).
#include "engine/container_names.hpp"

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <random>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"

namespace berth::engine {
namespace {

constexpr const char* kBootIdFile = ".boot_id";

std::string current_boot_id() {
  static const std::string id = read_file("/proc/sys/kernel/random/boot_id");
  return id;
}

std::string link_target(const std::string& path) {
  char buf[256];
  ssize_t n = ::readlink(path.c_str(), buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

std::string temp_name(const std::string& dir, std::string_view what) {
  return fmt::format("{}/.{}-{}-{:x}", dir, what, ::getpid(), std::random_device{}());
}

// Creates the link `path` -> `target`, replacing whatever is there in one rename.
void replace_link(const std::string& path, const std::string& target, const std::string& dir) {
  std::string temp = temp_name(dir, "tmp");
  if (::symlink(target.c_str(), temp.c_str()) != 0) throw Error::last_errno("symlink", temp);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temp.c_str());
    throw Error::from_errno(err, "rename", temp);
  }
}

}  // namespace

bool name_index_complete(const Paths& paths) {
  try {
    return read_file(paths.container_names() + "/" + kBootIdFile) == current_boot_id();
  } catch (const Error&) {
    return false;  // no index (an older root, or a rebuild under way)
  }
}

std::optional<std::string> indexed_id(const Paths& paths, const std::string& name) {
  std::string id = link_target(paths.container_names() + "/" + name);
  if (id.empty()) return std::nullopt;
  return id;
}

void index_name(const Paths& paths, const std::string& name, const std::string& id) {
  replace_link(paths.container_names() + "/" + name, id, paths.container_names());
}

void unindex_name(const Paths& paths, const std::string& name, const std::string& id) {
  std::string path = paths.container_names() + "/" + name;
  if (link_target(path) == id) ::unlink(path.c_str());
}

void rebuild_name_index(const Paths& paths, const std::vector<ContainerRecord>& records) {
  // Built aside and put in place by rename; a crash leaves a hidden temp directory (removed by
  // the next rebuild) or no index, and no index means "scan the records".
  const std::string dir = paths.container_names();
  const std::string fresh = temp_name(paths.containers(), "names-new");
  mkdir_all(fresh, 0700);
  for (const auto& r : records) {
    if (r.name.empty()) continue;
    std::string link = fresh + "/" + r.name;
    if (::symlink(r.id.c_str(), link.c_str()) != 0) throw Error::last_errno("symlink", link);
  }
  write_file_atomic(fresh + "/" + kBootIdFile, current_boot_id(), 0600, Durability::kSurvivesCrash);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (ec) throw Error::from_errno(ec.value(), "remove", dir);
  if (::rename(fresh.c_str(), dir.c_str()) != 0) throw Error::last_errno("rename", fresh);
  for (const auto& entry : std::filesystem::directory_iterator(paths.containers(), ec)) {
    if (entry.path().filename().string().starts_with(".names-new-")) std::filesystem::remove_all(entry.path(), ec);
  }
}

}  // namespace berth::engine

// The state store: one directory per container, records written atomically.
#include "runtime/container_state.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include <fmt/core.h>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/file_io.hpp"
#include "runtime/cgroups/manager.hpp"
#include "runtime/process_info.hpp"

namespace berth::runtime {

void validate_container_id(const std::string& id) {
  auto ok_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'; };
  if (id.empty() || !std::isalnum(static_cast<unsigned char>(id[0])) ||
      !std::all_of(id.begin(), id.end(), ok_char) || id.size() > 1024)
    throw Error(fmt::format("invalid container id \"{}\": must match [a-zA-Z0-9][a-zA-Z0-9_.-]*", id));
}

std::string StateStore::dir(const std::string& id) const { return root_ + "/" + id; }

void StateStore::reserve(const std::string& id) {
  validate_container_id(id);
  mkdir_all(root_, 0700);
  if (::mkdir(dir(id).c_str(), 0700) != 0) {
    if (errno == EEXIST) throw Error(fmt::format("container with id exists: {}", id));
    throw Error::last_errno("mkdir", dir(id));
  }
}

void StateStore::save(const ContainerRecord& r) {
  nlohmann::json j = {{"id", r.id},           {"bundle", r.bundle}, {"rootfs", r.rootfs},
                      {"pid", r.pid},         {"pidStartTime", r.pid_start_time},
                      {"created", r.created}, {"annotations", r.annotations},
                      {"cgroup", r.cgroup},   {"owner", r.owner},
                      {"poststartHooks", r.has_poststart_hooks}, {"poststopHooks", r.has_poststop_hooks}};
  // Live state: it names pids, which a reboot invalidates, so a rename without fsync is enough.
  write_file_atomic(dir(r.id) + "/state.json", j.dump(), 0600, Durability::kLiveState);
}

std::optional<ContainerRecord> StateStore::load(const std::string& id) const {
  if (id.empty() || id.find('/') != std::string::npos || id == "." || id == "..") return std::nullopt;
  std::string d = dir(id);
  struct stat st;
  if (::stat(d.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  ContainerRecord r;
  r.id = id;
  std::string text;
  try {
    text = read_file(d + "/state.json");
  } catch (const Error& e) {
    if (e.err() == ENOENT) return r;  // reserved, create not finished
    throw;
  }
  try {
    auto j = nlohmann::json::parse(text);
    r.bundle = j.value("bundle", "");
    r.rootfs = j.value("rootfs", "");
    r.pid = j.value("pid", 0);
    r.pid_start_time = j.value("pidStartTime", uint64_t{0});
    r.created = j.value("created", "");
    r.annotations = j.value("annotations", std::map<std::string, std::string>{});
    r.cgroup = j.value("cgroup", nlohmann::json());
    r.owner = j.value("owner", "");
    r.has_poststart_hooks = j.value("poststartHooks", true);
    r.has_poststop_hooks = j.value("poststopHooks", true);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}/state.json: corrupt state: {}", d, e.what()));
  }
  return r;
}

ContainerRecord StateStore::must_load(const std::string& id) const {
  auto r = load(id);
  if (!r) throw Error(fmt::format("container does not exist: {}", id));
  return *r;
}

void StateStore::remove(const std::string& id) {
  std::error_code ec;
  std::filesystem::remove_all(dir(id), ec);
  if (ec) throw Error::from_errno(ec.value(), "remove state", dir(id));
}

std::vector<std::string> StateStore::list() const {
  std::vector<std::string> ids;
  DIR* d = ::opendir(root_.c_str());
  if (!d) return ids;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    // Ids never start with a dot; such entries are the runtime's own (.seccomp-cache).
    if (name.starts_with('.') || e->d_type != DT_DIR) continue;
    ids.push_back(name);
  }
  ::closedir(d);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string StateStore::status(const ContainerRecord& r) const {
  if (r.pid == 0) return "creating";
  if (!is_same_live_process(r.pid, r.pid_start_time)) return "stopped";
  // Frozen first: a created container can be paused too (and resumes to created), as in runc.
  if (!r.cgroup.is_null()) {
    try {
      if (cgroups::load_manager(r.cgroup)->frozen()) return "paused";
    } catch (const Error&) {
      // The cgroup may be gone while the process lingers; the fifo and pid still tell.
    }
  }
  if (path_exists(fifo_path(r.id))) return "created";
  return "running";
}

oci::State StateStore::oci_state(const ContainerRecord& r) const {
  oci::State s;
  s.id = r.id;
  s.status = status(r);
  s.pid = r.pid;
  s.bundle = r.bundle;
  s.annotations = r.annotations;
  return s;
}

}  // namespace berth::runtime

// IPC groups: donors, joiners, the pinned namespace and the shared /dev/shm.
#include "engine/ipc_setup.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"

namespace berth::engine {
namespace {

bool is_mount_point(const std::string& path) {
  struct stat self, parent;
  if (::stat(path.c_str(), &self) != 0) return false;
  if (::stat(path.substr(0, path.rfind('/')).c_str(), &parent) != 0) return false;
  return self.st_dev != parent.st_dev;
}

// An unmounted pin is an empty file on the runroot's filesystem; a mounted one is an nsfs inode.
bool is_pinned(const std::string& pin) { return is_mount_point(pin); }

void detach(const std::string& path) {
  if (::umount2(path.c_str(), MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT)
    throw Error::last_errno("unmount", path);
}

}  // namespace

bool is_ipc_sysctl(const std::string& name) {
  return name == "kernel.msgmax" || name == "kernel.msgmnb" || name == "kernel.msgmni" || name == "kernel.sem" ||
         name == "kernel.shmall" || name == "kernel.shmmax" || name == "kernel.shmmni" ||
         name == "kernel.shm_rmid_forced" || name.starts_with("fs.mqueue.");
}

void assign_ipc_group(const ContainerStore& store, ContainerRecord& record) {
  IpcMode mode = parse_ipc_mode(record.host_config.ipc_mode);
  auto& hc = record.host_config;
  if (!mode.owns_namespace()) {
    for (const auto& [name, value] : hc.sysctls) {
      if (is_ipc_sysctl(name))
        throw Error(fmt::format("--sysctl {}: not allowed with --ipc {}: the container does not own its IPC "
                                "namespace",
                                name, mode.to_string()),
                    ExitCode::kEngine);
    }
  }
  if (hc.shm_size != 0 && !mode.owns_shm())
    throw Error(fmt::format("--shm-size cannot be used with --ipc {}: the container does not own its /dev/shm",
                            mode.to_string()),
                ExitCode::kEngine);
  record.ipc_group.clear();
  record.ipc_joiners_known = false;
  record.ipc_joiners.clear();
  if (mode.kind == IpcKind::kShareable) {
    record.ipc_group = record.id;
    record.ipc_joiners_known = true;  // a new group: no joiner yet
    return;
  }
  if (mode.kind != IpcKind::kContainer) return;
  auto donor = store.find(mode.target);
  if (!donor) throw Error(fmt::format("No such container: {}", mode.target), ExitCode::kEngine);
  if (donor->id == record.id) throw Error("cannot join own IPC namespace", ExitCode::kEngine);
  if (!is_running(*donor))
    throw Error(fmt::format("cannot join IPC of a non running container: {}", donor->name), ExitCode::kEngine);
  if (donor->ipc_group.empty()) {
    throw Error(fmt::format("cannot join IPC of container {}: its IPC namespace is not shareable (--ipc {}; "
                            "hint: start it with --ipc shareable)",
                            donor->name, donor->host_config.ipc_mode),
                ExitCode::kEngine);
  }
  record.ipc_group = donor->ipc_group;
  // The group's own record lists it first: a crash before this record exists leaves an entry
  // naming no record, which readers skip, never a member missing from the list.
  auto owner = donor->id == record.ipc_group ? donor : store.load(record.ipc_group);
  if (owner && owner->ipc_joiners_known) {
    owner->ipc_joiners.push_back(record.id);
    store.save(*owner, Durability::kSurvivesCrash);
  }
}

void forget_ipc_joiner(const ContainerStore& store, const ContainerRecord& joiner) {
  if (joiner.ipc_group.empty() || joiner.ipc_group == joiner.id) return;
  auto owner = store.load(joiner.ipc_group);
  if (!owner || !owner->ipc_joiners_known) return;
  auto& list = owner->ipc_joiners;
  auto gone = std::remove(list.begin(), list.end(), joiner.id);
  if (gone == list.end()) return;
  list.erase(gone, list.end());
  store.save(*owner, Durability::kSurvivesCrash);
}

IpcPlan prepare_ipc(const Paths& paths, const ContainerRecord& record) {
  IpcMode mode = parse_ipc_mode(record.host_config.ipc_mode);
  IpcPlan plan;
  plan.shm_size = record.host_config.shm_size > 0 ? record.host_config.shm_size : kDefaultShmSize;
  plan.owns_namespace = mode.owns_namespace();
  switch (mode.kind) {
    case IpcKind::kHost:
      plan.ns = IpcPlan::Namespace::kHost;
      plan.shm = IpcPlan::Shm::kBind;
      plan.shm_source = "/dev/shm";
      return plan;
    case IpcKind::kPath:
      plan.ns = IpcPlan::Namespace::kJoin;
      plan.ns_path = mode.target;
      return plan;
    case IpcKind::kNone:
      plan.shm = IpcPlan::Shm::kNone;
      return plan;
    case IpcKind::kPrivate:
      return plan;
    case IpcKind::kShareable:
    case IpcKind::kContainer:
      break;
  }
  const std::string& group = record.ipc_group;
  std::string shm = paths.ipc_shm(group), pin = paths.ipc_pin(group);
  if (mode.kind == IpcKind::kShareable && !is_mount_point(shm)) {
    mkdir_all(shm, 0755);
    std::string options = fmt::format("mode=1777,size={}", plan.shm_size);
    if (::mount("shm", shm.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, options.c_str()) != 0)
      throw Error::last_errno("mount tmpfs for /dev/shm", shm);
  }
  plan.shm = IpcPlan::Shm::kBind;
  plan.shm_source = shm;
  if (is_pinned(pin)) {
    plan.ns = IpcPlan::Namespace::kJoin;
    plan.ns_path = pin;
  } else if (mode.kind == IpcKind::kContainer) {
    throw Error(fmt::format("cannot join IPC of container {}: its namespace is gone", mode.target), ExitCode::kEngine);
  }
  return plan;
}

void pin_ipc_namespace(const Paths& paths, const ContainerRecord& record, pid_t pid) {
  if (record.ipc_group != record.id) return;  // only the donor pins, once
  std::string pin = paths.ipc_pin(record.ipc_group);
  if (is_pinned(pin)) return;
  mkdir_all(paths.ipc_group(record.ipc_group), 0755);
  int fd = ::open(pin.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0444);
  if (fd < 0) throw Error::last_errno("create", pin);
  ::close(fd);
  std::string source = fmt::format("/proc/{}/ns/ipc", pid);
  if (::mount(source.c_str(), pin.c_str(), nullptr, MS_BIND, nullptr) != 0)
    throw Error::last_errno("pin ipc namespace: bind " + source, pin);
}

namespace {

// Whether the record `id` is in `group`: its text must name the group (a 64-hex id), which spares
// parsing records that cannot be; then the parsed record decides.
bool record_in_group(const ContainerStore& store, const std::string& id, const std::string& group) {
  std::string text;
  try {
    text = read_file(store.paths().record(id));
  } catch (const Error&) {
    return false;  // removed meanwhile, or not written yet: as list() skips it
  }
  if (text.find("\"" + group + "\"") == std::string::npos) return false;
  return store.parse(id, text).ipc_group == group;
}

}  // namespace

bool ipc_group_unused(const ContainerStore& store, const std::string& group, const std::string& leaving_id) {
  if (group.empty()) return false;
  // The group is named by its own record's id. While that record exists it is a member; when it
  // is the one leaving and lists its joiners, only they need reading. Read again here, under the
  // store lock, rather than taken from the caller: a joiner added since the caller read it is
  // on the list on disk only.
  if (auto owner = store.load(group); owner && owner->ipc_group == group) {
    if (owner->id != leaving_id) return false;
    if (owner->ipc_joiners_known) {
      for (const auto& id : owner->ipc_joiners)
        if (id != leaving_id && record_in_group(store, id, group)) return false;
      return true;
    }
  }
  // No list (an owner made by an older berth, or removed before its joiners): every record.
  for (const auto& id : store.ids()) {
    if (id != leaving_id && record_in_group(store, id, group)) return false;
  }
  return true;
}

void release_ipc_group(const Paths& paths, const std::string& group) {
  detach(paths.ipc_pin(group));
  detach(paths.ipc_shm(group));
  ::unlink(paths.ipc_pin(group).c_str());
  ::rmdir(paths.ipc_shm(group).c_str());
  ::rmdir(paths.ipc_group(group).c_str());
}

uint64_t ipc_namespace_inode(pid_t pid) {
  struct stat st;
  std::string path = fmt::format("/proc/{}/ns/ipc", pid);
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_ino;
}

}  // namespace berth::engine

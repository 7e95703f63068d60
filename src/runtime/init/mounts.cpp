// config.json mounts, each destination resolved inside the rootfs and mounted through its fd.
#include <fcntl.h>
#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <optional>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/safe_path.hpp"
#include "base/strings.hpp"
#include "runtime/init/mount_options.hpp"
#include "runtime/init/rootfs.hpp"

namespace berth::runtime {
namespace {

constexpr unsigned long kRemountable = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS |
                                       MS_DIRSYNC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME |
                                       MS_STRICTATIME | MS_MANDLOCK | MS_LAZYTIME;

void mount_at(const char* source, int target_fd, const char* type, unsigned long flags,
              const std::string& data, const std::string& dest) {
  if (::mount(source, fd_path(target_fd).c_str(), type, flags, data.empty() ? nullptr : data.c_str()) != 0)
    throw Error::last_errno(fmt::format("mount {}", type ? type : "bind"), dest);
}

// Re-resolves `dest` after a mount so the fd names the new mount, not the directory beneath it.
UniqueFd reopen(int root_fd, const std::string& dest) { return open_in_root(root_fd, dest, O_PATH); }

void set_propagation(int root_fd, const std::string& dest, const MountFlags& f) {
  if (!f.propagation) return;
  auto fd = reopen(root_fd, dest);
  mount_at(nullptr, fd.get(), nullptr, f.propagation, {}, dest);
}

void make_recursively_readonly(int root_fd, const std::string& dest) {
  auto fd = reopen(root_fd, dest);
  mount_attr attr{};
  attr.attr_set = MOUNT_ATTR_RDONLY;
  if (::syscall(SYS_mount_setattr, fd.get(), "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) != 0)
    throw Error::last_errno("mount_setattr rro", dest);
}

void bind_mount(int root_fd, const oci::Mount& m, const MountFlags& f, const std::string& bundle) {
  std::string source = m.source.starts_with("/") ? m.source : bundle + "/" + m.source;
  struct stat st;
  if (::stat(source.c_str(), &st) != 0) throw Error::last_errno("bind mount source", source);
  UniqueFd target = S_ISDIR(st.st_mode) ? mkdir_all_in_root(root_fd, m.destination)
                                        : create_file_in_root(root_fd, m.destination);
  mount_at(source.c_str(), target.get(), nullptr, MS_BIND | (f.flags & MS_REC), {}, m.destination);
  unsigned long extra = f.flags & kRemountable;
  if (extra) {
    auto fd = reopen(root_fd, m.destination);
    std::string p = fd_path(fd.get());
    unsigned long flags = MS_BIND | MS_REMOUNT | extra;
    if (::mount(nullptr, p.c_str(), nullptr, flags, nullptr) != 0) {
      // In a user namespace the source's nosuid/nodev/noexec are locked: keep them and retry.
      struct statvfs sv;
      if (errno != EPERM || ::statvfs(p.c_str(), &sv) != 0) throw Error::last_errno("remount bind", m.destination);
      if (sv.f_flag & ST_NOSUID) flags |= MS_NOSUID;
      if (sv.f_flag & ST_NODEV) flags |= MS_NODEV;
      if (sv.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
      if (::mount(nullptr, p.c_str(), nullptr, flags, nullptr) != 0)
        throw Error::last_errno("remount bind", m.destination);
    }
  }
  if (f.recursive_readonly) make_recursively_readonly(root_fd, m.destination);
  set_propagation(root_fd, m.destination, f);
}

// The container's own cgroups from /proc/self/cgroup ("N:controllers:/path"), read once: the
// init has been placed in them already.
class OwnCgroups {
 public:
  OwnCgroups() {
    for (const auto& line : split(read_file("/proc/self/cgroup"), '\n')) {
      auto f = split(line, ':');
      if (f.size() >= 3) paths_.emplace_back(f[1], line.substr(f[0].size() + f[1].size() + 2));
    }
  }
  const std::string& of(const std::string& controllers) const {
    static const std::string root = "/";
    for (const auto& [c, path] : paths_)
      if (c == controllers) return path;
    return root;
  }

 private:
  std::vector<std::pair<std::string, std::string>> paths_;
};

// A directory of the tmpfs this init has just mounted: nothing else has had a chance to put a
// symlink there (and O_NOFOLLOW refuses one), so one mkdirat and one openat replace a walk from
// the root per hierarchy. The second open, after a mount on it, names the new mount.
UniqueFd open_tmpfs_dir(int tmpfs_fd, const std::string& name, const std::string& dest) {
  UniqueFd fd(::openat(tmpfs_fd, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) throw Error::last_errno("open", dest);
  return fd;
}

// cgroup v1: a tmpfs holding one mount per hierarchy, each showing only the container's own
// cgroup: with a cgroup namespace, a fresh cgroup mount (rooted at the namespace's cgroup);
// without one, a bind of the container's directory, as runc does.
void mount_cgroup_v1(int root_fd, const oci::Mount& m, const MountFlags& f, bool cgroup_ns,
                     const std::vector<cgroups::v1::Hierarchy>& hierarchies) {
  auto dir = mkdir_all_in_root(root_fd, m.destination);
  mount_at("tmpfs", dir.get(), "tmpfs", f.flags & ~MS_RDONLY & kRemountable, "mode=755", m.destination);
  UniqueFd tmpfs = reopen(root_fd, m.destination);
  std::optional<OwnCgroups> own;
  if (!cgroup_ns) own.emplace();
  const std::string host_root = "/sys/fs/cgroup/";
  for (const auto& h : hierarchies) {
    if (!h.mount_point.starts_with(host_root)) continue;
    std::string name = h.mount_point.substr(host_root.size());
    if (name.empty() || name.find('/') != std::string::npos) continue;
    std::string dest = m.destination + "/" + name;
    if (::mkdirat(tmpfs.get(), name.c_str(), 0755) != 0 && errno != EEXIST) throw Error::last_errno("mkdir", dest);
    auto target = open_tmpfs_dir(tmpfs.get(), name, dest);
    if (cgroup_ns) {
      mount_at("cgroup", target.get(), "cgroup", f.flags & kRemountable, h.controllers, dest);
      continue;
    }
    std::string host = h.mount_point + own->of(h.controllers);
    mount_at(host.c_str(), target.get(), nullptr, MS_BIND | MS_REC, {}, dest);
    auto mounted = open_tmpfs_dir(tmpfs.get(), name, dest);
    mount_at(nullptr, mounted.get(), nullptr,
             MS_BIND | MS_REMOUNT | (f.flags & kRemountable) | MS_NOSUID | MS_NODEV | MS_NOEXEC, {}, dest);
  }
  if (f.flags & MS_RDONLY)
    mount_at(nullptr, tmpfs.get(), nullptr, MS_REMOUNT | (f.flags & kRemountable), "mode=755", m.destination);
}

void mount_cgroup(int root_fd, const oci::Mount& m, const MountFlags& f, bool cgroup_ns,
                  const cgroups::HostCgroups* host_cgroups) {
  cgroups::HostCgroups read_here;
  if (!host_cgroups) host_cgroups = &(read_here = cgroups::read_host_cgroups());
  if (host_cgroups->version == cgroups::Version::kV1)
    return mount_cgroup_v1(root_fd, m, f, cgroup_ns, host_cgroups->v1_hierarchies);
  auto dir = mkdir_all_in_root(root_fd, m.destination);
  // In a cgroup namespace a fresh cgroup2 mount shows the container's subtree; without one,
  // bind the container's own directory so the host's tree stays out of view.
  if (::mount("cgroup2", fd_path(dir.get()).c_str(), "cgroup2", f.flags & kRemountable, nullptr) == 0) return;
  std::string host = "/sys/fs/cgroup" + OwnCgroups().of("");
  mount_at(host.c_str(), dir.get(), nullptr, MS_BIND | MS_REC, {}, m.destination);
  auto fd = reopen(root_fd, m.destination);
  mount_at(nullptr, fd.get(), nullptr, MS_BIND | MS_REMOUNT | (f.flags & kRemountable), {}, m.destination);
}

// `cgroup_ns`: the container has a cgroup namespace of its own (new or joined).
void mount_one(int root_fd, const oci::Mount& m, const std::string& bundle, bool cgroup_ns,
               const cgroups::HostCgroups* host_cgroups) {
  MountFlags f = parse_mount_options(m.options);
  std::string type = m.type;
  if (f.is_bind() || type == "bind" || type == "rbind") {
    if (type == "rbind") f.flags |= MS_REC;
    return bind_mount(root_fd, m, f, bundle);
  }
  if (type == "cgroup" || type == "cgroup2") return mount_cgroup(root_fd, m, f, cgroup_ns, host_cgroups);
  auto target = mkdir_all_in_root(root_fd, m.destination);
  unsigned long flags = f.flags & ~MS_REMOUNT;
  const char* source = m.source.empty() ? type.c_str() : m.source.c_str();
  if (::mount(source, fd_path(target.get()).c_str(), type.c_str(), flags,
              f.data.empty() ? nullptr : f.data.c_str()) != 0) {
    // Without a network namespace of its own, sysfs cannot be mounted: bind the host's instead.
    if (type == "sysfs" && errno == EPERM) {
      mount_at("/sys", target.get(), nullptr, MS_BIND | MS_REC, {}, m.destination);
      auto fd = reopen(root_fd, m.destination);
      mount_at(nullptr, fd.get(), nullptr, MS_BIND | MS_REMOUNT | (flags & kRemountable), {}, m.destination);
    } else {
      throw Error::last_errno(fmt::format("mount {}", type), m.destination);
    }
  }
  if (f.recursive_readonly) make_recursively_readonly(root_fd, m.destination);
  set_propagation(root_fd, m.destination, f);
}

bool shows_container_cgroup(const oci::Mount& m) {
  if (m.type == "cgroup" || m.type == "cgroup2") return true;
  return m.source == "/sys/fs/cgroup" || m.source.starts_with("/sys/fs/cgroup/");
}

}  // namespace

void mount_all(int root_fd, const oci::Spec& spec, const std::string& bundle,
               const cgroups::HostCgroups* host_cgroups, const std::function<void()>& enter_cgroup) {
  for (size_t i = 0; i < spec.mounts.size(); ++i) {
    if (shows_container_cgroup(spec.mounts[i])) enter_cgroup();
    try {
      mount_one(root_fd, spec.mounts[i], bundle, spec.find_namespace("cgroup") != nullptr, host_cgroups);
    } catch (Error& e) {
      throw std::move(e).context(fmt::format("mounts[{}]", i));
    }
  }
}

}  // namespace berth::runtime

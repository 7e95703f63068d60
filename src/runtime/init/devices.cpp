// /dev inside the container: the spec's default devices, linux.devices, and the usual symlinks.
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/safe_path.hpp"
#include "runtime/init/rootfs.hpp"

namespace berth::runtime {
namespace {

// The runtime spec's "Default Devices".
const oci::Device kDefaultDevices[] = {
    {"c", "/dev/null", 1, 3, 0666, 0, 0},    {"c", "/dev/zero", 1, 5, 0666, 0, 0},
    {"c", "/dev/full", 1, 7, 0666, 0, 0},    {"c", "/dev/random", 1, 8, 0666, 0, 0},
    {"c", "/dev/urandom", 1, 9, 0666, 0, 0}, {"c", "/dev/tty", 5, 0, 0666, 0, 0},
};

struct Symlink {
  const char* target;
  const char* path;
};

constexpr Symlink kSymlinks[] = {
    {"/proc/self/fd", "/dev/fd"},     {"/proc/self/fd/0", "/dev/stdin"},
    {"/proc/self/fd/1", "/dev/stdout"}, {"/proc/self/fd/2", "/dev/stderr"},
    {"/proc/kcore", "/dev/core"},     {"pts/ptmx", "/dev/ptmx"},
};

mode_t device_type_bits(const std::string& type) {
  if (type == "b") return S_IFBLK;
  if (type == "p") return S_IFIFO;
  return S_IFCHR;  // "c" and "u"
}

void split_parent(const std::string& path, std::string& parent, std::string& name) {
  std::string clean = clean_path(path);
  auto slash = clean.find_last_of('/');
  parent = slash == 0 ? "/" : clean.substr(0, slash);
  name = clean.substr(slash + 1);
}

void make_node(int root_fd, const oci::Device& d) {
  std::string parent, name;
  split_parent(d.path, parent, name);
  UniqueFd dir = mkdir_all_in_root(root_fd, parent);
  mode_t mode = d.file_mode.value_or(0666) & 07777;
  // Whatever the image holds at this path (a regular file, a stale node) gives way to the device.
  if (::unlinkat(dir.get(), name.c_str(), 0) != 0 && errno != ENOENT)
    throw Error::last_errno("remove before mknod", d.path);
  dev_t dev = makedev(static_cast<unsigned>(d.major), static_cast<unsigned>(d.minor));
  if (::mknodat(dir.get(), name.c_str(), device_type_bits(d.type) | mode, dev) != 0)
    throw Error::last_errno("mknod", d.path);
  // mknod is subject to the umask: set the mode the config asked for explicitly.
  if (::fchmodat(dir.get(), name.c_str(), mode, 0) != 0) throw Error::last_errno("chmod", d.path);
  if (::fchownat(dir.get(), name.c_str(), d.uid.value_or(0), d.gid.value_or(0), AT_SYMLINK_NOFOLLOW) != 0)
    throw Error::last_errno("chown", d.path);
}

// In a user namespace mknod is refused: bind the host's device node onto an empty file.
void bind_node(int root_fd, const oci::Device& d) {
  UniqueFd target = create_file_in_root(root_fd, d.path);
  if (::mount(d.path.c_str(), fd_path(target.get()).c_str(), nullptr, MS_BIND, nullptr) != 0)
    throw Error::last_errno("bind device", d.path);
}

void make_symlinks(int root_fd) {
  UniqueFd dev = mkdir_all_in_root(root_fd, "/dev");
  for (const auto& s : kSymlinks) {
    const char* name = s.path + 5;  // strip "/dev/"
    if (::symlinkat(s.target, dev.get(), name) != 0 && errno != EEXIST)
      throw Error::last_errno("symlink", s.path);
  }
  for (const char* d : {"pts", "shm", "mqueue"})
    if (::mkdirat(dev.get(), d, 0755) != 0 && errno != EEXIST)
      throw Error::last_errno("mkdir", fmt::format("/dev/{}", d));
}

bool dev_is_host_bind(const oci::Spec& spec) {
  for (const auto& m : spec.mounts) {
    if (clean_path(m.destination) != "/dev") continue;
    if (m.type == "bind") return true;
    for (const auto& o : m.options)
      if (o == "bind" || o == "rbind") return true;
  }
  return false;
}

}  // namespace

void create_devices(int root_fd, const oci::Spec& spec, bool in_user_namespace) {
  if (dev_is_host_bind(spec)) return;  // the host's /dev is there already
  std::vector<oci::Device> devices;
  for (const auto& d : kDefaultDevices) {
    bool overridden = false;
    if (spec.linux_)
      for (const auto& c : spec.linux_->devices)
        if (clean_path(c.path) == d.path) overridden = true;
    if (!overridden) devices.push_back(d);
  }
  if (spec.linux_) devices.insert(devices.end(), spec.linux_->devices.begin(), spec.linux_->devices.end());
  for (const auto& d : devices) {
    try {
      if (in_user_namespace) bind_node(root_fd, d);
      else make_node(root_fd, d);
    } catch (Error& e) {
      throw std::move(e).context("create devices");
    }
  }
  make_symlinks(root_fd);
}

}  // namespace berth::runtime

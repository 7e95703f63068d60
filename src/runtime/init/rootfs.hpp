// The container's filesystem view, built in its new mount namespace before and after pivot_root.
#pragma once

#include <functional>
#include <string>

#include "base/unique_fd.hpp"
#include "oci/spec.hpp"
#include "runtime/cgroups/manager.hpp"

namespace berth::runtime {

// Before the mounts: set "/" to the config's propagation (rslave by default) so nothing we
// mount leaks to the host, and bind the rootfs onto itself so it is a mount point pivot_root
// accepts. Returns an O_PATH fd to the (bound) rootfs, the anchor for every later path.
UniqueFd prepare_rootfs(const oci::Spec& spec, const std::string& rootfs);

// Mounts every entry of config.json's mounts, destinations resolved inside the rootfs.
// `host_cgroups`: what the runtime read before the clone, for a cgroup mount in a mount
// namespace copied from its own; nullptr (a joined mount namespace): read here.
// `enter_cgroup` is called before the first mount that shows the container's own cgroup (a
// cgroup mount, or a bind from under /sys/fs/cgroup): see cgroup_gate.hpp.
void mount_all(int root_fd, const oci::Spec& spec, const std::string& bundle,
               const cgroups::HostCgroups* host_cgroups, const std::function<void()>& enter_cgroup);

// Creates the default devices (null, zero, full, random, urandom, tty), the config's
// linux.devices and the /dev symlinks. In a user namespace mknod is not allowed, so devices
// are bind mounts of the host's nodes there.
void create_devices(int root_fd, const oci::Spec& spec, bool in_user_namespace);

// Makes the rootfs "/": pivot_root, or with `no_pivot` a move mount and chroot (for ramfs roots).
void enter_rootfs(const std::string& rootfs, bool no_pivot);

// After the pivot: "/" gets rootfsPropagation, paths are masked and made read-only, and the
// root is remounted read-only when root.readonly says so.
void apply_root_propagation(const oci::Spec& spec);
void mask_paths(const std::vector<std::string>& paths);
void make_paths_readonly(const std::vector<std::string>& paths);
void remount_root_readonly();

// Writes linux.sysctl into /proc/sys (the container's, after pivot).
void write_sysctls(const std::map<std::string, std::string>& sysctl);

// Checks that the namespaced sysctls in the config can be set: kernel.shm*/msg*/sem and
// fs.mqueue.* need a new ipc namespace, net.* a new network namespace (runc's rule). Others
// are refused as host-wide. Throws naming linux.sysctl.<key>.
void validate_sysctls(const oci::Spec& spec);

}  // namespace berth::runtime

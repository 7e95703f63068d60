// The container's files as `berth cp` sees them, which is what docker's cp sees: its rootfs with
// its volumes, bind mounts and /etc/hostname, /etc/hosts and /etc/resolv.conf mounted at their
// destinations; not its tmpfs mounts, /proc, /sys or /dev, which only exist in the container's
// own mount namespace. The same whether the container runs or not.
//
// The mounts are made in a mount namespace of this process alone (unshare(CLONE_NEWNS), every
// mount private): nothing shows on the host or in the container, and all of them go with the
// process, even when it is killed. A running container's rootfs is its start's mount (as this
// namespace got a copy of it); a stopped container's overlay is mounted here, under its start
// lock so that no start mounts it meanwhile.
//
// Every path inside the view is resolved from root() with RESOLVE_IN_ROOT (base/safe_path.hpp):
// a symlink in the container never leads to the host's files.
#pragma once

#include <optional>
#include <string>

#include "base/process_lock.hpp"
#include "base/unique_fd.hpp"
#include "engine/container_rootfs.hpp"
#include "engine/container_store.hpp"

namespace berth::engine {

class CopyView {
 public:
  // Enters the private namespace (before any thread starts: unshare needs a single thread).
  // Throws docker's "No such container: REF" when the container is removed meanwhile.
  CopyView(const ContainerStore& store, const ContainerRecord& record, const std::string& ref);
  CopyView(const CopyView&) = delete;
  CopyView& operator=(const CopyView&) = delete;

  // An O_PATH fd of the container's "/".
  int root() const { return root_.get(); }
  const ContainerRecord& record() const { return record_; }
  // The path inside the container of `fd`, an fd of something in the view: "/vol/sub".
  std::string container_path(int fd) const;
  // Makes what a copy wrote into a stopped container's layer durable, as its stop would have
  // (its overlay is volatile: image/overlay.hpp). A running container's stop does it.
  void sync_layer() const;

 private:
  bool attach_running_rootfs(int host_namespace);
  void mount_stopped_rootfs();
  void mount_container_mounts();
  void bind(const std::string& source, const std::string& destination, bool recursive,
            bool read_only);

  const ContainerStore& store_;
  ContainerRecord record_;
  std::string ref_;
  std::optional<ProcessLock> starting_;      // held while this view has the stopped rootfs mounted
  std::optional<RootfsForCopy> own_rootfs_;  // the overlay mounted here, for a stopped container
  UniqueFd root_;
  std::string root_path_;  // where root() is in this namespace, for container_path()
};

}  // namespace berth::engine

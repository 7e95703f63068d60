// A container's root filesystem: the image's layers under its own upper, mounted at
// <runroot>/containers/<id>/rootfs.
#pragma once

#include "base/unique_fd.hpp"
#include "engine/container_record.hpp"
#include "engine/paths.hpp"

namespace berth::engine {

// Mounts the container's overlay unless it is mounted already.
void mount_container_rootfs(const Paths& p, const ContainerRecord& r);

// The container's rootfs for a copy out of it or into its volumes (create's volume prefill,
// export), mounted the first time fd() is asked and unmounted when this goes; `start` mounts it
// again. Only for a container that is not running: hold its start lock meanwhile.
class RootfsForCopy {
 public:
  RootfsForCopy(const Paths& p, const ContainerRecord& r) : p_(p), r_(r) {}
  RootfsForCopy(const RootfsForCopy&) = delete;
  RootfsForCopy& operator=(const RootfsForCopy&) = delete;
  ~RootfsForCopy();

  // An O_PATH fd of the mounted rootfs.
  int fd();

 private:
  const Paths& p_;
  const ContainerRecord& r_;
  bool mounted_ = false;
  UniqueFd root_;
};

}  // namespace berth::engine

// One build step's root filesystem (an overlay of the layers so far plus a fresh upper dir)
// and RUN: the step's command in a container made by the in-process runtime.
//
//   <runroot>/builds/<id>/config.json   the bundle of a RUN container
//   <runroot>/builds/<id>/rootfs/       the overlay mount
//   <root>/build-tmp/<id>/{upper,work}  the overlay's upper and work dirs (on disk: a RUN may
//                                       write gigabytes, /run is usually a small tmpfs)
//   <runroot>/build-runtime/            the runtime's state of RUN containers
//   <runroot>/builds/<id>.lock          flock held by the build using <id>, made (locked, under
//                                       a temporary name) before anything else of the step
// Everything is unmounted and removed when the step ends, whether it failed or not. What a
// killed build left behind (its lock no longer held) is removed by the next build.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/unique_fd.hpp"
#include "image/store.hpp"
#include "image/user_lookup.hpp"

namespace berth::image {

struct BuildPaths {
  std::string root;           // the engine's --root
  std::string runroot;        // the engine's --runroot
  std::string cgroup_parent;  // RUN containers' cgroups go below it
};

class StepRootfs {
 public:
  // Mounts the overlay of `lower_dirs` (lowest first, as Store::layer_dirs gives them).
  StepRootfs(const BuildPaths& paths, const std::vector<std::string>& lower_dirs);
  ~StepRootfs();
  StepRootfs(const StepRootfs&) = delete;
  StepRootfs& operator=(const StepRootfs&) = delete;

  const std::string& id() const { return id_; }  // 12 hex digits, also the RUN container's name
  const std::string& path() const { return mount_; }
  const std::string& bundle() const { return bundle_; }
  int fd() const { return root_fd_.get(); }  // an O_PATH fd of the mounted root
  // Removes directories the runtime made as mount points (they are no change of the step).
  void forget_mount_points(const std::vector<std::string>& names);
  // Unmounts and stores what the step changed as a layer; returns its diff id, or "" when the
  // step changed nothing.
  std::string commit(Store& store);

 private:
  void cleanup() noexcept;

  std::string id_;
  std::string bundle_;   // <runroot>/builds/<id>
  std::string mount_;    // <bundle>/rootfs
  std::string scratch_;  // <root>/build-tmp/<id>
  std::string upper_;
  UniqueFd root_fd_;
  UniqueFd lock_;
  bool mounted_ = false;
};

// Removes the steps of builds that were killed: unlocked <id>.lock files, their container,
// mount, bundle and scratch dirs.
void remove_stale_steps(const BuildPaths& paths);

struct RunCommand {
  std::vector<std::string> args;
  std::vector<std::string> env;  // KEY=VALUE
  std::string cwd = "/";
  ExecUser user;
  nlohmann::json seccomp;  // the container's linux.seccomp (BuildOptions::run_seccomp); null: none
};

// Runs `cmd` in a container on `rootfs` with /dev/null as stdin and `out_fd`/`err_fd` as its
// stdout/stderr; returns its exit code (128+N when killed by signal N). SIGINT, SIGTERM and
// SIGHUP kill the container and then throw Error "build interrupted".
int run_step(const BuildPaths& paths, StepRootfs& rootfs, const RunCommand& cmd, int out_fd, int err_fd);

// 12 random hex digits.
std::string random_hex_id();

}  // namespace berth::image

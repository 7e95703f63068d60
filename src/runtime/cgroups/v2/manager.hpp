// cgroups::v2::Manager: one directory in the unified hierarchy.
#pragma once

#include <string>
#include <vector>

#include "runtime/cgroups/manager.hpp"

namespace berth::cgroups::v2 {

// Where the unified hierarchy is mounted on a pure v2 host.
inline constexpr const char* kDefaultRoot = "/sys/fs/cgroup";

class Manager final : public cgroups::Manager {
 public:
  // `root`: the unified mount (tests pass a fake cgroupfs; a hybrid host's is
  // /sys/fs/cgroup/unified); `path`: the cgroup below it. Throws Error for a bad path.
  Manager(std::string root, const std::string& path);

  Version version() const override { return Version::kV2; }
  void create() override;
  // Device rules become an eBPF program attached to the cgroup (BPF_CGROUP_DEVICE), replacing
  // the one an earlier apply attached; an empty list leaves the current one. In a user namespace
  // (rootless), where bpf(2) is refused, they are dropped with a debug line, as runc does.
  void apply(const oci::Resources& resources) override;
  void add_process(pid_t pid) override;
  Placement open_placement() const override;
  void freeze() override;
  void thaw() override;
  bool frozen() const override;
  std::vector<pid_t> pids() const override;
  void destroy() override;
  nlohmann::json to_json() const override;
  nlohmann::json stats() const override;

  const std::string& dir() const { return dir_; }

 private:
  std::string root_, path_, dir_;
};

}  // namespace berth::cgroups::v2

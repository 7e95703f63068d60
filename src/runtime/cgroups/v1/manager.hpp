// cgroups::v1::Manager: one directory per mounted v1 hierarchy, the same path in each.
#pragma once

#include <string>
#include <vector>

#include "runtime/cgroups/manager.hpp"
#include "runtime/cgroups/v1/controllers.hpp"
#include "runtime/cgroups/v1/mountinfo.hpp"

namespace berth::cgroups::v1 {

class Manager final : public cgroups::Manager {
 public:
  // `roots`: where each controller's hierarchy is mounted (tests pass a fake cgroupfs);
  // `path`: the cgroup below every root, e.g. "/berth/abc". Throws Error for a bad path.
  Manager(Roots roots, const std::string& path);

  Version version() const override { return Version::kV1; }
  void create() override;
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

  // The cgroup's directory in `controller`'s hierarchy; empty when it is not mounted.
  std::string dir(const std::string& controller) const;
  const std::string& path() const { return path_; }

 private:
  // One directory per hierarchy (co-mounted controllers share one).
  std::vector<std::string> hierarchy_dirs() const;
  std::string require_dir(const std::string& controller, const char* why) const;
  void act(const std::string& controller, const Plan& plan) const;
  MemoryState memory_state() const;

  Roots roots_;
  std::string path_;
};

}  // namespace berth::cgroups::v1

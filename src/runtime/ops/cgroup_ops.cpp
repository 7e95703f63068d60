// The operations on a live container's cgroup: pause and resume (freezer), update, stats, pids.
#include "base/error.hpp"
#include "runtime/cgroups/manager.hpp"
#include "runtime/ops.hpp"

namespace berth::runtime {
namespace {

std::unique_ptr<cgroups::Manager> cgroup_of(const ContainerRecord& r) {
  if (r.cgroup.is_null()) throw Error("container has no cgroup");
  return cgroups::load_manager(r.cgroup);
}

}  // namespace

void pause_container(StateStore& store, const std::string& id) {
  ContainerRecord r = store.must_load(id);
  std::string status = store.status(r);
  if (status != "running" && status != "created") throw Error("container not running");
  cgroup_of(r)->freeze();
}

void resume_container(StateStore& store, const std::string& id) {
  ContainerRecord r = store.must_load(id);
  if (store.status(r) != "paused") throw Error("container not paused");
  cgroup_of(r)->thaw();
}

void update_container(StateStore& store, const std::string& id, const oci::Resources& resources) {
  ContainerRecord r = store.must_load(id);
  std::string status = store.status(r);
  if (status == "stopped" || status == "creating") throw Error("container not running");
  cgroup_of(r)->apply(resources);
}

nlohmann::json container_stats(const StateStore& store, const std::string& id) {
  ContainerRecord r = store.must_load(id);
  if (store.status(r) == "stopped") throw Error("container not running");
  return cgroup_of(r)->stats();
}

std::vector<pid_t> container_pids(const StateStore& store, const std::string& id) {
  ContainerRecord r = store.must_load(id);
  if (r.cgroup.is_null()) return {};
  return cgroup_of(r)->pids();
}

}  // namespace berth::runtime

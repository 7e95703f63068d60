// What the runtime remembers about each container, on disk under --root/<id>/.
//
// Layout (see docs/state.md):
//   <root>/<id>/state.json   ContainerRecord, written atomically once create has succeeded
//   <root>/<id>/config.json  the config as it was at create (later commands never reread the bundle)
//   <root>/<id>/exec.fifo    present from create until start: init blocks opening it for write
// A directory without state.json is a create that did not finish (or is under way):
// its status is "creating" and delete --force cleans it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "oci/state.hpp"

namespace berth::runtime {

struct ContainerRecord {
  std::string id;
  std::string bundle;
  std::string rootfs;
  pid_t pid = 0;
  uint64_t pid_start_time = 0;
  std::string created;  // RFC 3339
  std::map<std::string, std::string> annotations;
  nlohmann::json cgroup;  // cgroups::Manager::to_json(); null when none was made
  std::string owner;      // uid of the creator, for `list`
  // Whether config.json has poststart / poststop hooks: when it has none, start and delete need
  // not read and parse it again (~0.3 ms each). Records of an older berth-runtime lack the
  // fields: true, so the config is read as before.
  bool has_poststart_hooks = true;
  bool has_poststop_hooks = true;
};

class StateStore {
 public:
  explicit StateStore(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string dir(const std::string& id) const;
  std::string fifo_path(const std::string& id) const { return dir(id) + "/exec.fifo"; }

  // Reserves `id` by creating its directory; throws "container with id exists" when taken.
  void reserve(const std::string& id);
  void save(const ContainerRecord& record);
  // The record, or nullopt when the container is unknown. A reserved id without a record
  // yields a record with only `id` set (status "creating").
  std::optional<ContainerRecord> load(const std::string& id) const;
  // Like load but throws "container does not exist" (runc's wording) when unknown.
  ContainerRecord must_load(const std::string& id) const;
  void remove(const std::string& id);
  std::vector<std::string> list() const;

  // The status right now: creating, created, running, paused or stopped.
  std::string status(const ContainerRecord& record) const;
  oci::State oci_state(const ContainerRecord& record) const;

 private:
  std::string root_;
};

// Container ids: runc's rule, [a-zA-Z0-9][a-zA-Z0-9_.-]* (no slashes, no "..").
void validate_container_id(const std::string& id);

}  // namespace berth::runtime

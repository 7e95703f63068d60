// The containers' records on disk: names unique under a lock, lookup by name (an index), id or
// id prefix.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/file_io.hpp"
#include "base/file_lock.hpp"
#include "base/process_lock.hpp"
#include "engine/container_record.hpp"
#include "engine/paths.hpp"

namespace berth::engine {

class ContainerStore {
 public:
  explicit ContainerStore(Paths paths);

  const Paths& paths() const { return paths_; }
  // The store-wide lock: hold it while checking a name and saving the record that takes it.
  FileLock lock() const;
  // The container's start lock: held by its monitor from before it loads the record to start
  // until the start (or its failure) is recorded, and by `rm` from before it loads the record
  // until the record is gone. So an rm never undoes a start half-way (say the CLI that started
  // it was killed and the monitor goes on), and a start never follows an rm. Blocks; nullopt
  // when the container is gone. A process lock: the container's init does not inherit it.
  std::optional<ProcessLock> start_lock(const std::string& id) const;
  // Like start_lock, but nullopt at once when it is held (an rm is under way).
  std::optional<ProcessLock> try_start_lock(const std::string& id) const;
  std::vector<ContainerRecord> list() const;
  std::optional<ContainerRecord> load(const std::string& id) const;
  // The record `text` read from container `id`'s file; throws Error naming the file if corrupt.
  ContainerRecord parse(const std::string& id, const std::string& text) const;
  // Adds a new container: its directory and record appear together (one rename). Call with the
  // lock held.
  void add(const ContainerRecord& record, Durability durability = Durability::kSurvivesPowerLoss) const;
  // Rewrites an existing record atomically (temp file, rename), and with kSurvivesPowerLoss fsynced too:
  // what the user asked for (create, rename) must outlive a power cut; state changes need not,
  // as after a reboot nothing runs and live_status() tells the truth anyway.
  void save(const ContainerRecord& record, Durability durability = Durability::kSurvivesPowerLoss) const;
  // By exact id, exact name (with or without docker's leading '/'), or unique id prefix.
  std::optional<ContainerRecord> find(std::string_view ref) const;
  // Like find; throws docker's "No such container: <ref>" (exit 1).
  ContainerRecord resolve(std::string_view ref) const;
  // Throws docker's conflict error when `name` is taken. Call with the lock held.
  void check_name_free(const std::string& name) const;
  // Gives the container `new_name` (checked free by the caller) and saves the record. Call with
  // the lock held.
  void rename(ContainerRecord record, const std::string& new_name) const;
  // Deletes the record at once and then the container's directory. Call with the lock held.
  void remove(const std::string& id) const;
  // The containers' ids, from the directory alone (no record read).
  std::vector<std::string> ids() const;

 private:
  // Deletes what an add or remove killed half-way left (hidden directories).
  void sweep_abandoned() const;
  // Through the name index when it is complete (engine/container_names.hpp), else by scanning.
  std::optional<ContainerRecord> find_by_name(const std::string& name) const;
  // Builds the name index when it is missing or of another boot. Call with the lock held.
  void ensure_name_index() const;

  Paths paths_;
};

// 64 random hex digits.
std::string new_container_id();
// A docker-style random name ("adjective_scientist") not used by any record in `store`.
std::string generate_container_name(const ContainerStore& store);
// Docker's rule: [a-zA-Z0-9][a-zA-Z0-9_.-]+ ; throws with docker's message (exit 125).
void validate_container_name(const std::string& name);

// The container's status right now: the record's, corrected when its processes died unseen
// (a killed monitor): running/paused/restarting with no live init become "exited".
std::string live_status(const ContainerRecord& record);
bool is_running(const ContainerRecord& record);

}  // namespace berth::engine

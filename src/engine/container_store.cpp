// Container records: atomic files under <root>/containers, one directory per container.
#include "engine/container_store.hpp"

#include <dirent.h>
#include <sys/random.h>

#include <array>
#include <filesystem>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "engine/container_names.hpp"
#include "engine/restricted_name.hpp"
#include "runtime/process_info.hpp"

namespace berth::engine {

ContainerStore::ContainerStore(Paths paths) : paths_(std::move(paths)) {}

FileLock ContainerStore::lock() const {
  mkdir_all(paths_.containers(), 0700);
  return FileLock(paths_.containers_lock());
}

namespace {

// Directories of a record being added or removed (see add and remove): never a container.
constexpr std::string_view kStagingPrefix = ".new-";
constexpr std::string_view kTrashPrefix = ".gone-";

bool is_hidden(const std::filesystem::directory_entry& entry) {
  return entry.path().filename().string().starts_with('.');
}

}  // namespace

std::optional<ProcessLock> ContainerStore::start_lock(const std::string& id) const {
  return ProcessLock::acquire(paths_.start_lock(id));
}

std::optional<ProcessLock> ContainerStore::try_start_lock(const std::string& id) const {
  return ProcessLock::try_acquire(paths_.start_lock(id));
}

std::vector<ContainerRecord> ContainerStore::list() const {
  std::vector<ContainerRecord> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(paths_.containers(), ec)) {
    if (!entry.is_directory() || is_hidden(entry)) continue;
    if (auto r = load(entry.path().filename().string())) out.push_back(std::move(*r));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.created > b.created; });
  return out;
}

std::optional<ContainerRecord> ContainerStore::load(const std::string& id) const {
  std::string path = paths_.record(id);
  if (!path_exists(path)) return std::nullopt;
  return parse(id, read_file(path));
}

ContainerRecord ContainerStore::parse(const std::string& id, const std::string& text) const {
  try {
    return record_from_json(nlohmann::json::parse(text));
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: corrupt container record: {}", paths_.record(id), e.what()));
  }
}

void ContainerStore::add(const ContainerRecord& record, Durability durability) const {
  sweep_abandoned();
  ensure_name_index();
  if (!record.name.empty()) index_name(paths_, record.name, record.id);  // before the record: see container_names.hpp
  // The directory appears with its record in it, by one rename: a crash before leaves a hidden
  // directory that the next add or remove sweeps, never a container without a record.
  std::string staging = paths_.containers() + "/" + std::string(kStagingPrefix) + record.id;
  mkdir_all(staging, 0700);
  write_file_atomic(staging + "/container.json", to_json(record).dump(), 0600, durability);
  if (::rename(staging.c_str(), paths_.container_dir(record.id).c_str()) != 0)
    throw Error::last_errno("rename", staging);
}

void ContainerStore::save(const ContainerRecord& record, Durability durability) const {
  write_file_atomic(paths_.record(record.id), to_json(record).dump(), 0600, durability);
}

std::optional<ContainerRecord> ContainerStore::find(std::string_view ref) const {
  if (ref.starts_with('/')) ref.remove_prefix(1);
  if (ref.empty() || ref.starts_with('.') || ref.find('/') != std::string_view::npos) return std::nullopt;
  const std::string key(ref);
  // Docker's order: exact id, exact name, unique id prefix.
  if (auto r = load(key)) return r;
  if (auto r = find_by_name(key)) return r;
  std::optional<std::string> match;
  for (const auto& id : ids()) {
    if (!id.starts_with(key)) continue;
    if (match) throw Error(fmt::format("multiple IDs found with provided prefix: {}", ref));
    match = id;
  }
  return match ? load(*match) : std::nullopt;
}

std::optional<ContainerRecord> ContainerStore::find_by_name(const std::string& name) const {
  if (!name_index_complete(paths_)) {
    for (auto& r : list())
      if (r.name == name) return std::move(r);
    return std::nullopt;
  }
  auto id = indexed_id(paths_, name);
  if (!id) return std::nullopt;
  auto r = load(*id);
  if (!r || r->name != name) return std::nullopt;  // a stale entry
  return r;
}

std::vector<std::string> ContainerStore::ids() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(paths_.containers(), ec)) {
    if (entry.is_directory() && !is_hidden(entry)) out.push_back(entry.path().filename().string());
  }
  return out;
}

void ContainerStore::ensure_name_index() const {
  if (!name_index_complete(paths_)) rebuild_name_index(paths_, list());
}

ContainerRecord ContainerStore::resolve(std::string_view ref) const {
  if (auto r = find(ref)) return *r;
  throw Error(fmt::format("No such container: {}", ref));
}

void ContainerStore::check_name_free(const std::string& name) const {
  ensure_name_index();
  if (auto r = find_by_name(name)) {
    throw Error(fmt::format("Conflict. The container name \"/{}\" is already in use by container \"{}\". You have "
                            "to remove (or rename) that container to be able to reuse that name.",
                            name, r->id),
                ExitCode::kEngine);
  }
}

void ContainerStore::rename(ContainerRecord record, const std::string& new_name) const {
  ensure_name_index();
  const std::string old_name = record.name;
  index_name(paths_, new_name, record.id);
  record.name = new_name;
  save(record);
  unindex_name(paths_, old_name, record.id);
}

void ContainerStore::remove(const std::string& id) const {
  // The record goes first and at once (the rename); the rest is swept now or, after a crash,
  // by the next add or remove. Deleting in place could leave the layer without its record.
  std::string trash = paths_.containers() + "/" + std::string(kTrashPrefix) + id;
  std::optional<ContainerRecord> record;
  try {
    record = load(id);
  } catch (const Error&) {  // a corrupt record goes all the same; its entry, if any, is stale
  }
  if (::rename(paths_.container_dir(id).c_str(), trash.c_str()) != 0 && errno != ENOENT)
    throw Error::last_errno("rename", paths_.container_dir(id));
  if (record && !record->name.empty()) unindex_name(paths_, record->name, id);
  sweep_abandoned();
}

void ContainerStore::sweep_abandoned() const {
  // Called with the lock held: whoever made these directories under it is gone.
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(paths_.containers(), ec)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_directory() || !(name.starts_with(kStagingPrefix) || name.starts_with(kTrashPrefix))) continue;
    std::error_code rm_ec;
    std::filesystem::remove_all(entry.path(), rm_ec);
    if (rm_ec) throw Error::from_errno(rm_ec.value(), "remove", entry.path().string());
  }
}

std::string new_container_id() {
  std::array<unsigned char, 32> bytes{};
  if (::getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
    throw Error::last_errno("getrandom");
  std::string id;
  for (unsigned char b : bytes) id += fmt::format("{:02x}", b);
  return id;
}

namespace {

constexpr std::array kAdjectives = {"admiring", "bold", "brave", "clever", "eager", "festive", "gallant", "happy",
                                    "jolly", "keen", "lucid", "nifty", "quirky", "serene", "stoic", "vibrant"};
constexpr std::array kScientists = {"babbage", "curie", "dijkstra", "euler", "feynman", "galois", "hopper", "kepler",
                                    "lovelace", "noether", "pascal", "ritchie", "shannon", "turing", "wozniak", "yalow"};

}  // namespace

std::string generate_container_name(const ContainerStore& store) {
  for (int attempt = 0;; ++attempt) {
    unsigned short r = 0;
    if (::getrandom(&r, sizeof r, 0) != sizeof r) throw Error::last_errno("getrandom");
    std::string name = fmt::format("{}_{}", kAdjectives[r % kAdjectives.size()],
                                   kScientists[(r / kAdjectives.size()) % kScientists.size()]);
    if (attempt >= 8) name += std::to_string(r % 100);  // docker adds a digit on collisions too
    if (!store.find(name)) return name;
  }
}

void validate_container_name(const std::string& name) {
  std::string_view bare = name.starts_with('/') ? std::string_view(name).substr(1) : std::string_view(name);
  if (!is_restricted_name(bare)) {
    throw Error(fmt::format("Invalid container name ({}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", name),
                ExitCode::kEngine);
  }
}

std::string live_status(const ContainerRecord& record) {
  const auto& s = record.state;
  bool claims_alive = s.status == "running" || s.status == "paused" || s.status == "restarting";
  if (!claims_alive) return s.status;
  if (s.status == "restarting") {
    if (s.monitor_pid > 0 && runtime::process_state(s.monitor_pid) != 0 && runtime::process_state(s.monitor_pid) != 'Z')
      return s.status;
    return "exited";
  }
  if (s.pid > 0 && runtime::is_same_live_process(s.pid, s.pid_start_time)) return s.status;
  return "exited";
}

bool is_running(const ContainerRecord& record) {
  std::string s = live_status(record);
  return s == "running" || s == "paused" || s == "restarting";
}

}  // namespace berth::engine

#include "cli/berth/ps_filter.hpp"

#include <algorithm>
#include <set>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "cli/berth/labels.hpp"

namespace berth::cli {
namespace {

const std::set<std::string> kKeys = {"ancestor", "before", "expose",  "exited", "health", "id",     "ipc",
                                     "isolation", "is-task", "label", "name",   "network", "publish", "since",
                                     "status",    "volume"};
const std::set<std::string> kStatuses = {"created", "restarting", "running", "removing", "paused", "exited", "dead"};
const std::set<std::string> kHealth = {"starting", "healthy", "unhealthy", "none"};

}  // namespace

PsFilter::PsFilter(const engine::ContainerStore& store, const std::vector<std::string>& specs) : store_(store) {
  for (const auto& spec : specs) {
    auto eq = spec.find('=');
    std::string key = spec.substr(0, eq), value = spec.substr(eq + 1);
    if (!kKeys.contains(key)) throw Error(fmt::format("Invalid filter '{}'", key));
    if (key == "status" && !kStatuses.contains(value)) throw Error(fmt::format("Invalid filter 'status={}'", value));
    if (key == "health" && !kHealth.contains(value))
      throw Error(fmt::format("Unrecognised filter value for health: {}", value));
    if (key == "is-task" && value != "true" && value != "false")
      throw Error(fmt::format("Invalid filter 'is-task=[{}]'", value));
    if (key == "exited" && !parse_int(value))
      throw Error(fmt::format("strconv.Atoi: parsing \"{}\": invalid syntax", value));
    if (key == "before" || key == "since") {
      auto other = store.find(value);
      if (!other) throw Error(fmt::format("no such container {}", value));
      created_of_[value] = other->created;
    }
    values_[key].push_back(value);
  }
}

bool PsFilter::matches(const engine::ContainerRecord& r) const {
  for (const auto& [key, values] : values_) {
    if (std::none_of(values.begin(), values.end(), [&](const auto& v) { return matches_one(r, key, v); }))
      return false;
  }
  return true;
}

bool PsFilter::matches_one(const engine::ContainerRecord& r, const std::string& key, const std::string& value) const {
  if (key == "name") return r.name.find(value) != std::string::npos;
  if (key == "id") return r.id.starts_with(value);
  if (key == "status") return engine::live_status(r) == value;
  if (key == "label") return has_label(r.config.labels, value);
  if (key == "ancestor")
    return r.config.image == value || r.image_id.starts_with(value) || r.config.image + ":latest" == value;
  if (key == "exited") return engine::live_status(r) == "exited" && r.state.exit_code == *parse_int(value);
  // RFC 3339 times of one clock compare as text.
  if (key == "before") return r.created < created_of_.at(value);
  if (key == "since") return r.created > created_of_.at(value);
  if (key == "volume") {
    return std::any_of(r.host_config.mounts.begin(), r.host_config.mounts.end(),
                       [&](const engine::MountSpec& m) { return m.source == value || m.destination == value; });
  }
  if (key == "network") return r.host_config.network_mode == value;
  if (key == "ipc") {
    auto target = store_.find(value);
    return target && !target->ipc_group.empty() && r.ipc_group == target->ipc_group;
  }
  // No healthchecks, ports or tasks in berth: every container's health is "none", it publishes
  // and exposes nothing, is not a swarm task, and runs with the default isolation.
  if (key == "health") return value == "none";
  if (key == "is-task") return value == "false";
  if (key == "isolation") return value == "default";
  return false;  // publish, expose
}

}  // namespace berth::cli

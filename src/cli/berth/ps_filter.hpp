// `berth ps --filter`: dockerd's container filters, its checks of their values, and its rule for
// combining them (several values of one key: any matches; different keys: all must).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/container_store.hpp"

namespace berth::cli {

class PsFilter {
 public:
  // `specs`: the -f values, each "key=value" (main has refused any without "="). Throws Error
  // (exit 1) with dockerd's words for an unknown key ("Invalid filter 'k'") or a value it
  // refuses (a status, health or is-task it does not know, a non-numeric exited, a before/since
  // container that does not exist).
  PsFilter(const engine::ContainerStore& store, const std::vector<std::string>& specs);

  // A status filter lists stopped containers without -a, as docker's does.
  bool shows_all_states() const { return values_.contains("status"); }
  bool matches(const engine::ContainerRecord& r) const;

 private:
  bool matches_one(const engine::ContainerRecord& r, const std::string& key, const std::string& value) const;

  const engine::ContainerStore& store_;
  std::map<std::string, std::vector<std::string>> values_;
  std::map<std::string, std::string> created_of_;  // before=/since= containers' creation times
};

}  // namespace berth::cli

// --filter of container, image and volume prune, as dockerd reads it: until=TIME (created before:
// a timestamp or a Go duration ago), label=KEY[=VALUE] and label!=KEY[=VALUE]. Each command
// accepts a subset; other keys get dockerd's "Invalid filter".
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace berth::cli {

class PruneFilter {
 public:
  // Throws Error (exit 1) with dockerd's words for a key outside `accepted` ("label!" stands for
  // label!=; other keys a command reads itself, such as dangling, are accepted and ignored here)
  // or an until= that is neither a time nor a duration.
  PruneFilter(const std::vector<std::string>& specs, const std::set<std::string>& accepted);

  // An object created at `created` (RFC 3339) with `labels`: does every filter hold?
  bool matches(const std::string& created, const std::map<std::string, std::string>& labels) const;

 private:
  std::vector<std::string> until_;  // RFC 3339 bounds
  std::vector<std::string> with_labels_, without_labels_;
};

}  // namespace berth::cli

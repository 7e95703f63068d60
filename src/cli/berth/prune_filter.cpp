#include "cli/berth/prune_filter.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "base/error.hpp"
#include "cli/berth/labels.hpp"
#include "cli/berth/log_time.hpp"

namespace berth::cli {
PruneFilter::PruneFilter(const std::vector<std::string>& specs, const std::set<std::string>& accepted) {
  for (const auto& spec : specs) {
    // "label!=x" splits at "!=", the rest at the first "=" (the flag refused specs without one).
    auto bang = spec.find("!=");
    auto eq = spec.find('=');
    bool negated = bang != std::string::npos && bang < eq;
    std::string key = negated ? spec.substr(0, bang) + "!" : spec.substr(0, eq);
    std::string value = spec.substr(negated ? bang + 2 : eq + 1);
    if (!accepted.contains(key)) throw Error(fmt::format("Invalid filter '{}'", negated ? spec.substr(0, bang) : key));
    if (key == "until") {
      auto bound = time_bound(value);
      if (!bound) throw Error(fmt::format("failed to parse value as time or duration: \"{}\"", value));
      until_.push_back(*bound);
    } else if (key == "label") {
      with_labels_.push_back(value);
    } else if (key == "label!") {
      without_labels_.push_back(value);
    }
  }
}

bool PruneFilter::matches(const std::string& created, const std::map<std::string, std::string>& labels) const {
  // RFC 3339 UTC times of the same form compare as text; a record's has nanoseconds, a bound may not.
  auto before = [&](const std::string& bound) { return created.substr(0, 19) < bound.substr(0, 19); };
  if (!std::all_of(until_.begin(), until_.end(), before)) return false;
  auto has = [&](const std::string& spec) { return has_label(labels, spec); };
  if (!std::all_of(with_labels_.begin(), with_labels_.end(), has)) return false;
  return std::none_of(without_labels_.begin(), without_labels_.end(), has);
}

}  // namespace berth::cli

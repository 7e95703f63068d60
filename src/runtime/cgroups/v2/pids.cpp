// v2 pids controller: pids.max.
#include "runtime/cgroups/convert.hpp"
#include "runtime/cgroups/v2/controllers.hpp"

namespace berth::cgroups::v2 {

Plan plan_pids(int64_t limit) { return {{"pids.max", pids_max(limit)}}; }

}  // namespace berth::cgroups::v2

// v1 pids controller: pids.max.
#include "runtime/cgroups/convert.hpp"
#include "runtime/cgroups/v1/controllers.hpp"

namespace berth::cgroups::v1 {

Plan plan_pids(int64_t limit) { return {{"pids.max", pids_max(limit)}}; }

}  // namespace berth::cgroups::v1

// The init's entry into its cgroup (see cgroup_gate.hpp for why it comes late).
#include "runtime/init/cgroup_gate.hpp"

#include <sched.h>

#include "base/error.hpp"
#include "runtime/cgroups/placement.hpp"

namespace berth::runtime {

void CgroupGate::pass() {
  if (passed_) return;
  passed_ = true;
  Message ready = sync_.expect(MessageType::kCgroupReady);
  cgroups::Placement placement = cgroups::placement_from(ready.text, std::move(ready.fds));
  cgroups::place_self(placement);
  if (new_cgroup_namespace_ && ::unshare(CLONE_NEWCGROUP) != 0) throw Error::last_errno("unshare cgroup namespace");
}

}  // namespace berth::runtime

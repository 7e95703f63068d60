// The init's entry into its cgroup (see cgroup_gate.hpp for why it comes late).
#include "runtime/init/cgroup_gate.hpp"

#include <sched.h>

#include <vector>

#include "base/error.hpp"

namespace berth::runtime {

void send_cgroup_ready(const SyncChannel& sync, int start_fifo, const cgroups::Placement& placement) {
  std::vector<int> fds{start_fifo};
  for (int fd : cgroups::tasks_fds(placement)) fds.push_back(fd);
  sync.send(MessageType::kCgroupReady, cgroups::tasks_paths_text(placement), fds);
}

void CgroupGate::pass() {
  if (passed_) return;
  passed_ = true;
  Message ready = sync_.expect(MessageType::kCgroupReady);
  if (ready.fds.empty()) throw Error("sync protocol: no exec.fifo with the cgroup message");
  start_fifo_ = std::move(ready.fds.front());
  ready.fds.erase(ready.fds.begin());
  cgroups::Placement placement = cgroups::placement_from(ready.text, std::move(ready.fds));
  cgroups::place_self(placement);
  if (new_cgroup_namespace_ && ::unshare(CLONE_NEWCGROUP) != 0) throw Error::last_errno("unshare cgroup namespace");
}

}  // namespace berth::runtime

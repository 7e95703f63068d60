// Cloning into namespaces: raw clone(2) with fork semantics, pid/time namespaces set up around it.
#include "runtime/spawn.hpp"

#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>
#include <vector>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"

namespace berth::runtime {
namespace {

// A namespace the child is to start in: enter it (or a new one), clone, then return to our own.
class ForChildrenNamespace {
 public:
  ForChildrenNamespace(int flag, const char* proc_name) : flag_(flag), proc_name_(proc_name) {
    own_.reset(::open(fmt::format("/proc/self/ns/{}", proc_name).c_str(), O_RDONLY | O_CLOEXEC));
    if (!own_) throw Error::last_errno("open own namespace", proc_name);
  }
  ForChildrenNamespace(ForChildrenNamespace&&) = default;
  ~ForChildrenNamespace() {
    if (entered_) ::setns(own_.get(), flag_);
  }
  void enter(int fd, const std::string& path) {
    if (::setns(fd, flag_) != 0) throw Error::last_errno("join namespace", path);
    entered_ = true;
  }
  void unshare_new() {
    if (::unshare(flag_) != 0) throw Error::last_errno("unshare", fmt::format("{} namespace", proc_name_));
    entered_ = true;
  }

 private:
  int flag_;
  const char* proc_name_;
  UniqueFd own_;
  bool entered_ = false;
};

void write_time_offsets(const oci::Linux& l) {
  std::string text;
  for (const auto& [clock, off] : l.time_offsets) text += fmt::format("{} {} {}\n", clock, off.secs, off.nanosecs);
  if (!text.empty()) write_file("/proc/self/timens_offsets", text);
}

std::string mapping_text(const std::vector<oci::IdMapping>& maps) {
  std::string out;
  for (const auto& m : maps) out += fmt::format("{} {} {}\n", m.container_id, m.host_id, m.size);
  return out;
}

// clone(2) with fork semantics, or clone3(2) straight into a v2 cgroup. -1 and errno on
// failure; ENOSYS or E2BIG (kernels before 5.7) mean CLONE_INTO_CGROUP is not there.
long raw_clone(unsigned long flags, int cgroup_dir) {
  if (cgroup_dir < 0) return ::syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
  struct clone_args args {};
  args.flags = flags | CLONE_INTO_CGROUP;
  args.exit_signal = SIGCHLD;
  args.cgroup = static_cast<__u64>(cgroup_dir);
  return ::syscall(SYS_clone3, &args, sizeof args);
}

}  // namespace

pid_t spawn_in_namespaces(const NamespacePlan& plan, const oci::Spec& spec,
                          const std::function<void()>& child, cgroups::Placement* placement) {
  // Entered here and left again after clone: pid and time (they apply to children only) and,
  // with a new user namespace, every joined one, while we still have the host's rights over
  // them (see NamespacePlan::joined_before_clone).
  std::vector<ForChildrenNamespace> entered;
  entered.reserve(plan.joins.size() + 1);  // never moved: each returns to our namespace once
  for (const auto& j : plan.joins) {
    if (!plan.joined_before_clone(j.flag)) continue;
    entered.emplace_back(j.flag, namespace_proc_name_of(j.flag));
    entered.back().enter(j.fd.get(), j.path);
  }
  if (plan.creates(CLONE_NEWTIME)) {
    entered.emplace_back(CLONE_NEWTIME, "time");
    entered.back().unshare_new();
    if (spec.linux_) write_time_offsets(*spec.linux_);
  }
  unsigned long flags = static_cast<unsigned long>(plan.new_flags & kNewAtClone);
  int cgroup_dir = placement && placement->clone_into ? placement->clone_into.get() : -1;
  long pid = raw_clone(flags, cgroup_dir);
  if (pid < 0 && cgroup_dir >= 0 && (errno == ENOSYS || errno == E2BIG)) {
    cgroup_dir = -1;  // the caller adds the child by pid instead (Placement::needs_parent_add)
    pid = raw_clone(flags, cgroup_dir);
  }
  if (pid < 0) {
    if (cgroup_dir >= 0) throw Error::last_errno("clone into cgroup", placement->clone_into_path);
    throw Error::last_errno("clone");
  }
  if (pid == 0) {
    child();
    ::_exit(1);  // child() must not return; if it does, never run the parent's code twice
  }
  if (cgroup_dir >= 0) placement->placed_by_clone = true;
  return static_cast<pid_t>(pid);
}

void unshare_new_namespaces(const NamespacePlan& plan) {
  int flags = plan.new_flags & (CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS);
  if (flags && ::unshare(flags) != 0) throw Error::last_errno("unshare namespaces");
}

void write_id_mappings(pid_t pid, const oci::Linux& l) {
  write_file(fmt::format("/proc/{}/uid_map", pid), mapping_text(l.uid_mappings));
  write_file(fmt::format("/proc/{}/gid_map", pid), mapping_text(l.gid_mappings));
}

}  // namespace berth::runtime

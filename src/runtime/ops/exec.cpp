// exec: a new process in a running container's namespaces and cgroup.
//
//   runtime                                   exec child
//   -------                                   ----------
//   pidfd_open(init); check start time
//   enter init's pid (and time) ns for children
//   clone ------------------------------------> waits for kGo
//   add child to the container's cgroup
//   kGo ------------------------------------->  setns(pidfd, user|mnt|ipc|uts|net|cgroup)
//                                               console, cwd, privileges, seccomp, execve
//                                      <------  kReady just before execve, or kError
#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "runtime/foreground.hpp"
#include "runtime/cgroups/manager.hpp"
#include "runtime/init/console.hpp"
#include "runtime/init/container_init.hpp"
#include "runtime/namespaces.hpp"
#include "runtime/ops.hpp"
#include "runtime/process_info.hpp"
#include "runtime/seccomp_cache.hpp"
#include "runtime/spawn.hpp"

namespace berth::runtime {
namespace {

struct NsType {
  const char* proc_name;
  int flag;
};

constexpr NsType kJoinable[] = {{"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS},  {"ipc", CLONE_NEWIPC},
                                {"uts", CLONE_NEWUTS},   {"net", CLONE_NEWNET}, {"cgroup", CLONE_NEWCGROUP}};

ino_t ns_inode(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// Only namespaces that differ from ours: setns into our own user namespace is EINVAL.
int namespaces_to_join(pid_t pid) {
  int flags = 0;
  for (const auto& t : kJoinable) {
    ino_t theirs = ns_inode(fmt::format("/proc/{}/ns/{}", pid, t.proc_name));
    if (theirs && theirs != ns_inode(fmt::format("/proc/self/ns/{}", t.proc_name))) flags |= t.flag;
  }
  return flags;
}

// The pid and time namespaces of the init, to be entered for the child by spawn_in_namespaces.
NamespacePlan for_children_plan(pid_t pid) {
  NamespacePlan plan;
  for (auto [name, flag] : {std::pair{"pid", CLONE_NEWPID}, std::pair{"time", CLONE_NEWTIME}}) {
    std::string theirs = fmt::format("/proc/{}/ns/{}", pid, name);
    if (ns_inode(theirs) == ns_inode(fmt::format("/proc/self/ns/{}", name))) continue;
    UniqueFd fd(::open(theirs.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) throw Error::last_errno("open", theirs);
    plan.joins.push_back(JoinedNamespace{flag, theirs, std::move(fd)});
  }
  return plan;
}

[[noreturn]] void exec_child(const ExecOptions& o, const CompiledSeccomp* seccomp, int pidfd,
                             int join_flags, const SyncChannel& sync, int console_socket,
                             cgroups::Placement& placement, SeccompListenerConnection& seccomp_listener) {
  bool ready_sent = false;
  try {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    sync.expect(MessageType::kGo);
    cgroups::place_self(placement);
    if (seccomp_listener) write_seccomp_listener_message(seccomp_listener);  // before setns
    if (join_flags && ::setns(pidfd, join_flags) != 0) throw Error::last_errno("join namespaces of container", o.id);
    ::close(pidfd);
    become_session_leader();
    if (console_socket >= 0) setup_console(console_socket, o.process.console_size);
    if (::chdir(o.process.cwd.c_str()) != 0) throw Error::last_errno("chdir", o.process.cwd);
    PreparedProcess prepared = prepare_process(o.process, seccomp);
    prepared.seccomp_listener = std::move(seccomp_listener);
    finalize_process(o.process, prepared);
    ::prctl(PR_SET_PDEATHSIG, 0);
    sync.send(MessageType::kReady);
    ready_sent = true;
    exec_process(o.process, prepared, o.preserve_fds);
  } catch (const Error& e) {
    // Before kReady the runtime reports the error; after it, the runtime is no longer listening.
    if (ready_sent) ::dprintf(2, "berth-runtime exec: %s\n", e.what());
    else sync.send_error(e);
    ::_exit(static_cast<int>(e.exit_code()));
  }
}

}  // namespace

pid_t exec_in_container(StateStore& store, const ExecOptions& o, UniqueFd* pty_receiver) {
  ContainerRecord r = store.must_load(o.id);
  std::string status = store.status(r);
  if (status != "running" && status != "created") throw Error(fmt::format("cannot exec in a {} container", status));
  if (o.process.args.empty()) throw Error("exec: no command given");
  if (o.process.terminal && o.console_socket.empty() && (o.detach || !pty_receiver))
    throw Error("cannot allocate tty if runc will detach without setting console socket");
  oci::Spec spec = saved_spec(store, o.id);
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, r.pid, 0)));
  if (!pidfd || !is_same_live_process(r.pid, r.pid_start_time)) throw Error("container not running");
  int join_flags = namespaces_to_join(r.pid);
  NamespacePlan plan = for_children_plan(r.pid);
  const std::optional<CompiledSeccomp> seccomp = spec_seccomp(spec, seccomp_cache_dir(store.root()));
  UniqueFd console = open_console(o.console_socket, o.process.terminal, o.detach ? nullptr : pty_receiver);
  SeccompListenerConnection seccomp_listener = connect_seccomp_listener_if_notified(
      spec, seccomp ? &*seccomp : nullptr,
      oci::State{oci::kRuntimeSpecVersion, o.id, "running", 0, r.bundle, spec.annotations});

  std::unique_ptr<cgroups::Manager> cgroup = r.cgroup.is_null() ? nullptr : cgroups::load_manager(r.cgroup);
  cgroups::Placement placement = cgroup ? cgroup->open_placement() : cgroups::Placement{};
  auto [parent_end, child_end] = SyncChannel::make_pair();
  pid_t pid = spawn_in_namespaces(plan, spec, [&] {
    parent_end.close();
    exec_child(o, seccomp ? &*seccomp : nullptr, pidfd.get(), join_flags, child_end, console.get(), placement,
               seccomp_listener);
  }, &placement);
  child_end.close();
  console.reset();
  seccomp_listener = {};
  try {
    if (placement.needs_parent_add()) cgroup->add_process(pid);
    placement = {};
    parent_end.send(MessageType::kGo);
    parent_end.expect(MessageType::kReady);
  } catch (...) {
    ::kill(pid, SIGKILL);
    wait_exit_code(pid);
    throw;
  }
  if (!o.pid_file.empty()) write_file_atomic(o.pid_file, std::to_string(pid), 0644, Durability::kSurvivesCrash);
  return pid;
}

int exec_and_supervise(StateStore& store, const ExecOptions& options) {
  if (options.detach) {
    exec_in_container(store, options);
    return 0;
  }
  block_forwarded_signals();  // before the child exists, so that no signal is lost
  UniqueFd pty_receiver;
  pid_t pid = exec_in_container(store, options, &pty_receiver);
  UniqueFd pty = pty_receiver ? receive_fd(pty_receiver.get()) : UniqueFd();
  return supervise(pid, std::move(pty));
}

}  // namespace berth::runtime

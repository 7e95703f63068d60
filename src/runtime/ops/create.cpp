// create: every setup step of the container, leaving its init blocked before execve.
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>

#include <fmt/core.h>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "oci/spec_parse.hpp"
#include "runtime/cgroups/manager.hpp"
#include "runtime/default_device_rules.hpp"
#include "runtime/hooks.hpp"
#include "runtime/init/cgroup_gate.hpp"
#include "runtime/init/console.hpp"
#include "runtime/init/container_init.hpp"
#include "runtime/init/rootfs.hpp"
#include "runtime/seccomp_cache.hpp"
#include "runtime/ops.hpp"
#include "runtime/process_info.hpp"
#include "runtime/spawn.hpp"

namespace berth::runtime {
namespace {

std::string absolute(const std::string& path) {
  char buf[PATH_MAX];
  if (!::realpath(path.c_str(), buf)) throw Error::last_errno("resolve", path);
  return buf;
}

// Undoes what a failed create did, newest first; disarmed once create has succeeded.
class CreateRollback {
 public:
  CreateRollback(StateStore& store, std::string id) : store_(store), id_(std::move(id)) {}
  ~CreateRollback() {
    if (done_) return;
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (cgroup_) {
      try {
        cgroup_->destroy();
      } catch (const Error& e) {
        log::warn(e.what());
      }
    }
    if (!reserved_) return;
    try {
      store_.remove(id_);
    } catch (const Error& e) {
      log::warn(e.what());
    }
  }
  // The state directory is ours to remove (a taken id is another container's).
  void set_reserved() { reserved_ = true; }
  void set_pid(pid_t pid) { pid_ = pid; }
  void set_cgroup(cgroups::Manager* m) { cgroup_ = m; }
  void disarm() { done_ = true; }

 private:
  StateStore& store_;
  std::string id_;
  pid_t pid_ = 0;
  cgroups::Manager* cgroup_ = nullptr;
  bool reserved_ = false;
  bool done_ = false;
};

void check_can_create(const oci::Spec& spec, const CreateOptions& o, bool own_pty) {
  if (!spec.process) throw Error("config.json: process: is required to create a container");
  if (spec.process->terminal && o.console_socket.empty() && !own_pty)
    throw Error("cannot allocate tty if runc will detach without setting console socket");
  if (!spec.process->terminal && !o.console_socket.empty())
    throw Error("cannot use console socket if runc will not detach or allocate tty");
  validate_sysctls(spec);
  // No LSM is loaded by this runtime: say so rather than pretend the profile applies.
  if (!spec.process->apparmor_profile.empty())
    log::warn("process.apparmorProfile is ignored: AppArmor is not supported by berth-runtime");
  if (!spec.process->selinux_label.empty())
    log::warn("process.selinuxLabel is ignored: SELinux is not supported by berth-runtime");
}

std::string state_json(const std::string& id, const char* status, pid_t pid, const std::string& bundle,
                       const oci::Spec& spec) {
  oci::State s{oci::kRuntimeSpecVersion, id, status, pid, bundle, spec.annotations};
  return oci::to_json(s).dump();
}

// What is saved before the cgroup exists: no pid yet, so the container reads as "creating".
ContainerRecord creating_record(const std::string& id, const std::string& bundle, const std::string& rootfs,
                                const oci::Spec& spec, const cgroups::Manager& cgroup) {
  ContainerRecord record;
  record.id = id;
  record.bundle = bundle;
  record.rootfs = rootfs;
  record.annotations = spec.annotations;
  record.cgroup = cgroup.to_json();
  record.owner = std::to_string(::getuid());
  record.has_poststart_hooks = !spec.hooks.poststart.empty();
  record.has_poststop_hooks = !spec.hooks.poststop.empty();
  return record;
}

}  // namespace

ContainerRecord create_container(StateStore& store, const CreateOptions& o, UniqueFd* pty_receiver) {
  std::string bundle = absolute(o.bundle);
  std::string config_text = read_file(bundle + "/config.json");
  oci::Spec spec = oci::parse_spec(config_text, bundle + "/config.json");
  check_can_create(spec, o, pty_receiver != nullptr);
  std::string rootfs = absolute(spec.root.path.starts_with("/") ? spec.root.path : bundle + "/" + spec.root.path);
  NamespacePlan plan = plan_namespaces(spec);
  const std::optional<CompiledSeccomp> seccomp = spec_seccomp(spec, seccomp_cache_dir(store.root()));
  UniqueFd console = open_console(o.console_socket, spec.process->terminal, pty_receiver);
  // The agent learns of the container when its process loads the filter, after start.
  SeccompListenerConnection seccomp_listener = connect_seccomp_listener_if_notified(
      spec, seccomp ? &*seccomp : nullptr,
      oci::State{oci::kRuntimeSpecVersion, o.id, "created", 0, bundle, spec.annotations});

  validate_container_id(o.id);
  const cgroups::HostCgroups host_cgroups = cgroups::read_host_cgroups();
  std::unique_ptr<cgroups::Manager> cgroup =  // before the rollback, which uses it while unwinding
      cgroups::make_manager(host_cgroups, spec.linux_ ? spec.linux_->cgroups_path : "", o.id);
  CreateRollback rollback(store, o.id);
  ContainerRecord record = creating_record(o.id, bundle, rootfs, spec, *cgroup);
  UniqueFd fifo_read;
  cgroups::Placement placement;
  // The state directory, then the cgroup. The record is saved before the cgroup exists, with no
  // pid ("creating"): if this process is killed from there on, `delete --force` still knows which
  // cgroup to remove.
  auto make_state_and_cgroup = [&] {
    store.reserve(o.id);
    rollback.set_reserved();
    write_file_atomic(store.dir(o.id) + "/config.json", config_text, 0600, Durability::kLiveState);
    std::string fifo = store.fifo_path(o.id);
    if (::mkfifo(fifo.c_str(), 0600) != 0) throw Error::last_errno("mkfifo", fifo);
    fifo_read.reset(::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (!fifo_read) throw Error::last_errno("open", fifo);
    store.save(record);
    rollback.set_cgroup(cgroup.get());
    cgroup->create();
    placement = cgroup->open_placement();
  };
  // v2 clones the init into its cgroup, so that comes first; on v1 both are made while the init
  // sets up its namespaces (init/cgroup_gate.hpp).
  const bool clone_into_cgroup = cgroup->version() == cgroups::Version::kV2;
  if (clone_into_cgroup) make_state_and_cgroup();
  auto [parent_end, child_end] = SyncChannel::make_pair();
  InitArgs args{&spec, &plan, o.id, bundle, rootfs, &child_end, console.get(),
                o.preserve_fds, o.no_pivot, o.no_new_keyring, seccomp ? &*seccomp : nullptr,
                &seccomp_listener, &host_cgroups};
  pid_t pid = spawn_in_namespaces(plan, spec, [&] {
    parent_end.close();
    container_init(args);
  }, clone_into_cgroup ? &placement : nullptr);
  rollback.set_pid(pid);
  child_end.close();
  console.reset();
  seccomp_listener = {};

  if (plan.creates(CLONE_NEWUSER)) {
    write_id_mappings(pid, *spec.linux_);
    parent_end.send(MessageType::kGo);  // the init waits for its ids only
  }
  if (!clone_into_cgroup) make_state_and_cgroup();
  if (spec.linux_ && spec.linux_->resources)
    cgroup->apply(with_default_device_rules(*spec.linux_->resources, spec.linux_->devices));
  if (placement.needs_parent_add()) cgroup->add_process(pid);
  send_cgroup_ready(parent_end, fifo_read.get(), placement);
  fifo_read.reset();
  placement = {};
  if (has_create_runtime_hooks(spec)) {
    parent_end.expect(MessageType::kRunCreateRuntimeHooks);
    std::string creating = state_json(o.id, "creating", pid, bundle, spec);
    run_hooks(spec.hooks.prestart, creating, "prestart");
    run_hooks(spec.hooks.create_runtime, creating, "createRuntime");
    parent_end.send(MessageType::kHooksDone);
  }
  parent_end.expect(MessageType::kReady);

  record.pid = pid;
  record.pid_start_time = process_start_time(pid).value_or(0);
  record.created = now_rfc3339();
  store.save(record);
  if (!o.pid_file.empty()) write_file_atomic(o.pid_file, std::to_string(pid), 0644, Durability::kSurvivesCrash);
  rollback.disarm();
  return record;
}

}  // namespace berth::runtime

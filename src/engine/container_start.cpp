// One start: rootfs, IPC, bundle, and the runtime's create+start through the RuntimeClient.
#include "engine/container_start.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/core.h>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "base/safe_path.hpp"
#include "engine/container_rootfs.hpp"
#include "engine/etc_files.hpp"
#include "engine/record_update.hpp"
#include "engine/runtime_client.hpp"
#include "engine/seccomp_profile.hpp"
#include "engine/spec_builder.hpp"
#include "image/overlay.hpp"
#include "runtime/process_info.hpp"

namespace berth::engine {
namespace {

std::string pid_namespace_path(const ContainerStore& store, const ContainerRecord& r) {
  const std::string& mode = r.host_config.pid_mode;
  if (!mode.starts_with("container:")) return "";
  auto target = store.find(mode.substr(10));
  if (!target) throw Error(fmt::format("No such container: {}", mode.substr(10)), ExitCode::kEngine);
  if (!is_running(*target))
    throw Error(fmt::format("cannot join PID of a non running container: {}", target->name), ExitCode::kEngine);
  return fmt::format("/proc/{}/ns/pid", target->state.pid);
}

void create_working_dir(const std::string& rootfs, const std::string& dir) {
  if (dir.empty() || dir == "/") return;
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root) throw Error::last_errno("open", rootfs);
  mkdir_all_in_root(root.get(), dir, 0755);
}

// dockerd makes a -v bind's missing host directory at each start (root's, 0755), and so does
// --mount's bind-create-mountpoint.
void create_missing_bind_sources(const ContainerRecord& r) {
  for (const auto& m : r.host_config.mounts)
    if (m.type == "bind" && m.create_missing_source && !path_exists(m.source)) mkdir_all(m.source, 0755);
}

std::string write_bundle(const ContainerStore& store, const ContainerRecord& r) {
  const Paths& p = store.paths();
  std::string rootfs = p.rootfs(r.id);
  SpecInputs in;
  in.record = &r;
  in.rootfs = rootfs;
  in.user = resolve_user(rootfs, r.config.user);
  in.ipc = prepare_ipc(p, r);
  in.pid_ns_path = pid_namespace_path(store, r);
  in.cgroups_path = p.cgroup_parent + "/" + r.id;
  in.volumes_dir = p.volumes();
  if (r.host_config.init) in.init_path = find_init_binary();
  in.seccomp = seccomp_for(r.host_config.security_opt, effective_capabilities(r.host_config));
  create_working_dir(rootfs, r.config.working_dir);
  create_missing_bind_sources(r);
  write_etc_files(p, r);
  in.etc_files = etc_files(p, r);
  std::string bundle = p.bundle(r.id);
  mkdir_all(bundle, 0700);
  write_file_atomic(bundle + "/config.json", build_oci_spec(in).dump(), 0600, Durability::kLiveState);
  return bundle;
}

}  // namespace

StartedContainer start_container_once(const ContainerStore& store, ContainerRecord& record, bool keep_stdin) {
  const Paths& p = store.paths();
  auto rt = runtime_client(p, record.host_config);
  if (rt->state(record.id)) rt->remove(record.id);  // left by a killed monitor
  mount_container_rootfs(p, record);
  StartedContainer started;
  try {
    std::string bundle = write_bundle(store, record);
    UniqueFd null_in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    UniqueFd stdin_read, out_write, err_write;
    // With a tty the container reads the pty: its input goes through the master (below).
    if (keep_stdin && !record.config.tty) std::tie(stdin_read, started.stdin_write) = make_pipe();
    if (!record.config.tty) {
      std::tie(started.stdout_read, out_write) = make_pipe();
      std::tie(started.stderr_read, err_write) = make_pipe();
    }
    InitStdio stdio{keep_stdin ? stdin_read.get() : null_in.get(), out_write.get(), err_write.get(), record.config.tty};
    CreatedInit init = rt->create(record.id, bundle, stdio);
    started.pid = init.pid;
    if (init.pty_master) {
      started.stdout_read = std::move(init.pty_master);
      if (keep_stdin) started.stdin_write = UniqueFd(::fcntl(started.stdout_read.get(), F_DUPFD_CLOEXEC, 3));
    }
    // The init holds its own copies now: ours must close, or the output never ends.
    out_write.reset();
    err_write.reset();
    stdin_read.reset();
    pin_ipc_namespace(p, record, started.pid);
    rt->start(record.id);
  } catch (...) {
    try {
      if (started.pid > 0 || rt->state(record.id)) rt->remove(record.id);
    } catch (const Error& e) {
      log::warn(e.what());
    }
    image::unmount_rootfs(p.rootfs(record.id));
    throw;
  }
  pid_t pid = started.pid;
  uint64_t start_time = runtime::process_start_time(pid).value_or(0);
  uint64_t inode = ipc_namespace_inode(pid);
  auto updated = update_record(store, record.id, [&](ContainerRecord& r) {
    r.state.status = "running";
    r.state.pid = pid;
    r.state.pid_start_time = start_time;
    r.state.started_at = now_rfc3339();
    r.state.monitor_pid = ::getpid();
    r.state.error.clear();
    r.state.exit_code = 0;
    r.ipc_inode = inode;
  });
  if (updated) record = *updated;
  return started;
}

void cleanup_after_exit(const ContainerStore& store, const ContainerRecord& record, bool unmount) {
  auto rt = runtime_client(store.paths(), record.host_config);
  if (rt->state(record.id)) rt->remove(record.id);
  if (unmount) image::unmount_rootfs(store.paths().rootfs(record.id));
}

}  // namespace berth::engine

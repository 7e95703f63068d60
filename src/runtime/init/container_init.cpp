// The container's init, from clone to execve (the protocol is drawn in sync_channel.hpp).
#include "runtime/init/container_init.hpp"

#include <fcntl.h>
#include <linux/keyctl.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "oci/state.hpp"
#include "runtime/hooks.hpp"
#include "runtime/init/cgroup_gate.hpp"
#include "runtime/init/console.hpp"
#include "runtime/init/loopback.hpp"
#include "runtime/init/rootfs.hpp"
#include "runtime/init/security.hpp"
#include "runtime/spawn.hpp"

namespace berth::runtime {
namespace {

void become_root_in_new_user_namespace() {
  if (::setresgid(0, 0, 0) != 0) throw Error::last_errno("setresgid 0 in user namespace");
  if (::setresuid(0, 0, 0) != 0) throw Error::last_errno("setresuid 0 in user namespace");
}

void join_namespaces(const NamespacePlan& plan) {
  for (const auto& ns : plan.joins) {
    // pid and time apply to children only, and with a new user namespace we could not join the
    // others: the runtime entered those before it cloned us.
    if (plan.joined_before_clone(ns.flag)) continue;
    join_namespace(ns);
  }
}

void set_host_and_domain_name(const oci::Spec& spec) {
  if (!spec.hostname.empty() && ::sethostname(spec.hostname.data(), spec.hostname.size()) != 0)
    throw Error::last_errno("sethostname", spec.hostname);
  if (!spec.domainname.empty() && ::setdomainname(spec.domainname.data(), spec.domainname.size()) != 0)
    throw Error::last_errno("setdomainname", spec.domainname);
}

void join_new_session_keyring() {
  // A keyring of its own keeps the container from the host's session keys. Kernels without
  // keyrings (ENOSYS) or with the quota spent (EDQUOT) leave the container without one, as runc does.
  if (::syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, nullptr) < 0 && errno != ENOSYS && errno != EDQUOT)
    throw Error::last_errno("join session keyring");
}

void set_oom_score_adj(const oci::Process& p) {
  if (p.oom_score_adj) write_file("/proc/self/oom_score_adj", std::to_string(*p.oom_score_adj));
}

void enter_cwd(const std::string& cwd) {
  if (::chdir(cwd.c_str()) != 0) {
    if (errno != ENOENT) throw Error::last_errno("chdir", cwd);
    mkdir_all(cwd, 0755);
    if (::chdir(cwd.c_str()) != 0) throw Error::last_errno("chdir", cwd);
  }
  // CVE-2024-21626: a cwd reached through a leaked host fd shows as "(unreachable)".
  char buf[4096];
  if (!::getcwd(buf, sizeof buf) || buf[0] != '/')
    throw Error(fmt::format("cwd {} is outside the container's root", cwd));
}

// The state hooks read on stdin. Our pid as the host sees it is unknown inside a new pid
// namespace, so the parent's view is not available here; hooks get the pid of this namespace.
std::string hook_state(const InitArgs& a, const char* status) {
  nlohmann::json j = {{"ociVersion", oci::kRuntimeSpecVersion}, {"id", a.id}, {"status", status},
                      {"pid", ::getpid()}, {"bundle", a.bundle}};
  if (!a.spec->annotations.empty()) j["annotations"] = a.spec->annotations;
  return j.dump();
}

// The setup steps, in the order the runtime spec and the kernel require.
PreparedProcess setup_container(const InitArgs& a, CgroupGate& cgroup_gate) {
  const oci::Spec& spec = *a.spec;
  const oci::Process& process = *spec.process;
  bool new_user_ns = a.namespaces->creates(CLONE_NEWUSER);
  if (new_user_ns) a.sync->expect(MessageType::kGo);  // the parent has mapped our ids
  if (a.seccomp_listener && *a.seccomp_listener) write_seccomp_listener_message(*a.seccomp_listener);
  become_session_leader();
  if (new_user_ns) become_root_in_new_user_namespace();
  unshare_new_namespaces(*a.namespaces);  // owned by the new user namespace, as if made at clone
  // Before any join: a joined user namespace would take away our rights over the new network
  // namespace, which belongs to the user namespace we were cloned in.
  if (a.namespaces->creates(CLONE_NEWNET)) bring_up_loopback();
  join_namespaces(*a.namespaces);
  set_host_and_domain_name(spec);
  if (!a.no_new_keyring) join_new_session_keyring();
  set_oom_score_adj(process);
  // A joined mount namespace gets the same rootfs setup as a new one (runc does too); only a
  // container sharing the runtime's own mount namespace is merely chrooted.
  bool own_mount_ns = a.namespaces->creates(CLONE_NEWNS) || a.namespaces->joined(CLONE_NEWNS);
  last_capability();  // read /proc now: after the pivot it may not be mounted
  if (own_mount_ns) {
    UniqueFd root = prepare_rootfs(spec, a.rootfs);
    // A joined mount namespace may mount cgroups elsewhere than the parent's, which read them.
    mount_all(root.get(), spec, a.bundle, a.namespaces->joined(CLONE_NEWNS) ? nullptr : a.host_cgroups,
              [&] { cgroup_gate.pass(); });
    create_devices(root.get(), spec, new_user_ns);
  }
  cgroup_gate.pass();  // hooks find the process in its cgroup
  if (has_create_runtime_hooks(spec)) {
    a.sync->send(MessageType::kRunCreateRuntimeHooks);
    a.sync->expect(MessageType::kHooksDone);
  }
  run_hooks(spec.hooks.create_container, hook_state(a, "creating"), "createContainer");
  if (own_mount_ns) {
    enter_rootfs(a.rootfs, a.no_pivot);
    apply_root_propagation(spec);
  } else if (::chroot(a.rootfs.c_str()) != 0) {
    throw Error::last_errno("chroot", a.rootfs);
  }
  if (spec.linux_) {
    write_sysctls(spec.linux_->sysctl);
    make_paths_readonly(spec.linux_->readonly_paths);
    mask_paths(spec.linux_->masked_paths);
  }
  if (a.console_socket >= 0) setup_console(a.console_socket, process.console_size);
  enter_cwd(process.cwd);
  if (spec.root.readonly && own_mount_ns) remount_root_readonly();
  PreparedProcess prepared = prepare_process(process, a.seccomp);
  if (a.seccomp_listener) prepared.seccomp_listener = std::move(*a.seccomp_listener);
  return prepared;
}

}  // namespace

void wait_for_start(int fifo_fd) {
  // The fifo was opened for reading before any writer existed, so poll reports nothing until
  // `start` opens it and writes (Linux counts writers; a fresh reader sees no hang-up).
  pollfd p{fifo_fd, POLLIN, 0};
  while (::poll(&p, 1, -1) < 0) {
    if (errno != EINTR) throw Error::last_errno("wait for start");
  }
  char byte;
  ssize_t ignored = ::read(fifo_fd, &byte, 1);
  (void)ignored;
}

void container_init(const InitArgs& a) {
  PreparedProcess prepared;
  // Passed as late as the setup allows: meanwhile the runtime makes the cgroup and the state.
  CgroupGate cgroup_gate(*a.sync, a.namespaces->creates(CLONE_NEWCGROUP));
  UniqueFd start_fifo;
  try {
    // If the runtime dies mid-create, so do we: nobody would ever start or delete us.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    prepared = setup_container(a, cgroup_gate);
    start_fifo = cgroup_gate.take_start_fifo();
    finalize_process(*a.spec->process, prepared);
    ::prctl(PR_SET_PDEATHSIG, 0);
    a.sync->send(MessageType::kReady);
  } catch (const Error& e) {
    a.sync->send_error(e);
    ::_exit(1);
  } catch (const std::exception& e) {
    a.sync->send_error(Error(e.what()));
    ::_exit(1);
  }
  try {
    wait_for_start(start_fifo.get());
    start_fifo.reset();
    run_hooks(a.spec->hooks.start_container, hook_state(a, "created"), "startContainer");
    exec_process(*a.spec->process, prepared, a.preserve_fds);
  } catch (const Error& e) {
    ::dprintf(2, "berth-runtime: %s\n", e.what());
    ::_exit(static_cast<int>(e.exit_code()) == 1 ? 127 : static_cast<int>(e.exit_code()));
  }
}

}  // namespace berth::runtime

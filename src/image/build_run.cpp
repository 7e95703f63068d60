// A build step's overlay root, and RUN through the runtime library (create, start, wait, delete).
#include "image/build_run.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "image/overlay.hpp"
#include "image/temp_dir.hpp"
#include "oci/state.hpp"
#include "runtime/container_state.hpp"
#include "runtime/ops.hpp"

namespace berth::image {
namespace {

// Docker's default capability set for containers (and so for RUN).
const std::vector<std::string> kDockerCaps = {
    "CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",     "CAP_MKNOD",
    "CAP_NET_RAW", "CAP_SETGID",      "CAP_SETUID", "CAP_SETFCAP",    "CAP_SETPCAP",
    "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"};

// Where the runtime mounts something of its own (proc, a /dev tmpfs, sysfs): a directory it
// creates there for the mount is not part of what the step did.
const std::vector<std::string> kMountPoints = {"proc", "dev", "sys"};

void remove_dir_quietly(const std::string& path) {
  try {
    remove_tree(path);
  } catch (const Error& e) {
    log::warn(fmt::format("build: {}", e.what()));
  }
}

void remove_if_empty_parent(const std::string& path) { ::rmdir(path.c_str()); }

bool dir_is_empty(const std::string& path) {
  DIR* d = ::opendir(path.c_str());
  if (!d) throw Error::last_errno("opendir", path);
  bool empty = true;
  while (dirent* e = ::readdir(d)) {
    std::string_view n = e->d_name;
    if (n != "." && n != "..") {
      empty = false;
      break;
    }
  }
  ::closedir(d);
  return empty;
}

nlohmann::json run_spec(const StepRootfs& rootfs, const RunCommand& cmd, const BuildPaths& paths) {
  auto spec = oci::default_spec(false, 0, 0);
  spec["root"] = {{"path", rootfs.path()}, {"readonly", false}};
  spec["hostname"] = rootfs.id();
  auto& p = spec["process"];
  p["terminal"] = false;
  p["args"] = cmd.args;
  p["env"] = cmd.env;
  p["cwd"] = cmd.cwd.empty() ? "/" : cmd.cwd;
  p["user"] = {{"uid", cmd.user.uid}, {"gid", cmd.user.gid}};
  if (!cmd.user.additional_gids.empty()) p["user"]["additionalGids"] = cmd.user.additional_gids;
  nlohmann::json caps = kDockerCaps;
  p["capabilities"] = {{"bounding", caps}, {"effective", caps}, {"permitted", caps}};
  p["noNewPrivileges"] = false;
  // Like docker's containers, which inherit dockerd's limits: ours.
  rlimit nofile{};
  if (::getrlimit(RLIMIT_NOFILE, &nofile) == 0)
    p["rlimits"] = {{{"type", "RLIMIT_NOFILE"}, {"hard", nofile.rlim_max}, {"soft", nofile.rlim_cur}}};
  spec["linux"]["cgroupsPath"] = fmt::format("{}/build-{}", paths.cgroup_parent, rootfs.id());
  if (!cmd.seccomp.is_null()) spec["linux"]["seccomp"] = cmd.seccomp;
  return spec;
}

// Points fds 0, 1, 2 elsewhere while the container's init is cloned (it inherits them), and
// back afterwards.
class StdioSwap {
 public:
  StdioSwap(int in, int out, int err) {
    int targets[3] = {in, out, err};
    for (int i = 0; i < 3; ++i) {
      saved_[i] = ::fcntl(i, F_DUPFD_CLOEXEC, 3);
      if (::dup2(targets[i], i) < 0) throw Error::last_errno("dup2");
    }
  }
  ~StdioSwap() {
    for (int i = 0; i < 3; ++i) {
      if (saved_[i] >= 0) {
        ::dup2(saved_[i], i);
        ::close(saved_[i]);
      } else {
        ::close(i);
      }
    }
  }
  StdioSwap(const StdioSwap&) = delete;
  StdioSwap& operator=(const StdioSwap&) = delete;

 private:
  int saved_[3] = {-1, -1, -1};
};

sigset_t interrupt_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&set, s);
  return set;
}

// Waits for the init; an interrupt kills the whole container. Returns the exit code.
int wait_for(pid_t pid, runtime::StateStore& states, const std::string& id, bool& interrupted) {
  sigset_t set = interrupt_signals();
  UniqueFd sfd(::signalfd(-1, &set, SFD_CLOEXEC));
  if (!sfd) throw Error::last_errno("signalfd");
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    if (r < 0 && errno != EINTR) throw Error::last_errno("wait", std::to_string(pid));
    pollfd pfd{sfd.get(), POLLIN, 0};
    if (::poll(&pfd, 1, -1) < 0 && errno != EINTR) throw Error::last_errno("poll");
    signalfd_siginfo si;
    if ((pfd.revents & POLLIN) && ::read(sfd.get(), &si, sizeof si) == sizeof si && si.ssi_signo != SIGCHLD) {
      interrupted = true;
      try {
        runtime::kill_container(states, id, SIGKILL, true);
      } catch (const Error& e) {
        log::warn(e.what());  // it may have exited meanwhile
      }
    }
  }
}

// Locks "<bundle>.lock": made and locked under a temporary name first, so that a lock file
// another build can see is always locked by its owner until the owner is gone.
UniqueFd take_step_lock(const std::string& bundle) {
  std::string tmp = bundle + ".lock-new";
  UniqueFd fd(::open(tmp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd) throw Error::last_errno("create", tmp);
  if (::flock(fd.get(), LOCK_EX) != 0 || ::rename(tmp.c_str(), (bundle + ".lock").c_str()) != 0) {
    Error e = Error::last_errno("lock", tmp);
    ::unlink(tmp.c_str());
    throw e;
  }
  return fd;
}

void remove_stale_step(const BuildPaths& paths, const std::string& id) {
  runtime::StateStore states(paths.runroot + "/build-runtime");
  if (states.load("build-" + id)) runtime::delete_container(states, "build-" + id, true);
  std::string bundle = paths.runroot + "/builds/" + id;
  unmount_rootfs(bundle + "/rootfs");
  remove_tree(bundle);
  remove_tree(paths.root + "/build-tmp/" + id);
}

}  // namespace

void remove_stale_steps(const BuildPaths& paths) {
  std::string dir = paths.runroot + "/builds";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;  // no build ever ran
  std::vector<std::string> locks;
  while (dirent* e = ::readdir(d)) {
    std::string_view n = e->d_name;
    if (n.ends_with(".lock")) locks.emplace_back(n.substr(0, n.size() - 5));
  }
  ::closedir(d);
  for (const auto& id : locks) {
    std::string lock = dir + "/" + id + ".lock";
    UniqueFd fd(::open(lock.c_str(), O_RDWR | O_CLOEXEC));
    if (!fd || ::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) continue;  // gone, or its build runs
    try {
      remove_stale_step(paths, id);
      ::unlink(lock.c_str());
    } catch (const Error& e) {
      log::warn(fmt::format("build: removing what an interrupted build left: {}", e.what()));
    }
  }
  // Only when empty: another build may be using them.
  for (const auto& parent : {dir, paths.root + "/build-tmp", paths.runroot + "/build-runtime"}) ::rmdir(parent.c_str());
}

std::string random_hex_id() {
  unsigned char b[6];
  if (::getrandom(b, sizeof b, 0) != static_cast<ssize_t>(sizeof b)) throw Error::last_errno("getrandom");
  std::string s;
  for (unsigned char c : b) s += fmt::format("{:02x}", c);
  return s;
}

StepRootfs::StepRootfs(const BuildPaths& paths, const std::vector<std::string>& lower_dirs) : id_(random_hex_id()) {
  bundle_ = paths.runroot + "/builds/" + id_;
  mount_ = bundle_ + "/rootfs";
  scratch_ = paths.root + "/build-tmp/" + id_;
  upper_ = scratch_ + "/upper";
  mkdir_all(paths.runroot + "/builds", 0700);
  lock_ = take_step_lock(bundle_);
  try {
    mkdir_all(paths.root + "/build-tmp", 0700);
    if (::mkdir(bundle_.c_str(), 0700) != 0) throw Error::last_errno("mkdir", bundle_);
    if (::mkdir(scratch_.c_str(), 0700) != 0) throw Error::last_errno("mkdir", scratch_);
    mkdir_all(upper_, 0755);
    mkdir_all(scratch_ + "/work", 0700);
    mount_overlay({lower_dirs, upper_, scratch_ + "/work"}, mount_);
    mounted_ = true;
    root_fd_ = UniqueFd(::open(mount_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root_fd_) throw Error::last_errno("open", mount_);
  } catch (...) {
    cleanup();
    throw;
  }
}

StepRootfs::~StepRootfs() { cleanup(); }

void StepRootfs::cleanup() noexcept {
  root_fd_.reset();
  if (mounted_) {
    try {
      unmount_rootfs(mount_);
      mounted_ = false;
    } catch (const Error& e) {
      // Never remove a tree that may still be mounted: that would reach into the layers.
      log::warn(fmt::format("build: {}; leaving {} and {}", e.what(), bundle_, scratch_));
      return;
    }
  }
  remove_dir_quietly(bundle_);
  remove_dir_quietly(scratch_);
  if (lock_) {
    ::unlink((bundle_ + ".lock").c_str());
    lock_.reset();
  }
  // The parents go when this was the last step using them.
  remove_if_empty_parent(bundle_.substr(0, bundle_.rfind('/')));
  remove_if_empty_parent(scratch_.substr(0, scratch_.rfind('/')));
}

void StepRootfs::forget_mount_points(const std::vector<std::string>& names) {
  for (const auto& n : names) {
    std::string p = upper_ + "/" + n;
    struct stat st;
    if (::lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && dir_is_empty(p)) ::rmdir(p.c_str());
  }
}

std::string StepRootfs::commit(Store& store) {
  root_fd_.reset();
  unmount_rootfs(mount_);
  mounted_ = false;
  if (dir_is_empty(upper_)) return "";
  return store.add_layer_from_dir(upper_, /*changes_from_overlay=*/true);
}

int run_step(const BuildPaths& paths, StepRootfs& rootfs, const RunCommand& cmd, int out_fd, int err_fd) {
  std::vector<std::string> missing;
  for (const auto& n : kMountPoints) {
    struct stat st;
    if (::fstatat(rootfs.fd(), n.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) missing.push_back(n);
  }
  write_file_atomic(rootfs.bundle() + "/config.json", run_spec(rootfs, cmd, paths).dump(), 0600,
                    Durability::kLiveState);
  runtime::StateStore states(paths.runroot + "/build-runtime");
  runtime::CreateOptions create;
  create.id = "build-" + rootfs.id();
  create.bundle = rootfs.bundle();

  // Signals are taken through a signalfd from before the init exists, so none is lost.
  sigset_t set = interrupt_signals(), old;
  ::sigprocmask(SIG_BLOCK, &set, &old);
  bool interrupted = false;
  int code = 0;
  try {
    runtime::ContainerRecord created;
    {
      UniqueFd null(::open("/dev/null", O_RDONLY | O_CLOEXEC));
      if (!null) throw Error::last_errno("open", "/dev/null");
      StdioSwap swap(null.get(), out_fd, err_fd);
      created = runtime::create_container(states, create);
    }
    try {
      runtime::start_created(states, created);
      code = wait_for(created.pid, states, create.id, interrupted);
    } catch (...) {
      runtime::delete_container(states, create.id, true);
      throw;
    }
    runtime::delete_container(states, create.id, true);
  } catch (...) {
    ::sigprocmask(SIG_SETMASK, &old, nullptr);
    ::rmdir(states.root().c_str());
    throw;
  }
  ::sigprocmask(SIG_SETMASK, &old, nullptr);
  ::rmdir(states.root().c_str());  // only when no other build runs
  rootfs.forget_mount_points(missing);
  if (interrupted) throw Error("build interrupted", static_cast<ExitCode>(130));
  return code;
}

}  // namespace berth::image

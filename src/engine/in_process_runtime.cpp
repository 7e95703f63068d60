// The in-process RuntimeClient: the runtime library called directly, no binary executed (the
// default, "berth"). Its state lives under <runroot>/runtime.
#include <fcntl.h>
#include <unistd.h>

#include "base/error.hpp"
#include "engine/runtime_client.hpp"
#include "oci/process_parse.hpp"
#include "runtime/foreground.hpp"
#include "runtime/init/console.hpp"
#include "runtime/ops.hpp"

namespace berth::engine {
namespace {

// The init inherits this process's fds 0-2: point them at the container's stdio for the
// duration of create, then restore ours.
class StdioSwap {
 public:
  StdioSwap(int in, int out, int err) {
    int targets[3] = {in, out, err};
    for (int fd = 0; fd < 3; ++fd) {
      saved_[fd] = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
      if (targets[fd] >= 0) ::dup2(targets[fd], fd);
    }
  }
  ~StdioSwap() {
    for (int fd = 0; fd < 3; ++fd) {
      if (saved_[fd] >= 0) {
        ::dup2(saved_[fd], fd);
        ::close(saved_[fd]);
      }
    }
  }
  StdioSwap(const StdioSwap&) = delete;
  StdioSwap& operator=(const StdioSwap&) = delete;

 private:
  int saved_[3] = {-1, -1, -1};
};

class InProcessRuntime final : public RuntimeClient {
 public:
  explicit InProcessRuntime(const Paths& paths) : store_(paths.runtime_root()) {}

  CreatedInit create(const std::string& id, const std::string& bundle, const InitStdio& stdio) override {
    runtime::CreateOptions options;
    options.id = id;
    options.bundle = bundle;
    CreatedInit created;
    UniqueFd pty_receiver;
    {
      StdioSwap swap(stdio.in, stdio.out, stdio.err);
      created.pid = runtime::create_container(store_, options, stdio.terminal ? &pty_receiver : nullptr).pid;
    }
    if (pty_receiver) created.pty_master = runtime::receive_fd(pty_receiver.get());
    return created;
  }

  void start(const std::string& id) override { runtime::start_container(store_, id); }

  void kill(const std::string& id, int signal) override { runtime::kill_container(store_, id, signal, false); }

  void remove(const std::string& id) override { runtime::delete_container(store_, id, true); }

  std::optional<oci::State> state(const std::string& id) override {
    if (!store_.load(id)) return std::nullopt;
    try {
      return runtime::container_state(store_, id);
    } catch (const Error&) {
      oci::State unfinished;  // a create that did not finish: delete --force cleans it
      unfinished.id = id;
      unfinished.status = "creating";
      return unfinished;
    }
  }

  int exec(const std::string& id, const nlohmann::json& process, bool detach) override {
    runtime::ExecOptions o;
    o.id = id;
    o.process = oci::parse_process_json(process.dump(), "exec process");
    o.detach = detach;
    return runtime::exec_and_supervise(store_, o);
  }

  ExecTerminal exec_with_terminal(const std::string& id, const nlohmann::json& process) override {
    runtime::ExecOptions o;
    o.id = id;
    o.process = oci::parse_process_json(process.dump(), "exec process");
    UniqueFd pty_receiver;
    ExecTerminal t;
    t.pid = runtime::exec_in_container(store_, o, &pty_receiver);
    t.pty = runtime::receive_fd(pty_receiver.get());
    return t;
  }

  std::vector<pid_t> pids(const std::string& id) override { return runtime::container_pids(store_, id); }
  nlohmann::json stats(const std::string& id) override { return runtime::container_stats(store_, id); }
  void pause(const std::string& id) override { runtime::pause_container(store_, id); }
  void resume(const std::string& id) override { runtime::resume_container(store_, id); }

 private:
  runtime::StateStore store_;
};

}  // namespace

std::unique_ptr<RuntimeClient> in_process_runtime(const Paths& paths) {
  return std::make_unique<InProcessRuntime>(paths);
}

}  // namespace berth::engine

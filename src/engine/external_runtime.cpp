// The external RuntimeClient: any OCI runtime binary with runc's command line (runc, crun,
// berth-runtime), its state under <runroot>/runtimes/<name>.
//
// The monitor must stay the parent of the container's init, but `runtime create` forks the
// init and exits. So the monitor makes itself a child subreaper first: the orphaned init is
// re-parented to it, and it reaps the init with waitpid as it does with the in-process runtime.
//
//   monitor (PR_SET_CHILD_SUBREAPER)       runtime create            init
//    | fork+exec, fds 0-2 = container's ->  | clone -------------->  | waits for start
//    |   stdio (or --console-socket S)      | pid file, exits        | (re-parented to monitor)
//    | <- pty master on S (with a tty)      |
//    | read pid file; `runtime start` ---------------------------->  | execve
//    | waitpid(init) ... `runtime delete --force`
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "engine/runtime_call.hpp"
#include "engine/runtime_client.hpp"
#include "runtime/foreground.hpp"
#include "runtime/init/console.hpp"

namespace berth::engine {
namespace {

// A listening socket for runc's console protocol, unlinked when done.
class ConsoleSocket {
 public:
  explicit ConsoleSocket(std::string path) : path_(std::move(path)) {
    mkdir_all(path_.substr(0, path_.rfind('/')), 0700);
    ::unlink(path_.c_str());
    fd_ = UniqueFd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd_) throw Error::last_errno("socket", path_);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path_.size() >= sizeof addr.sun_path) throw Error("console socket path too long: " + path_);
    path_.copy(addr.sun_path, path_.size());
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw Error::last_errno("bind", path_);
    if (::listen(fd_.get(), 1) != 0) throw Error::last_errno("listen", path_);
  }
  ~ConsoleSocket() { ::unlink(path_.c_str()); }
  ConsoleSocket(const ConsoleSocket&) = delete;
  ConsoleSocket& operator=(const ConsoleSocket&) = delete;

  const std::string& path() const { return path_; }

  // After the runtime exited: its connection waits in the backlog with the master on it.
  UniqueFd receive_master() {
    UniqueFd conn(::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!conn) throw Error::last_errno("receive the container's terminal on", path_);
    return runtime::receive_fd(conn.get());
  }

 private:
  std::string path_;
  UniqueFd fd_;
};

class ExternalRuntime final : public RuntimeClient {
 public:
  ExternalRuntime(const Paths& paths, RuntimeChoice choice)
      : paths_(paths), choice_(std::move(choice)), name_(choice_.path.substr(choice_.path.rfind('/') + 1)),
        root_(paths.external_runtime_root(name_)) {}

  CreatedInit create(const std::string& id, const std::string& bundle, const InitStdio& stdio) override {
    // Once set, the flag stays: every init this monitor creates must come back to it.
    if (::prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) throw Error::last_errno("prctl(PR_SET_CHILD_SUBREAPER)");
    mkdir_all(root_, 0700);
    std::string pid_file = paths_.init_pid_file(id);
    mkdir_all(paths_.run_dir(id), 0755);
    ::unlink(pid_file.c_str());
    std::vector<std::string> command = {"create", "--bundle", bundle, "--pid-file", pid_file};
    std::unique_ptr<ConsoleSocket> console;
    if (stdio.terminal) {
      console = std::make_unique<ConsoleSocket>(paths_.console_socket(id));
      command.insert(command.end(), {"--console-socket", console->path()});
    }
    command.push_back(id);
    RuntimeCall call = make_call(command);
    // Without a terminal the runtime hands its own stdio to the init (runc's pass-through).
    if (!stdio.terminal) call.set_stdio(stdio.in, stdio.out, stdio.err);
    call.run();
    CreatedInit created;
    created.pid = read_pid_file(pid_file, "create");
    if (console) created.pty_master = console->receive_master();
    return created;
  }

  void start(const std::string& id) override { make_call({"start", id}).run(); }

  void kill(const std::string& id, int signal) override { make_call({"kill", id, std::to_string(signal)}).run(); }

  void remove(const std::string& id) override { make_call({"delete", "--force", id}).run(); }
  void pause(const std::string& id) override { make_call({"pause", id}).run(); }
  void resume(const std::string& id) override { make_call({"resume", id}).run(); }

  std::optional<oci::State> state(const std::string& id) override {
    // runc, crun and berth-runtime each keep one directory per container under --root.
    if (!path_exists(root_ + "/" + id)) return std::nullopt;
    oci::State s;
    s.id = id;
    s.status = "creating";  // a directory the runtime cannot describe: a create that did not finish
    try {
      auto j = nlohmann::json::parse(make_call({"state", id}).run());
      s.status = j.value("status", s.status);
      s.pid = j.value("pid", 0);
      s.bundle = j.value("bundle", "");
    } catch (const std::exception&) {
      // Keep "creating": the caller's answer to it is delete --force, which is right.
    }
    return s;
  }

  int exec(const std::string& id, const nlohmann::json& process, bool detach) override {
    std::vector<std::string> command = {"exec", "--process", kRuntimeInputPath};
    if (detach) command.push_back("--detach");
    command.push_back(id);
    RuntimeCall call = make_call(command);
    call.set_input(process.dump());
    call.set_stdio(0, 1, 2);
    if (detach) {
      call.run();
      return 0;
    }
    // The runtime stays in the foreground: it proxies a terminal itself and forwards the
    // signals we forward to it, and exits with the process's code.
    runtime::block_forwarded_signals();
    int code = runtime::supervise(call.spawn(), UniqueFd());
    if (!call.error_text().empty()) call.fail(code);
    return code;
  }

  // runc exec --detach with a console socket: the runtime exits once the process runs, which
  // then comes back to us, a subreaper, as our child; its terminal's master arrives on the socket.
  ExecTerminal exec_with_terminal(const std::string& id, const nlohmann::json& process) override {
    if (::prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) throw Error::last_errno("prctl(PR_SET_CHILD_SUBREAPER)");
    // One socket and pid file per exec: several may start at once in one container.
    const std::string tag = fmt::format("{}-x{}", id.substr(0, 12), ::getpid());
    ConsoleSocket console(paths_.console_socket(tag));
    const std::string pid_file = paths_.runroot + "/console/" + tag + ".pid";
    ::unlink(pid_file.c_str());
    RuntimeCall call = make_call({"exec", "--process", kRuntimeInputPath, "--detach", "--console-socket",
                                  console.path(), "--pid-file", pid_file, id});
    call.set_input(process.dump());
    ExecTerminal t;
    try {
      call.run();
      t.pid = read_pid_file(pid_file, "exec");
    } catch (...) {
      ::unlink(pid_file.c_str());
      throw;
    }
    ::unlink(pid_file.c_str());
    t.pty = console.receive_master();
    return t;
  }

  std::vector<pid_t> pids(const std::string& id) override {
    auto j = nlohmann::json::parse(make_call({"ps", "--format", "json", id}).run(), nullptr, false);
    std::vector<pid_t> out;
    if (j.is_array()) {
      for (const auto& p : j) {
        if (p.is_number_integer()) out.push_back(p.get<pid_t>());
      }
    }
    return out;
  }

  nlohmann::json stats(const std::string& id) override {
    // runc prints one event, {"type":"stats","id":...,"data":{...}}, and exits.
    auto j = nlohmann::json::parse(make_call({"events", "--stats", id}).run(), nullptr, false);
    if (!j.is_object() || !j.contains("data")) throw Error(fmt::format("{} events --stats {}: unexpected output", name_, id));
    return j["data"];
  }

 private:
  // The pid the runtime wrote with --pid-file; `command` names it in the error.
  pid_t read_pid_file(const std::string& pid_file, const char* command) const {
    auto pid = parse_int(trim(read_file(pid_file)));
    if (!pid || *pid <= 0) throw Error(fmt::format("{} {}: bad pid file {}", name_, command, pid_file));
    return static_cast<pid_t>(*pid);
  }

  RuntimeCall make_call(std::vector<std::string> command) const {
    return RuntimeCall(choice_.path, root_, std::move(command));
  }

  Paths paths_;
  RuntimeChoice choice_;
  std::string name_;
  std::string root_;
};

}  // namespace

std::unique_ptr<RuntimeClient> external_runtime(const Paths& paths, const RuntimeChoice& choice) {
  return std::make_unique<ExternalRuntime>(paths, choice);
}

}  // namespace berth::engine

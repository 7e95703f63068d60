// berth exec -it at a terminal: the process runs under a keeper (engine/exec_keeper.hpp) and
// this CLI attaches to it, so that the detach keys leave the process running.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "base/error.hpp"
#include "cli/berth/container_commands.hpp"
#include "engine/attach_client.hpp"
#include "engine/container_exec.hpp"
#include "engine/exec_keeper.hpp"

namespace berth::cli {
namespace {

// The keeper's side of the fork: its own session (the terminal is ours, not its), stdio on
// /dev/null, the process started through the runtime as its child.
[[noreturn]] void become_keeper(UniqueFd cli, engine::RuntimeClient& rt, const std::string& id,
                                const nlohmann::json& process) {
  int code = static_cast<int>(ExitCode::kEngine);
  try {
    ::setsid();
    UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
    for (int fd = 0; fd < 3 && null; ++fd) ::dup2(null.get(), fd);
    code = engine::keep_exec(std::move(cli), [&] { return rt.exec_with_terminal(id, process); });
  } catch (...) {
    // Nobody to tell any more: the CLI reads the end of the socket as the keeper's failure.
  }
  ::_exit(code);
}

}  // namespace

int exec_with_keeper(const engine::ContainerStore& store, const engine::ContainerRecord& r,
                                    const engine::ExecRequest& request, const std::string& detach_keys) {
  auto rt = engine::runtime_client(store.paths(), r.host_config);
  nlohmann::json process = engine::exec_process(store, r, request);
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) throw Error::last_errno("socketpair");
  UniqueFd ours(pair[0]), keepers(pair[1]);
  pid_t keeper = ::fork();
  if (keeper < 0) throw Error::last_errno("fork", "exec keeper");
  if (keeper == 0) {
    ours.reset();
    become_keeper(std::move(keepers), *rt, r.id, process);
  }
  keepers.reset();
  engine::KeeperStart start = engine::read_keeper_start(ours.get());
  if (!start.started) {
    ::waitpid(keeper, nullptr, 0);
    throw Error(start.message).with_exit_code(static_cast<ExitCode>(start.exit_code));
  }
  engine::AttachOptions o;
  o.forward_stdin = true;
  o.tty = true;
  o.detach_keys = detach_keys;
  auto outcome = engine::attach_streams(std::move(ours), o);
  if (outcome.detached) {
    // As docker exec: the detach is reported as its error, this line and status 1; the process
    // runs on under its keeper, which exits with it.
    std::fputs("read escape sequence\n", stderr);
    return 1;
  }
  ::waitpid(keeper, nullptr, 0);
  return outcome.exit_code.value_or(static_cast<int>(ExitCode::kEngine));
}

}  // namespace berth::cli

// berth-runtime ps: the processes of a container (ps(1)'s table, or a JSON list of pids).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "cli/runtime/command.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {
namespace {

struct PsArgs {
  std::string id, format = "table";
  std::vector<std::string> ps_args;
};

std::string run_ps(const std::vector<std::string>& args) {
  int fds[2];
  check(::pipe2(fds, O_CLOEXEC), "pipe");
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    std::vector<char*> argv{const_cast<char*>("ps")};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp("ps", argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string out = read_fd(fds[0]);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw Error("ps failed (is procps installed?)");
  return out;
}

// runc's table: ps(1) output for the whole host, keeping the header and the container's lines.
void print_table(const std::vector<pid_t>& pids, const std::vector<std::string>& ps_args) {
  auto lines = split(run_ps(ps_args.empty() ? std::vector<std::string>{"-ef"} : ps_args), '\n');
  if (lines.empty()) return;
  auto header = split(lines[0], ' ');
  header.erase(std::remove(header.begin(), header.end(), ""), header.end());
  auto col = std::find(header.begin(), header.end(), "PID");
  if (col == header.end()) throw Error("ps: no PID column in the output");
  size_t index = static_cast<size_t>(col - header.begin());
  std::set<std::string> wanted;
  for (pid_t p : pids) wanted.insert(std::to_string(p));
  print_line(lines[0]);
  for (size_t i = 1; i < lines.size(); ++i) {
    auto f = split(lines[i], ' ');
    f.erase(std::remove(f.begin(), f.end(), ""), f.end());
    if (index < f.size() && wanted.count(f[index])) print_line(lines[i]);
  }
}

}  // namespace

void add_ps(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<PsArgs>();
  auto* cmd = app.add_subcommand("ps", "list the processes running in a container");
  cmd->add_option("-f,--format", a->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->add_option("id", a->id, "container id")->required();
  cmd->add_option("ps-args", a->ps_args, "options passed to ps(1)");
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = g.store();
      auto pids = runtime::container_pids(store, a->id);
      if (a->format == "json") print_line(nlohmann::json(pids).dump());
      else print_table(pids, a->ps_args);
      return 0;
    };
  });
}

}  // namespace berth::cli

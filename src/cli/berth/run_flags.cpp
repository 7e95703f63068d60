// Parsing docker's run flags into the engine's container config.
#include "cli/berth/run_flags.hpp"

#include <cstdlib>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "cli/berth/argument_errors.hpp"
#include "cli/berth/labels.hpp"
#include "cli/berth/mount_flags.hpp"
#include "cli/berth/security_opt_flag.hpp"
#include "cli/berth/unknown_flag.hpp"
#include "engine/container_store.hpp"
#include "engine/env_file.hpp"
#include "engine/ipc_mode.hpp"
#include "engine/ipc_setup.hpp"

namespace berth::cli {
namespace {

[[noreturn]] void bad_flag(const std::string& flag, const std::string& value, const std::string& why) {
  throw Error(fmt::format("invalid argument \"{}\" for \"{}\" flag: {}", value, flag, why), ExitCode::kEngine);
}

engine::RestartPolicy parse_restart(const std::string& value) {
  engine::RestartPolicy p;
  auto parts = split(value, ':');
  p.name = parts[0];
  if (p.name != "no" && p.name != "always" && p.name != "unless-stopped" && p.name != "on-failure")
    bad_flag("--restart", value, "invalid restart policy " + p.name);
  if (parts.size() > 1) {
    auto n = parse_int(parts[1]);
    if (p.name != "on-failure") bad_flag("--restart", value, "maximum retry count cannot be used with restart policy '" + p.name + "'");
    if (!n || *n < 0) bad_flag("--restart", value, "maximum retry count must be a positive integer");
    p.maximum_retry_count = static_cast<int>(*n);
  }
  return p;
}

// go-units' ParseUlimit: NAME=SOFT[:HARD], -1 for unlimited.
engine::Ulimit parse_ulimit(const std::string& value) {
  auto eq = value.find('=');
  if (eq == std::string::npos) bad_flag("--ulimit", value, "invalid ulimit argument: " + value);
  engine::Ulimit u;
  u.name = value.substr(0, eq);
  static const std::vector<std::string> known = {"core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
                                                 "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending",
                                                 "stack", "as"};
  if (std::find(known.begin(), known.end(), u.name) == known.end()) bad_flag("--ulimit", value, "invalid ulimit type: " + u.name);
  std::string limits = value.substr(eq + 1);
  auto parts = split(limits, ':');
  if (parts.size() > 2)
    bad_flag("--ulimit", value,
             fmt::format("too many limit value arguments - {}, can only have up to two, `soft[:hard]`", limits));
  auto number = [&](const std::string& text) {
    auto n = parse_int(text);
    if (!n) bad_flag("--ulimit", value, fmt::format("strconv.ParseInt: parsing \"{}\": invalid syntax", text));
    return *n;
  };
  u.hard = parts.size() == 2 ? number(parts[1]) : 0;  // the hard limit is read first, as go-units does
  u.soft = number(parts[0]);
  if (parts.size() == 1) u.hard = u.soft;
  if (u.hard != -1 && u.soft > u.hard)
    bad_flag("--ulimit", value, fmt::format("ulimit soft limit must be less than or equal to hard limit: {} > {}", u.soft, u.hard));
  return u;
}

// The docker CLI's list: the IPC namespace's kernel.* and fs.mqueue.*, and the network
// namespace's net.*; anything else would change the host.
void check_sysctl(const std::string& value) {
  auto eq = value.find('=');
  std::string name = value.substr(0, eq);
  if (eq == std::string::npos || !(engine::is_ipc_sysctl(name) || name.starts_with("net.")))
    bad_flag("--sysctl", value, fmt::format("sysctl '{}' is not allowed", value));
}


void check_conflicts(const RunFlags& f) {
  if (f.remove && f.restart != "no")
    throw Error("conflicting options: cannot specify both --restart and --rm", ExitCode::kEngine);
  if (!f.hostname.empty() && f.network == "host")
    throw Error("Conflicting options: hostname and the network mode", ExitCode::kEngine);
  if (!f.hostname.empty() && f.uts == "host")
    throw Error("Conflicting options: hostname and the UTS mode", ExitCode::kEngine);
}

}  // namespace

long long parse_size(const std::string& value, const std::string& flag) {
  auto bytes = parse_ram_size(value);
  if (!bytes) bad_flag(flag, value, fmt::format("invalid size: '{}'", value));
  return *bytes;
}

void add_run_flags(CLI::App* cmd, RunFlags& f) {
  cmd->set_help_flag("--help", "Print usage");
  cmd->add_flag("-d,--detach", f.detach, "Run container in background and print container ID");
  cmd->add_flag("-i,--interactive", f.interactive, "Keep STDIN open even if not attached");
  cmd->add_flag("-t,--tty", f.tty, "Allocate a pseudo-TTY");
  cmd->add_flag("--rm", f.remove, "Automatically remove the container when it exits");
  cmd->add_option("--name", f.name, "Assign a name to the container");
  cmd->add_option("-u,--user", f.user, "Username or UID (format: <name|uid>[:<group|gid>])");
  cmd->add_option("-e,--env", f.env, "Set environment variables")->allow_extra_args(false);
  cmd->add_option("--env-file", f.env_files, "Read in a file of environment variables")->allow_extra_args(false);
  cmd->add_option("-v,--volume", f.volumes, "Bind mount a volume")->allow_extra_args(false);
  cmd->add_option("--mount", f.mounts, "Attach a filesystem mount to the container")->allow_extra_args(false);
  cmd->add_option("--tmpfs", f.tmpfs, "Mount a tmpfs directory")->allow_extra_args(false);
  cmd->add_option("-w,--workdir", f.workdir, "Working directory inside the container");
  cmd->add_option("--entrypoint", f.entrypoint, "Overwrite the default ENTRYPOINT of the image")
      ->each([&f](const std::string&) { f.entrypoint_set = true; });
  cmd->add_option("-h,--hostname", f.hostname, "Container host name");
  cmd->add_option("--network,--net", f.network, "Connect a container to a network (none, host)");
  cmd->add_option("--pid", f.pid, "PID namespace to use (host, container:<name|id>)");
  cmd->add_option("--uts", f.uts, "UTS namespace to use (host)");
  cmd->add_option("--ipc", f.ipc, "IPC mode: shareable, private, none, host, container:<name|id>, ns:<path>");
  cmd->add_option("--shm-size", f.shm_size, "Size of /dev/shm (default 64m)");
  cmd->add_option("-m,--memory", f.memory, "Memory limit");
  cmd->add_option("--memory-swap", f.memory_swap, "Swap limit equal to memory plus swap: '-1' to enable unlimited swap");
  cmd->add_option("--cpus", f.cpus, "Number of CPUs");
  cmd->add_option("-c,--cpu-shares", f.cpu_shares, "CPU shares (relative weight)");
  cmd->add_option("--cpuset-cpus", f.cpuset_cpus, "CPUs in which to allow execution (0-3, 0,1)");
  cmd->add_option("--pids-limit", f.pids_limit, "Tune container pids limit (set -1 for unlimited)");
  cmd->add_option("--ulimit", f.ulimits, "Ulimit options")->allow_extra_args(false);
  cmd->add_option("--cap-add", f.cap_add, "Add Linux capabilities")->allow_extra_args(false);
  cmd->add_option("--cap-drop", f.cap_drop, "Drop Linux capabilities")->allow_extra_args(false);
  cmd->add_flag("--privileged", f.privileged, "Give extended privileges to this container");
  cmd->add_flag("--read-only", f.read_only, "Mount the container's root filesystem as read only");
  cmd->add_option("--security-opt", f.security_opt, "Security Options")->allow_extra_args(false);
  cmd->add_option("--sysctl", f.sysctls, "Sysctl options")->allow_extra_args(false);
  cmd->add_option("--restart", f.restart, "Restart policy to apply when a container exits");
  cmd->add_flag("--init", f.init, "Run an init inside the container that forwards signals and reaps processes");
  cmd->add_option("-l,--label", f.labels, "Set meta data on a container")->allow_extra_args(false);
  cmd->add_option("--stop-signal", f.stop_signal, "Signal to stop the container");
  cmd->add_option("--stop-timeout", f.stop_timeout, "Timeout (in seconds) to stop a container");
  cmd->add_option("--log-opt", f.log_opts, "Log driver options (max-size, max-file)")->allow_extra_args(false);
  cmd->add_option("--runtime", f.runtime, "Runtime to use: berth (in-process) or an OCI runtime's name or path");
  cmd->prefix_command();
  cmd->parse_complete_callback([cmd] {
    refuse_unknown_leading_flag(*cmd);
    require_arguments(*cmd, 1);  // the image
  });
}

engine::CreateRequest to_create_request(const RunFlags& f, const std::vector<std::string>& image_and_args,
                                        const EngineDefaults& defaults) {
  if (image_and_args.empty()) throw Error("\"run\" requires at least 1 argument.", ExitCode::kEngine);
  check_conflicts(f);
  engine::CreateRequest req;
  req.image_ref = image_and_args[0];
  req.args.assign(image_and_args.begin() + 1, image_and_args.end());
  if (f.entrypoint_set) req.entrypoint = f.entrypoint;
  req.workdir_set = !f.workdir.empty();
  req.user_set = !f.user.empty();
  auto& r = req.record;
  r.name = f.name;
  auto& c = r.config;
  c.user = f.user;
  c.working_dir = f.workdir;
  c.hostname = f.hostname;
  c.tty = f.tty;
  c.open_stdin = f.interactive;
  c.attach_output = !f.detach;
  c.attach_stdin = f.interactive && !f.detach;
  c.stop_signal = f.stop_signal;
  c.stop_timeout = f.stop_timeout;
  for (const auto& file : f.env_files)
    for (const auto& kv : engine::read_env_file(file)) engine::add_env_flag_value(c.env, kv);
  for (const auto& kv : f.env) engine::add_env_flag_value(c.env, kv);
  add_labels(c.labels, f.labels);
  auto& h = r.host_config;
  engine::IpcMode ipc = engine::parse_ipc_mode(f.ipc, defaults.ipc_mode);
  h.ipc_mode = ipc.to_string();
  h.runtime = f.runtime.empty() ? defaults.runtime : f.runtime;
  if (!f.shm_size.empty()) h.shm_size = parse_size(f.shm_size, "--shm-size");
  if (f.network != "none" && f.network != "host")
    throw Error(fmt::format("network {} not found (berth supports --network none and host)", f.network),
                ExitCode::kEngine);
  h.network_mode = f.network;
  if (!f.pid.empty() && f.pid != "host" && !f.pid.starts_with("container:"))
    bad_flag("--pid", f.pid, "invalid PID mode");
  h.pid_mode = f.pid;
  if (!f.uts.empty() && f.uts != "host") bad_flag("--uts", f.uts, "invalid UTS mode");
  h.uts_mode = f.uts;
  for (const auto& v : f.volumes) h.mounts.push_back(parse_volume_flag(v));
  for (const auto& m : f.mounts) h.mounts.push_back(parse_mount_flag(m));
  for (const auto& t : f.tmpfs) h.mounts.push_back(parse_tmpfs_flag(t));
  if (!f.memory.empty()) h.memory = parse_size(f.memory, "--memory");
  if (!f.memory_swap.empty()) h.memory_swap = f.memory_swap == "-1" ? -1 : parse_size(f.memory_swap, "--memory-swap");
  if (h.memory_swap > 0 && h.memory > 0 && h.memory_swap < h.memory)
    throw Error("Minimum memoryswap limit should be larger than memory limit, see usage", ExitCode::kEngine);
  if (h.memory_swap != 0 && h.memory == 0)
    throw Error("You should always set the Memory limit when using Memoryswap limit, see usage", ExitCode::kEngine);
  if (!f.cpus.empty()) {
    char* end = nullptr;
    double cpus = std::strtod(f.cpus.c_str(), &end);
    // Any number parses (docker reads a rational); 0 is no limit, and the range is the engine's
    // to check against the CPUs there are.
    if (end == f.cpus.c_str() || *end != '\0') bad_flag("--cpus", f.cpus, fmt::format("failed to parse {} as a rational number", f.cpus));
    h.nano_cpus = static_cast<long long>(cpus * 1e9);
  }
  h.cpu_shares = f.cpu_shares;
  h.cpuset_cpus = f.cpuset_cpus;
  h.pids_limit = f.pids_limit;
  for (const auto& u : f.ulimits) h.ulimits.push_back(parse_ulimit(u));
  h.cap_add = f.cap_add;
  h.cap_drop = f.cap_drop;
  h.privileged = f.privileged;
  h.read_only_rootfs = f.read_only;
  SecurityOptFlags security = read_security_opt_flags(f.security_opt);
  h.security_opt = security.options;
  h.system_paths_unconfined = security.system_paths_unconfined;
  for (const auto& s : f.sysctls) {
    check_sysctl(s);
    auto eq = s.find('=');
    h.sysctls[s.substr(0, eq)] = s.substr(eq + 1);
  }
  h.restart = parse_restart(f.restart);
  h.auto_remove = f.remove;
  h.init = f.init;
  for (const auto& o : f.log_opts) {
    auto eq = o.find('=');
    std::string key = o.substr(0, eq);
    if (eq == std::string::npos || (key != "max-size" && key != "max-file"))
      bad_flag("--log-opt", o, "unknown log opt '" + key + "' for json-file log driver");
    h.log_opts[key] = o.substr(eq + 1);
  }
  return req;
}

}  // namespace berth::cli

// What the engine remembers about one container: docker's Config, HostConfig and State.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace berth::engine {

struct MountSpec {
  std::string type;         // bind, volume, tmpfs
  std::string source;       // host path or volume name
  std::string destination;  // inside the container
  bool read_only = false;
  std::vector<std::string> options;  // tmpfs size= etc.
  bool anonymous = false;            // a volume made for this container (-v /path): rm -v removes it
  bool no_copy = false;              // nocopy: an empty volume is not filled from the image
  // Which flag made it ("-v", "--mount", "--tmpfs"; empty in records older than the field, read
  // as -v or --tmpfs) and -v's or --tmpfs's text as given: inspect shows each where docker does.
  std::string flag;
  std::string flag_value;
  bool recursive = true;               // bind-recursive=disabled: the source's submounts stay out
  bool create_missing_source = false;  // -v and bind-create-mountpoint: a missing host path is made at start
  std::map<std::string, std::string> volume_labels;  // volume-label: given to a volume this mount creates
};

struct RestartPolicy {
  std::string name = "no";  // no, always, unless-stopped, on-failure
  int maximum_retry_count = 0;
};

struct Ulimit {
  std::string name;
  long long soft = 0;
  long long hard = 0;
};

// docker's Config: what runs.
struct ContainerConfig {
  std::string image;  // as the user typed it
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::vector<std::string> env;
  std::string user;
  std::string working_dir;
  std::string hostname;
  std::map<std::string, std::string> labels;
  std::string stop_signal = "SIGTERM";
  int stop_timeout = -1;  // seconds; -1: the default (10)
  bool tty = false;
  bool open_stdin = false;
  bool attach_stdin = false;   // docker's AttachStdin: -i of a run in the foreground
  bool attach_output = false;  // AttachStdout and AttachStderr: a run in the foreground, or create
};

// docker's HostConfig: how it runs.
struct HostConfig {
  std::string ipc_mode = "shareable";
  long long shm_size = 0;
  std::string network_mode = "none";
  std::string pid_mode;
  std::string uts_mode;
  std::vector<MountSpec> mounts;
  long long memory = 0;
  long long memory_swap = 0;
  long long nano_cpus = 0;
  long long cpu_shares = 0;
  std::string cpuset_cpus;
  long long pids_limit = 0;
  std::vector<Ulimit> ulimits;
  std::vector<std::string> cap_add;
  std::vector<std::string> cap_drop;
  bool privileged = false;
  bool read_only_rootfs = false;
  std::vector<std::string> security_opt;
  bool system_paths_unconfined = false;  // --security-opt systempaths=unconfined: no masked or read-only /proc paths
  std::map<std::string, std::string> sysctls;
  RestartPolicy restart;
  bool auto_remove = false;
  bool init = false;
  std::map<std::string, std::string> log_opts;  // max-size, max-file
  std::string runtime = "berth";  // --runtime as given: "berth" (in-process), a name or a path
  std::string runtime_path;       // the external runtime's binary, resolved at create
};

// docker's State.
struct ContainerState {
  std::string status = "created";  // created, running, paused, restarting, removing, exited, dead
  pid_t pid = 0;
  uint64_t pid_start_time = 0;
  int exit_code = 0;
  std::string error;
  std::string started_at = "0001-01-01T00:00:00Z";
  std::string finished_at = "0001-01-01T00:00:00Z";
  pid_t monitor_pid = 0;
  int restart_count = 0;
  bool manually_stopped = false;  // stop/kill by the user: no restart (unless-stopped, always)
  bool removal_in_progress = false;  // rm -f killed it: its layer is not worth syncing
  bool oom_killed = false;
};

struct ContainerRecord {
  std::string id;  // 64 hex
  std::string name;
  std::string created;  // RFC 3339 with nanoseconds
  std::string image_id;
  ContainerConfig config;
  HostConfig host_config;
  ContainerState state;
  std::string ipc_group;  // the shareable container whose namespace this one is in (maybe itself)
  uint64_t ipc_inode = 0;  // the IPC namespace's inode, once started
  // In a group's own record (ipc_group == id): every container created into the group, so that
  // removing the owner reads its joiners' records, not every record (engine/ipc_setup.hpp).
  // Known only for records made by a berth that keeps the list (older ones: every record is
  // read); an entry may name a joiner removed since, which the reader checks.
  bool ipc_joiners_known = false;
  std::vector<std::string> ipc_joiners;
};

nlohmann::json to_json(const ContainerRecord& record);
ContainerRecord record_from_json(const nlohmann::json& j);

}  // namespace berth::engine

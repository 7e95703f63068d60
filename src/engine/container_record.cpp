// ContainerRecord <-> JSON (the container.json file).
#include "engine/container_record.hpp"

namespace berth::engine {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MountSpec, type, source, destination, read_only, options, anonymous, no_copy,
                                                flag, flag_value, recursive, create_missing_source, volume_labels)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(RestartPolicy, name, maximum_retry_count)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Ulimit, name, soft, hard)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ContainerConfig, image, entrypoint, cmd, env, user, working_dir,
                                                hostname, labels, stop_signal, stop_timeout, tty, open_stdin,
                                                attach_stdin, attach_output)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HostConfig, ipc_mode, shm_size, network_mode, pid_mode, uts_mode,
                                                mounts, memory, memory_swap, nano_cpus, cpu_shares, cpuset_cpus,
                                                pids_limit, ulimits, cap_add, cap_drop, privileged, read_only_rootfs,
                                                security_opt, system_paths_unconfined, sysctls, restart, auto_remove, init, log_opts,
                                                runtime, runtime_path)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ContainerState, status, pid, pid_start_time, exit_code, error,
                                                started_at, finished_at, monitor_pid, restart_count,
                                                manually_stopped, removal_in_progress, oom_killed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ContainerRecord, id, name, created, image_id, config, host_config,
                                                state, ipc_group, ipc_inode, ipc_joiners_known, ipc_joiners)

nlohmann::json to_json(const ContainerRecord& record) {
  nlohmann::json j;
  to_json(j, record);
  return j;
}

ContainerRecord record_from_json(const nlohmann::json& j) { return j.get<ContainerRecord>(); }

}  // namespace berth::engine

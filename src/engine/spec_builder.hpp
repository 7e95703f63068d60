// Plan: a container record (docker's Config and HostConfig) -> the OCI config the runtime runs.
// Pure: no syscalls, so unit tests check every flag's effect without root.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/container_record.hpp"
#include "engine/etc_files.hpp"
#include "engine/ipc_setup.hpp"
#include "engine/user_lookup.hpp"

namespace berth::engine {

struct SpecInputs {
  const ContainerRecord* record = nullptr;
  std::string rootfs;        // the overlay mount point
  ResolvedUser user;
  IpcPlan ipc;
  std::string pid_ns_path;   // --pid container:X: that container's init's namespace
  std::string cgroups_path;  // <cgroup parent>/<id>
  std::string volumes_dir;   // where named volumes live (<root>/volumes)
  nlohmann::json seccomp;    // the profile to apply, or null for none
  std::string init_path;     // --init: the host's init binary, mounted at /sbin/docker-init
  std::vector<EtcFile> etc_files;  // /etc/hostname, hosts, resolv.conf: the container's own
};

// --init: the first init binary found on the host (Debian's tini-static, as docker-init).
// Throws (exit 125) when there is none.
std::string find_init_binary();

nlohmann::json build_oci_spec(const SpecInputs& in);

// Docker's default capability set (14 capabilities).
const std::vector<std::string>& default_capabilities();
// The paths every unprivileged container gets masked and read-only, as docker's defaults.
const std::vector<std::string>& default_masked_paths();
const std::vector<std::string>& default_readonly_paths();
// Applies --cap-add/--cap-drop (names with or without CAP_, and ALL) to docker's default set.
std::vector<std::string> effective_capabilities(const HostConfig& host);
// Every capability this process may grant (its own bounding set): --privileged's, exec --privileged's.
std::vector<std::string> grantable_capabilities();

}  // namespace berth::engine

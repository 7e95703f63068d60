// Creating a container record: image defaults merged with flags, name reserved under the lock.
#include "engine/container_create.hpp"

#include <unistd.h>

#include <algorithm>

#include <fmt/core.h>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "engine/container_env.hpp"
#include "engine/container_remove.hpp"
#include "engine/cpuset_check.hpp"
#include "engine/mount_config.hpp"
#include "engine/resource_check.hpp"
#include "engine/ipc_setup.hpp"
#include "engine/runtime_client.hpp"
#include "engine/seccomp_profile.hpp"
#include "engine/spec_builder.hpp"
#include "engine/volume_prefill.hpp"
#include "engine/volumes.hpp"
#include "image/reference.hpp"
#include "image/store.hpp"

namespace berth::engine {
namespace {

std::string host_name() {
  char name[256] = {};
  return ::gethostname(name, sizeof(name) - 1) == 0 ? name : "";
}

void apply_image_defaults(CreateRequest& req, const image::Image& img) {
  auto& c = req.record.config;
  const auto& d = img.defaults;
  if (req.entrypoint) {
    c.entrypoint = req.entrypoint->empty() ? std::vector<std::string>{} : std::vector<std::string>{*req.entrypoint};
    c.cmd = req.args;  // docker: --entrypoint drops the image's CMD
  } else {
    c.entrypoint = d.entrypoint.value_or(std::vector<std::string>{});
    c.cmd = req.args.empty() ? d.cmd.value_or(std::vector<std::string>{}) : req.args;
  }
  if (c.entrypoint.empty() && c.cmd.empty())
    throw Error("No command specified", ExitCode::kEngine);
  if (!req.workdir_set) c.working_dir = d.working_dir;
  if (!req.user_set) c.user = d.user;
  if (c.stop_signal.empty()) c.stop_signal = d.stop_signal.empty() ? "SIGTERM" : d.stop_signal;
  for (const auto& [k, v] : d.labels) c.labels.emplace(k, v);  // the user's labels win
  // dockerd: a container on the host's network is named as the host is.
  if (c.hostname.empty() && req.record.host_config.network_mode == "host") c.hostname = host_name();
  if (c.hostname.empty()) c.hostname = req.record.id.substr(0, 12);
  c.env = replace_or_append_env(d.env, c.env);  // the engine's own vars come at spec build
  c.image = req.image_ref;
}

image::Image find_image(const std::string& root, const std::string& ref) {
  if (!image::looks_like_id(ref)) image::validate_reference(ref);  // docker's "invalid reference format"
  image::Store images(root);
  if (auto img = images.find(ref)) return *img;
  std::string full = image::looks_like_id(ref) ? ref : image::normalize_reference(ref);
  throw Error(fmt::format("Unable to find image '{}' locally: no registry is configured (import, load or build it "
                          "first)",
                          full),
              ExitCode::kEngine);
}

// dockerd's checks again, for requests that did not come through the CLI's flags; and a volume
// name the local driver refuses, before anything exists.
void validate_mount(const MountSpec& m) {
  check_mount_config(m, m.flag == "--mount");
  if (m.type != "volume" || m.anonymous) return;
  try {
    check_volume_name(m.source);
  } catch (Error& e) {
    throw std::move(e.with_exit_code(ExitCode::kEngine));  // run's 125, where volume create says 1
  }
}

// dockerd leaves this to runc ("not allowed in host network namespace"); said before anything exists.
void check_network_sysctls(const HostConfig& hc) {
  if (hc.network_mode != "host") return;
  for (const auto& [name, value] : hc.sysctls)
    if (name.starts_with("net."))
      throw Error(fmt::format("--sysctl {}: not allowed with --network host: the container does not own its network "
                              "namespace",
                              name),
                  ExitCode::kEngine);
}

void create_volumes(const Paths& p, const ContainerRecord& r) {
  for (const auto& m : r.host_config.mounts)
    if (m.type == "volume") create_volume(p, m.source, m.volume_labels);
}

}  // namespace

ContainerRecord create_container(const ContainerStore& store, CreateRequest req) {
  auto& r = req.record;
  if (!r.name.empty()) validate_container_name(r.name);
  if (r.name.starts_with('/')) r.name.erase(0, 1);
  image::Image img = find_image(store.paths().root, req.image_ref);
  r.id = req.id.empty() ? new_container_id() : req.id;
  r.image_id = img.id;
  r.created = now_rfc3339();
  r.state = ContainerState{};
  apply_image_defaults(req, img);
  for (const auto& m : r.host_config.mounts) validate_mount(m);
  r.host_config.runtime_path = resolve_runtime(r.host_config.runtime).path;  // fails now rather than at start
  if (r.host_config.init) find_init_binary();  // fails now rather than at start
  check_network_sysctls(r.host_config);
  check_seccomp_option(r.host_config.security_opt, effective_capabilities(r.host_config));
  check_resource_limits(r.host_config, cpus_online());
  if (!r.host_config.cpuset_cpus.empty()) check_cpuset_cpus(r.host_config.cpuset_cpus, available_cpus());
  {
    FileLock lock = store.lock();
    if (r.name.empty()) r.name = generate_container_name(store);
    store.check_name_free(r.name);
    assign_ipc_group(store, r);
    // A --rm container is gone after a reboot anyway: no need to wait for the disk.
    store.add(r, r.host_config.auto_remove ? Durability::kSurvivesCrash : Durability::kSurvivesPowerLoss);
    // After the record: a crash in between leaves a record that rm removes, where volumes made
    // first would have left an anonymous volume that nothing names.
    try {
      create_volumes(store.paths(), r);
    } catch (Error& e) {
      store.remove(r.id);
      throw std::move(e.with_exit_code(ExitCode::kEngine));  // docker's 125 for what the engine could not do
    }
  }
  // After the save and outside the store lock: a large copy must not hold up every other command,
  // and a crash during it leaves a record that rm understands.
  try {
    prefill_volumes(store.paths(), r);
  } catch (...) {
    try {
      remove_container_files(store, r.id);
    } catch (const Error& e) {
      log::warn(e.what());  // the copy's error is the one to report
    }
    throw;
  }
  return r;
}

}  // namespace berth::engine

// Where the engine keeps things (docs/engine-state.md):
//   <root>/containers/<id>/container.json    ContainerRecord (atomic writes)
//   <root>/containers/<id>/upper, work        the container's overlay layer
//   <root>/containers/<id>/<id>-json.log      docker's json-file log (+ .1, .2 … when rotated)
//   <root>/containers/.lock                   held while names are checked and records change
//   <root>/containers/.names/<name> -> <id>   the name index (engine/container_names.hpp)
//   <root>/containers/<id>/start.lock         held by a start and by rm (ContainerStore::start_lock)
//   <root>/volumes/<name>/_data               named volumes
//   <root>/volumes/<name>/prefill.lock        held while create fills the volume from the image
//   <runroot>/containers/<id>/rootfs          the overlay mount point while the container lives
//   <runroot>/containers/<id>/config.json     the OCI config the runtime runs (its bundle), written
//                                             at each start: one directory fewer on disk per container
//   <runroot>/runtime/                        the runtime library's state (one dir per container)
//   <runroot>/runtimes/<name>/                an external runtime's --root (`--runtime runc`)
//   <runroot>/console/<id prefix>.sock        where an external runtime sends a tty's master
//   <runroot>/ipc/<group>/ns, shm             a shareable IPC namespace's pin and its /dev/shm
#pragma once

#include <string>

namespace berth::engine {

struct Paths {
  std::string root;
  std::string runroot;
  std::string cgroup_parent = "/berth";

  std::string containers() const { return root + "/containers"; }
  std::string container_dir(const std::string& id) const { return containers() + "/" + id; }
  std::string record(const std::string& id) const { return container_dir(id) + "/container.json"; }
  std::string upper(const std::string& id) const { return container_dir(id) + "/upper"; }
  std::string work(const std::string& id) const { return container_dir(id) + "/work"; }
  std::string log(const std::string& id) const { return container_dir(id) + "/" + id + "-json.log"; }
  std::string containers_lock() const { return containers() + "/.lock"; }
  std::string container_names() const { return containers() + "/.names"; }
  std::string start_lock(const std::string& id) const { return container_dir(id) + "/start.lock"; }
  std::string volumes() const { return root + "/volumes"; }
  std::string volume_data(const std::string& name) const { return volumes() + "/" + name + "/_data"; }
  std::string volume_prefill_lock(const std::string& name) const { return volumes() + "/" + name + "/prefill.lock"; }
  std::string run_dir(const std::string& id) const { return runroot + "/containers/" + id; }
  std::string rootfs(const std::string& id) const { return run_dir(id) + "/rootfs"; }
  std::string bundle(const std::string& id) const { return run_dir(id); }
  std::string runtime_root() const { return runroot + "/runtime"; }
  std::string external_runtime_root(const std::string& name) const { return runroot + "/runtimes/" + name; }
  std::string init_pid_file(const std::string& id) const { return run_dir(id) + "/init.pid"; }
  // Short: a unix socket's path must fit in 108 bytes.
  std::string attach_socket(const std::string& id) const { return runroot + "/attach/" + id.substr(0, 16) + ".sock"; }
  std::string console_socket(const std::string& id) const { return runroot + "/console/" + id.substr(0, 16) + ".sock"; }
  std::string ipc_group(const std::string& group) const { return runroot + "/ipc/" + group; }
  std::string ipc_pin(const std::string& group) const { return ipc_group(group) + "/ns"; }
  std::string ipc_shm(const std::string& group) const { return ipc_group(group) + "/shm"; }
};

}  // namespace berth::engine

#include "engine/container_pause.hpp"

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_lock.hpp"
#include "engine/runtime_client.hpp"

namespace berth::engine {

void pause_container(const ContainerStore& store, const std::string& id) {
  FileLock lock = store.lock();  // against a stop or a monitor recording the exit meanwhile
  auto r = store.load(id);
  if (!r) throw Error(fmt::format("No such container: {}", id));
  std::string status = live_status(*r);
  if (status == "paused") throw Error(fmt::format("Container {} is already paused", r->id));
  if (status != "running") throw Error(fmt::format("Container {} is not running", r->id));
  runtime_client(store.paths(), r->host_config)->pause(r->id);
  r->state.status = "paused";
  store.save(*r);
}

void unpause_container(const ContainerStore& store, const std::string& id) {
  FileLock lock = store.lock();
  auto r = store.load(id);
  if (!r) throw Error(fmt::format("No such container: {}", id));
  if (live_status(*r) != "paused") throw Error(fmt::format("Container {} is not paused", r->id));
  runtime_client(store.paths(), r->host_config)->resume(r->id);
  r->state.status = "running";
  store.save(*r);
}

void thaw_after_kill(const ContainerStore& store, const ContainerRecord& r) {
  if (r.state.status != "paused") return;
  try {
    runtime_client(store.paths(), r.host_config)->resume(r.id);
  } catch (const Error&) {
    // Gone already: the kill got through.
  }
}

}  // namespace berth::engine

// start: release a created container's init (it waits on exec.fifo), then run poststart hooks.
#include <fcntl.h>
#include <unistd.h>

#include <fmt/core.h>

#include "base/error.hpp"
#include "runtime/hooks.hpp"
#include "runtime/ops.hpp"

namespace berth::runtime {

void start_container(StateStore& store, const std::string& id) {
  ContainerRecord r = store.must_load(id);
  std::string status = store.status(r);
  if (status == "stopped") throw Error("cannot start a container that has stopped");
  if (status != "created") throw Error(fmt::format("cannot start an already {} container", status));
  start_created(store, r);
}

void start_created(const StateStore& store, const ContainerRecord& r) {
  std::string fifo = store.fifo_path(r.id);
  // Non-blocking: with no reader the init is gone, and open fails with ENXIO instead of hanging.
  int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENXIO) throw Error("cannot start container: its init is no longer waiting");
    throw Error::last_errno("open", fifo);
  }
  ssize_t n = ::write(fd, "0", 1);
  int err = errno;
  ::close(fd);
  if (n != 1) throw Error::from_errno(err, "write", fifo);
  ::unlink(fifo.c_str());
  if (!r.has_poststart_hooks) return;
  oci::Spec spec = saved_spec(store, r.id);
  oci::State state = store.oci_state(r);
  state.status = "running";
  run_hooks_warn_only(spec.hooks.poststart, oci::to_json(state).dump(), "poststart");
}

}  // namespace berth::runtime

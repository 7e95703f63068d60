// stop, kill and wait: signalling a container's init and waiting for the monitor to record it.
#pragma once

#include <string>

#include "engine/container_store.hpp"

namespace berth::engine {

// docker stop: marks the container stopped by the user (no restart), sends its stop signal,
// waits `timeout_s` (negative: the container's --stop-timeout, else 10) and then SIGKILL.
// Returns once the exit is recorded. A container that is not running is left as it is.
void stop_container(const ContainerStore& store, const std::string& id, int timeout_s);
// docker kill: sends `signal` to the init; docker's error when the container is not running.
void kill_container(const ContainerStore& store, const std::string& id, int signal);
// Sends `signal` to the init through the container's runtime (runc's `kill`), falling back to
// the pid, checked against its start time, when the runtime no longer knows the container.
// False when the init is gone.
bool signal_init(const ContainerStore& store, const ContainerRecord& record, int signal);
// docker wait: blocks until the container is not running; returns its exit code.
int wait_container(const ContainerStore& store, const std::string& id);
// Waits until the container's monitor has finished its work (exit recorded, --rm done).
void wait_monitor_done(const ContainerStore& store, const std::string& id);

}  // namespace berth::engine

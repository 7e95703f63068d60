// Read-modify-write of a container record under the store lock, so the monitor's state changes
// and the CLI's (stop sets manually_stopped, rename…) never overwrite each other.
#pragma once

#include <functional>
#include <optional>

#include "engine/container_store.hpp"

namespace berth::engine {

// Applies `change` to the current record of `id` and saves it; returns the new record, or
// nullopt when the container was removed meanwhile.
std::optional<ContainerRecord> update_record(const ContainerStore& store, const std::string& id,
                                             const std::function<void(ContainerRecord&)>& change);

}  // namespace berth::engine

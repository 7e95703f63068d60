// Locked record updates.
#include "engine/record_update.hpp"

namespace berth::engine {

std::optional<ContainerRecord> update_record(const ContainerStore& store, const std::string& id,
                                             const std::function<void(ContainerRecord&)>& change) {
  FileLock lock = store.lock();
  auto record = store.load(id);
  if (!record) return std::nullopt;
  change(*record);
  store.save(*record, Durability::kSurvivesCrash);  // state changes: see ContainerStore::save
  return record;
}

}  // namespace berth::engine

// The name index: <root>/containers/.names/<name> is a symlink to the id of the container that
// has the name, so that looking a container up by name, and checking that a name is free, read
// one link and one record instead of parsing every record (which made each `run` O(containers)).
//
// The records stay the truth; an entry is a hint that is checked against the record it names.
// Every change is made under the store lock, in an order that leaves at worst a stale entry:
//   add      entry first, then the record appears          crash between: entry names no record
//   rename   new entry, record saved, old entry removed    crash between: old entry names a record
//                                                          that has another name now
//   remove   record first, then the entry                  crash between: entry names no record
// A stale entry reads as "no such name" and is replaced when the name is taken again.
//
// Complete means: every record's name has its entry. The index says so with .names/.boot_id,
// written when it is built from a full scan; an index of another boot is rebuilt, since a
// power cut may have lost entries whose records (fsynced) survived, and so is a missing one (a
// root made by an older berth). Until rebuilt, lookups scan every record as before.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/container_record.hpp"
#include "engine/paths.hpp"

namespace berth::engine {

// True when the index exists and was built during this boot.
bool name_index_complete(const Paths& paths);

// The id the entry for `name` points to, unchecked; nullopt without an entry.
std::optional<std::string> indexed_id(const Paths& paths, const std::string& name);

// Points `name` at `id` (replacing any entry atomically). Call with the store lock held.
void index_name(const Paths& paths, const std::string& name, const std::string& id);

// Removes the entry for `name` if it points at `id`. Call with the store lock held.
void unindex_name(const Paths& paths, const std::string& name, const std::string& id);

// Replaces the index with one built from `records`, marked complete for this boot. Call with
// the store lock held.
void rebuild_name_index(const Paths& paths, const std::vector<ContainerRecord>& records);

}  // namespace berth::engine

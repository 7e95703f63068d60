// How many bytes a directory tree holds, as docker counts them for `prune`'s reclaimed space.
#pragma once

#include <cstdint>
#include <string>

namespace berth {

// The sum of the sizes (st_size) of everything below `dir` that is not a directory, each
// hard-linked file once; symlinks are counted, never followed. 0 when `dir` does not exist;
// entries that vanish or cannot be read while walking are skipped (the figure is a report).
uint64_t tree_bytes(const std::string& dir);

}  // namespace berth

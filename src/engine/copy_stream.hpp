// One archive moved from its writer to its unpacker through a pipe, as docker's CLI and dockerd
// move it over their connection: the same unpacker then takes what a local path and what a tar
// on stdin hold.
//
//   writer thread: write_copy_archive(object) --pipe--> this thread: unpack_layer_at(dest dir)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "image/layer_unpack.hpp"

namespace berth::engine {

// Archives `object_fd` as `top_name` (copy_archive.hpp) into the directory `dest_fd`; returns the
// archive's size. The writer's failure is the one reported, unless it only failed because the
// unpacker stopped reading.
uint64_t stream_copy(int object_fd, const std::string& top_name, const std::string& shown,
                     int dest_fd, std::string_view what, const image::UnpackOptions& options);

}  // namespace berth::engine

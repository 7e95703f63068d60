// docker cp: copies between a container (running or not) and the local filesystem, following
// docker's path rules (copy_paths.hpp), its order of checks and its words for failures.
//
//   out of it:  CopyView -> find_in_container -> write_copy_archive --pipe--> unpack into a local
//   dir into it:    local_source -> write_copy_archive --pipe--> unpack into a dir found inside the
//   view
//   "-":        the archive is written to stdout, or the tar on stdin is unpacked (untrusted, as
//               an image layer: absolute names, "..", entries below a symlink and devices refused)
#pragma once

#include <cstdint>
#include <string>

#include "engine/container_store.hpp"

namespace berth::engine {

struct CopyOptions {
  bool follow_link = false;  // -L: a symlink source is copied as what it points to
  bool archive = false;      // -a: into a container with a user, the files become that user's
};

struct CopyOutcome {
  uint64_t bytes = 0;       // the archive's size, as docker counts it
  std::string destination;  // how docker names where it went ("/abs/path", "CTR:/path")
};

// `berth cp REF:SRC DEST`; DEST "-" writes the archive to `out_fd`. Files come out owned by the
// caller.
CopyOutcome copy_from_container(const ContainerStore& store, const std::string& ref,
                                const std::string& src, const std::string& dest,
                                const CopyOptions& options, int out_fd);

// `berth cp SRC REF:DEST`; SRC "-" unpacks the tar on `in_fd` (then the size is 0, as docker's
// CLI reports it). Files keep the source's owners, or with -a the container user's.
CopyOutcome copy_to_container(const ContainerStore& store, const std::string& src, int in_fd,
                              const std::string& ref, const std::string& dest,
                              const CopyOptions& options);

}  // namespace berth::engine

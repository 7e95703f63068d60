// Compiled seccomp filters kept on disk, so that a profile is turned into BPF once, not at every
// create and exec.
//
// libseccomp needs ~13 ms in a fresh process to build and generate Docker's default profile
// (three architectures, ~370 syscalls); reading the result back takes a few microseconds. Every
// container of an engine, and every exec, uses one of a handful of profiles, so the runtime keeps
// what it compiled under its state root:
//
//   <root>/.seccomp-cache/           0700, owned by the runtime's euid (never a container id:
//                                    ids cannot start with a dot)
//     <fnv64 of the key>.bpf         header, the key itself, the program, the ENOSYS program
//
// The key is the profile as parsed plus everything else the BPF depends on: the cache format,
// libseccomp's version and the kernel's seccomp API level (both change what libseccomp emits).
// A file is used only when its stored key equals the wanted key byte for byte (a hash collision
// is a miss, not a wrong filter), its sizes add up, and it and its directory belong to us and
// are writable by nobody else. Anything else is a miss: compile, then replace the file
// atomically (temp file + rename; a torn file after a crash fails the size check). A cache that
// cannot be written is not an error: the filter is compiled and used as before.
#pragma once

#include <optional>
#include <string>

#include "oci/spec.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {

// The compiled filter for `seccomp`, from `cache_dir` when it holds it, else compiled (throwing
// as compile_seccomp does for a bad profile) and stored there. `cache_dir` is created (0700,
// with its parents) when missing.
CompiledSeccomp cached_seccomp(const oci::Seccomp& seccomp, const std::string& cache_dir);

// The compiled filter of the config's linux.seccomp (through the cache), or nullopt when it
// has none.
std::optional<CompiledSeccomp> spec_seccomp(const oci::Spec& spec, const std::string& cache_dir);

// The cache key of `seccomp`: a canonical text of the profile and of what the BPF depends on.
std::string seccomp_cache_key(const oci::Seccomp& seccomp);

// Where a runtime with state root `root` keeps its compiled filters.
inline std::string seccomp_cache_dir(const std::string& root) { return root + "/.seccomp-cache"; }

}  // namespace berth::runtime

// The on-disk cache of compiled seccomp filters (the layout and the rules are in the header).
#include "runtime/seccomp_cache.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <seccomp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <optional>
#include <random>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/log.hpp"
#include "base/unique_fd.hpp"

namespace berth::runtime {
namespace {

// Bump when the file layout or what compile_seccomp emits changes (libseccomp attributes, the
// ENOSYS program): entries of the old kind then stop matching.
constexpr std::string_view kFormat = "berth-seccomp-cache 2";  // 2: binary-tree filters
constexpr char kMagic[8] = {'B', 'S', 'C', 'M', 'P', 'v', '1', '\n'};

struct Header {
  char magic[8];
  uint32_t key_size;
  uint32_t flags;
  uint32_t program_size;  // instructions
  uint32_t enosys_size;   // instructions
};

nlohmann::json profile_json(const oci::Seccomp& s) {
  nlohmann::json syscalls = nlohmann::json::array();
  for (const auto& entry : s.syscalls) {
    nlohmann::json args = nlohmann::json::array();
    for (const auto& a : entry.args) args.push_back({a.index, a.value, a.value_two, a.op});
    syscalls.push_back({entry.names, entry.action, entry.errno_ret.has_value(),
                        entry.errno_ret.value_or(0), args});
  }
  return {s.default_action, s.default_errno_ret.has_value(), s.default_errno_ret.value_or(0),
          s.architectures, s.flags, syscalls};
}

// The directory, when it is ours and closed to everyone else; else nullopt (not an error).
std::optional<UniqueFd> open_cache_dir(const std::string& dir) {
  mkdir_all(dir, 0700);
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  struct stat st;
  if (!fd || ::fstat(fd.get(), &st) != 0) return std::nullopt;
  if (st.st_uid != ::geteuid() || (st.st_mode & 077) != 0) {
    log::debug(fmt::format("seccomp cache {} not used: not owned by us or open to others", dir));
    return std::nullopt;
  }
  return fd;
}

std::vector<sock_filter> take_program(const std::string& bytes, size_t& offset, uint32_t size) {
  std::vector<sock_filter> program(size);
  std::memcpy(program.data(), bytes.data() + offset, size * sizeof(sock_filter));
  offset += size * sizeof(sock_filter);
  return program;
}

// The entry `name` of `dir_fd` when it holds `key`; nullopt on any mismatch or doubt.
std::optional<CompiledSeccomp> read_entry(int dir_fd, const std::string& name,
                                          const std::string& key) {
  UniqueFd fd(::openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  struct stat st;
  if (!fd || ::fstat(fd.get(), &st) != 0) return std::nullopt;
  if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 022) != 0)
    return std::nullopt;
  const std::string bytes = read_fd(fd.get());
  Header h;
  if (bytes.size() < sizeof h) return std::nullopt;
  std::memcpy(&h, bytes.data(), sizeof h);
  const uint64_t expected = sizeof h + uint64_t{h.key_size} +
                            (uint64_t{h.program_size} + h.enosys_size) * sizeof(sock_filter);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || expected != bytes.size() ||
      h.program_size == 0 || h.program_size > BPF_MAXINSNS || h.enosys_size > BPF_MAXINSNS)
    return std::nullopt;
  if (std::string_view(bytes).substr(sizeof h, h.key_size) != key) return std::nullopt;
  size_t offset = sizeof h + h.key_size;
  CompiledSeccomp out;
  out.flags = h.flags;
  out.program = take_program(bytes, offset, h.program_size);
  out.enosys = take_program(bytes, offset, h.enosys_size);
  return out;
}

std::string encode_entry(const std::string& key, const CompiledSeccomp& c) {
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.key_size = static_cast<uint32_t>(key.size());
  h.flags = c.flags;
  h.program_size = static_cast<uint32_t>(c.program.size());
  h.enosys_size = static_cast<uint32_t>(c.enosys.size());
  std::string out(reinterpret_cast<const char*>(&h), sizeof h);
  out += key;
  out.append(reinterpret_cast<const char*>(c.program.data()), c.program.size() * sizeof(sock_filter));
  out.append(reinterpret_cast<const char*>(c.enosys.data()), c.enosys.size() * sizeof(sock_filter));
  return out;
}

// Removes the temp files of writers that died mid-write (SIGKILL): ".tmp-<pid>-…" of a pid
// that no longer exists. Runs only on a miss, which is rare.
void sweep_dead_writers(int dir_fd) {
  UniqueFd copy(::dup(dir_fd));
  DIR* d = copy ? ::fdopendir(copy.release()) : nullptr;
  if (!d) return;
  ::rewinddir(d);
  while (dirent* e = ::readdir(d)) {
    pid_t pid = 0;
    if (std::sscanf(e->d_name, ".tmp-%d-", &pid) == 1 && pid > 0 && ::kill(pid, 0) != 0 &&
        errno == ESRCH)
      ::unlinkat(dir_fd, e->d_name, 0);
  }
  ::closedir(d);
}

// Replaces `name` atomically; a failure only costs the next caller a compile.
void write_entry(int dir_fd, const std::string& name, const std::string& data) {
  const std::string temp = fmt::format(".tmp-{}-{:x}", ::getpid(), std::random_device{}());
  UniqueFd fd(::openat(dir_fd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) {
    log::debug(Error::last_errno("seccomp cache: create", temp).what());
    return;
  }
  try {
    write_all(fd.get(), data);
    fd.reset();
    if (::renameat(dir_fd, temp.c_str(), dir_fd, name.c_str()) != 0)
      throw Error::last_errno("rename", temp);
  } catch (const Error& e) {
    ::unlinkat(dir_fd, temp.c_str(), 0);
    log::debug(fmt::format("seccomp cache: not stored: {}", e.what()));
  }
}

uint64_t fnv1a64(std::string_view text) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

std::string seccomp_cache_key(const oci::Seccomp& seccomp) {
  return fmt::format("{}\nlibseccomp {}.{}.{} api {} native {:#x}\n{}", kFormat, SCMP_VER_MAJOR,
                     SCMP_VER_MINOR, SCMP_VER_MICRO, seccomp_api_get(), seccomp_arch_native(),
                     profile_json(seccomp).dump());
}

CompiledSeccomp cached_seccomp(const oci::Seccomp& seccomp, const std::string& cache_dir) {
  const std::string key = seccomp_cache_key(seccomp);
  const std::string name = fmt::format("{:016x}.bpf", fnv1a64(key));
  std::optional<UniqueFd> dir;
  try {
    dir = open_cache_dir(cache_dir);
  } catch (const Error& e) {
    log::debug(fmt::format("seccomp cache not used: {}", e.what()));
  }
  try {
    if (dir) {
      if (auto hit = read_entry(dir->get(), name, key)) return std::move(*hit);
    }
  } catch (const Error& e) {  // an unreadable entry is a miss, and is replaced below
    log::debug(fmt::format("seccomp cache: {}", e.what()));
  }
  CompiledSeccomp compiled = compile_seccomp(seccomp);
  if (dir) {
    sweep_dead_writers(dir->get());
    write_entry(dir->get(), name, encode_entry(key, compiled));
  }
  return compiled;
}

std::optional<CompiledSeccomp> spec_seccomp(const oci::Spec& spec, const std::string& cache_dir) {
  if (!spec.linux_ || !spec.linux_->seccomp) return std::nullopt;
  return cached_seccomp(*spec.linux_->seccomp, cache_dir);
}

}  // namespace berth::runtime

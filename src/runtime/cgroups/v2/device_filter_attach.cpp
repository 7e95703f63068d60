// cgroup v2 device filter, the act: BPF_PROG_LOAD, BPF_PROG_ATTACH and the replacement of an
// earlier filter, through the raw bpf(2) syscall (no libbpf).
//
// Update order, as runc: query our programs on the cgroup, attach the new one next to them
// (BPF_F_ALLOW_MULTI: the kernel then allows an access only when every program allows it),
// detach the old ones. The cgroup is never without a filter in between.
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "base/error.hpp"
#include "runtime/cgroups/v2/device_filter.hpp"

namespace berth::cgroups::v2 {
namespace {

// Both licenses runc and crun use; no GPL-only helper is called.
constexpr const char* kLicense = "Apache";
constexpr size_t kVerifierLogSize = 64 * 1024;

uint64_t ptr(const void* p) { return reinterpret_cast<uintptr_t>(p); }

int bpf(int cmd, bpf_attr& attr) {
  return static_cast<int>(::syscall(SYS_bpf, cmd, &attr, sizeof attr));
}

// The verifier's log on one line, its end kept: the reason for a refusal is last.
std::string one_line(std::string log) {
  while (!log.empty() && log.back() == '\n') log.pop_back();
  constexpr size_t kKeep = 2000;
  if (log.size() > kKeep) log = "..." + log.substr(log.size() - kKeep);
  for (char& c : log) {
    if (c == '\n') c = ';';
  }
  return log;
}

int try_load(const DeviceProgram& program, char* log, size_t log_size) {
  bpf_attr attr{};
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = ptr(program.data());
  attr.insn_cnt = static_cast<uint32_t>(program.size());
  attr.license = ptr(kLicense);
  std::strncpy(attr.prog_name, kDeviceProgramName, sizeof attr.prog_name - 1);
  if (log) {
    attr.log_level = 1;
    attr.log_buf = ptr(log);
    attr.log_size = static_cast<uint32_t>(log_size);
  }
  return bpf(BPF_PROG_LOAD, attr);
}

// Ids of the device programs attached directly to the cgroup `dir_fd`.
std::vector<uint32_t> attached_ids(int dir_fd, const std::string& dir) {
  std::vector<uint32_t> ids(16);
  for (;;) {
    bpf_attr attr{};
    attr.query.target_fd = static_cast<uint32_t>(dir_fd);
    attr.query.attach_type = BPF_CGROUP_DEVICE;
    attr.query.prog_ids = ptr(ids.data());
    attr.query.prog_cnt = static_cast<uint32_t>(ids.size());
    if (bpf(BPF_PROG_QUERY, attr) == 0) {
      ids.resize(attr.query.prog_cnt);
      return ids;
    }
    // ENOSPC: the kernel has stored how many there are.
    if (errno != ENOSPC || attr.query.prog_cnt <= ids.size()) {
      throw Error::last_errno("bpf query device programs", dir);
    }
    ids.resize(attr.query.prog_cnt);
  }
}

// An fd for program `id` when it is one of ours; an empty one otherwise, or when it is gone.
UniqueFd ours(uint32_t id, const std::string& dir) {
  bpf_attr attr{};
  attr.prog_id = id;
  UniqueFd fd(bpf(BPF_PROG_GET_FD_BY_ID, attr));
  if (!fd) {
    // Detached and freed since the query (a concurrent update): nothing to do.
    if (errno == ENOENT) return {};
    throw Error::last_errno(fmt::format("bpf get device program {}", id), dir);
  }
  bpf_prog_info info{};
  attr = {};
  attr.info.bpf_fd = static_cast<uint32_t>(fd.get());
  attr.info.info_len = sizeof info;
  attr.info.info = ptr(&info);
  if (bpf(BPF_OBJ_GET_INFO_BY_FD, attr) != 0) {
    throw Error::last_errno(fmt::format("bpf info of device program {}", id), dir);
  }
  if (std::strncmp(info.name, kDeviceProgramName, sizeof info.name) != 0) return {};
  return fd;
}

void detach(int dir_fd, int prog_fd, const std::string& dir) {
  bpf_attr attr{};
  attr.target_fd = static_cast<uint32_t>(dir_fd);
  attr.attach_bpf_fd = static_cast<uint32_t>(prog_fd);
  attr.attach_type = BPF_CGROUP_DEVICE;
  check(bpf(BPF_PROG_DETACH, attr), "bpf detach old device program", dir);
}

}  // namespace

UniqueFd load_device_filter(const DeviceProgram& program) {
  UniqueFd fd(try_load(program, nullptr, 0));
  if (fd) return fd;
  int err = errno;
  // Again with a log, to say why: the verifier only explains itself when asked.
  std::string log(kVerifierLogSize, '\0');
  fd.reset(try_load(program, log.data(), log.size()));
  if (fd) return fd;  // refused, then accepted: a transient failure (ENOMEM, EAGAIN)
  log.resize(std::strlen(log.c_str()));
  if (log.empty()) throw Error::from_errno(err, "bpf load device program");
  throw Error::from_errno(err, "bpf load device program", fmt::format("(verifier: {})", one_line(log)));
}

void attach_device_filter(const std::string& dir, const DeviceProgram& program) {
  try {
    UniqueFd prog = load_device_filter(program);
    UniqueFd dir_fd(check(::open(dir.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC), "open", dir));
    std::vector<uint32_t> old = attached_ids(dir_fd.get(), dir);

    bpf_attr attr{};
    attr.target_fd = static_cast<uint32_t>(dir_fd.get());
    attr.attach_bpf_fd = static_cast<uint32_t>(prog.get());
    attr.attach_type = BPF_CGROUP_DEVICE;
    attr.attach_flags = BPF_F_ALLOW_MULTI;
    check(bpf(BPF_PROG_ATTACH, attr), "bpf attach device program", dir);

    for (uint32_t id : old) {
      if (UniqueFd fd = ours(id, dir)) detach(dir_fd.get(), fd.get(), dir);
    }
  } catch (Error& e) {
    throw std::move(e).context(fmt::format("cgroup {}: device rules", dir));
  }
}

}  // namespace berth::cgroups::v2

// CVE-2019-5736: re-exec from a sealed memfd copy of /proc/self/exe.
#include "runtime/self_clone.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace berth::runtime {
namespace {

constexpr unsigned kSeals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;

bool running_from_sealed_copy() {
  UniqueFd self(::open("/proc/self/exe", O_RDONLY | O_CLOEXEC));
  if (!self) return false;
  int seals = ::fcntl(self.get(), F_GET_SEALS);
  return seals >= 0 && (static_cast<unsigned>(seals) & kSeals) == kSeals;
}

}  // namespace

void exec_sealed_copy(const char* path, char** argv, char** envp) {
  UniqueFd self(::open(path, O_RDONLY | O_CLOEXEC));
  if (!self) throw Error::last_errno("open", path);
  struct stat st;
  if (::fstat(self.get(), &st) != 0) throw Error::last_errno("stat", path);
  UniqueFd copy(::memfd_create("berth", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!copy) throw Error::last_errno("memfd_create");
  off_t offset = 0;
  while (offset < st.st_size) {
    ssize_t n = ::sendfile(copy.get(), self.get(), &offset, static_cast<size_t>(st.st_size - offset));
    if (n <= 0) throw Error::last_errno("copy", path);
  }
  if (::fcntl(copy.get(), F_ADD_SEALS, kSeals) != 0) throw Error::last_errno("seal", "memfd");
  ::fexecve(copy.get(), argv, envp);
  throw Error::last_errno("fexecve", std::string("sealed copy of ") + path);
}

void ensure_sealed_self(char** argv, char** envp) {
  if (running_from_sealed_copy()) return;
  exec_sealed_copy("/proc/self/exe", argv, envp);
}

}  // namespace berth::runtime

// Creating and opening /dev/shm files shared between processes.
#include "shm_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "ring_channel.hpp"
#include "sys.hpp"

namespace ch6_ipc {
namespace {

int create_file(const std::string& name) {
  ScopedUmask open_to_all(0);
  int fd = shm_open(name.c_str(), O_RDWR | O_CREAT | O_EXCL, 0666);
  if (fd < 0 && errno == EEXIST) {
    // Left by a process that was killed: start afresh rather than serve its old contents.
    shm_unlink(name.c_str());
    fd = shm_open(name.c_str(), O_RDWR | O_CREAT | O_EXCL, 0666);
  }
  return fd;
}

Result<void*> map(int fd, const std::string& name, std::size_t size) {
  void* at = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (at == MAP_FAILED) return errno_error("mmap " + name);
  return at;
}

}  // namespace

Result<void*> create_shm_file(const std::string& name, std::size_t size) {
  UniqueFd fd(create_file(name));
  if (fd.get() < 0) return errno_error("shm_open " + name);
  auto at = ftruncate(fd.get(), static_cast<off_t>(size)) == 0 ? map(fd.get(), name, size)
                                                               : errno_error("ftruncate " + name);
  if (!at) shm_unlink(name.c_str());
  return at;
}

Result<void*> open_shm_file(const std::string& name, std::size_t size) {
  UniqueFd fd(shm_open(name.c_str(), O_RDWR, 0));
  if (fd.get() < 0) return errno_error("shm_open " + name);
  auto sized = [&] {
    struct stat st {};
    return fstat(fd.get(), &st) == 0 && static_cast<std::size_t>(st.st_size) >= size;
  };
  if (!poll_until(sized, kRingSetupGrace)) return error(EPROTO, "open " + name + ": too small");
  return map(fd.get(), name, size);
}

}  // namespace ch6_ipc

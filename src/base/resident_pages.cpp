#include "base/resident_pages.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include <fstream>
#include <sstream>
#include <string>

namespace berth {
namespace {

struct Mapping {
  uintptr_t start = 0, end = 0;
  bool writable = true;
  bool file_backed = false;
  bool has_anonymous = true;
  bool is_stack = false;

  bool clean_code_or_constants() const {
    return end > start && !writable && file_backed && !has_anonymous;
  }
};

// smaps: a header line per mapping ("start-end perms offset dev inode [path]"), then fields.
std::vector<Mapping> read_smaps() {
  std::vector<Mapping> out;
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  while (std::getline(smaps, line)) {
    auto dash = line.find('-');
    auto space = line.find(' ');
    bool header = dash != std::string::npos && space != std::string::npos && dash < space &&
                  line.find_first_not_of("0123456789abcdef") == dash;
    if (header) {
      Mapping m;
      m.start = std::stoull(line.substr(0, dash), nullptr, 16);
      m.end = std::stoull(line.substr(dash + 1, space - dash - 1), nullptr, 16);
      m.writable = line.size() > space + 2 && line[space + 2] == 'w';
      // Fields: start-end perms offset dev inode path; a non-zero inode means a file.
      std::istringstream fields(line);
      std::string range, perms, offset, dev, inode;
      fields >> range >> perms >> offset >> dev >> inode;
      m.file_backed = inode != "0";
      m.is_stack = line.ends_with(" [stack]");
      out.push_back(m);
    } else if (line.starts_with("Anonymous:") && !out.empty()) {
      out.back().has_anonymous = std::stoull(line.substr(10)) != 0;
    }
  }
  return out;
}

}  // namespace

ResidentPages ResidentPages::of_this_process() {
  ResidentPages pages;
  for (const Mapping& m : read_smaps()) {
    if (m.is_stack) pages.stack_start_ = m.start;
    if (!m.clean_code_or_constants()) continue;
    void* start = reinterpret_cast<void*>(m.start);
    // No readahead around later faults; on older kernels this also turns off fault-around.
    ::madvise(start, m.end - m.start, MADV_RANDOM);
    pages.ranges_.push_back(Range{m.start, m.end - m.start});
  }
  return pages;
}

namespace {

// A system call without libc: libc's wrappers live elsewhere in the binary, and calling them
// after the pages are dropped would fault their chunks back in.
[[gnu::always_inline]] inline long raw_syscall3(long nr, long a, long b, long c) {
#if defined(__x86_64__)
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
  return ret;
#elif defined(__aarch64__)
  register long x8 asm("x8") = nr;
  register long x0 asm("x0") = a;
  register long x1 asm("x1") = b;
  register long x2 asm("x2") = c;
  asm volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
#else
  long ret = ::syscall(nr, a, b, c);
  return ret < 0 ? -errno : ret;
#endif
}

}  // namespace

int ResidentPages::release_then_poll(pollfd* fds, nfds_t count, int timeout_ms) const {
  ::malloc_trim(0);
  const uintptr_t page = 4096;
  // Everything more than a page below this frame is dead (the x86-64 red zone is 128 bytes).
  const uintptr_t frame = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  const uintptr_t stack_end = (frame & ~(page - 1)) - page;
  if (stack_start_ && stack_end > stack_start_)
    raw_syscall3(SYS_madvise, static_cast<long>(stack_start_),
                 static_cast<long>(stack_end - stack_start_), MADV_DONTNEED);
  // MADV_DONTNEED on an unwritten private file mapping only drops page table entries.
  for (const Range& r : ranges_)
    raw_syscall3(SYS_madvise, static_cast<long>(r.start), static_cast<long>(r.length), MADV_DONTNEED);
#if defined(SYS_poll)
  long n = raw_syscall3(SYS_poll, reinterpret_cast<long>(fds), static_cast<long>(count), timeout_ms);
#else
  timespec ts{timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
  long n = ::ppoll(fds, count, timeout_ms < 0 ? nullptr : &ts, nullptr);
  n = n < 0 ? -errno : n;
#endif
  if (n < 0) {
    errno = static_cast<int>(-n);
    return -1;
  }
  return static_cast<int>(n);
}

}  // namespace berth

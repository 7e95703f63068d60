// Giving back the resident pages a long-lived, mostly idle process does not need while it waits.
#pragma once

#include <poll.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace berth {

// The read-only, file-backed mappings of this process that were never written (no anonymous copy
// in the mapping): its code and constants. Found once, by reading /proc/self/smaps; release()
// then unmaps their pages and returns free heap to the kernel. Nothing is lost: a page touched
// again is faulted back in from the page cache. The dead part of the stack goes too.
//
// Why release() is cheap and is meant to be called right before blocking: the kernel maps a page
// of code together with its neighbours (fault-around, large folios: 64-256 KB at a time, whatever
// MADV_RANDOM says on this kernel), so every function that runs after a release brings a chunk
// back. A monitor that released its pages and then ran its set-up code to its poll() was back at
// 1.2 MB of code; releasing inside the call that blocks keeps only that call's own chunk.
class ResidentPages {
 public:
  // Reads /proc/self/smaps; the mappings found are the ones release() drops.
  static ResidentPages of_this_process();

  // malloc_trim, then MADV_DONTNEED on every mapping found and on the stack below the caller,
  // then poll(fds, count, timeout_ms). From the first madvise to the poll nothing runs but this
  // function's own code (raw syscalls, no libc), so an idle process keeps only the chunk of code
  // that holds it. Returns what poll returns (-1 with errno set on failure).
  int release_then_poll(pollfd* fds, nfds_t count, int timeout_ms) const;

  size_t mapping_count() const { return ranges_.size(); }

 private:
  struct Range {
    uintptr_t start;
    size_t length;
  };
  std::vector<Range> ranges_;
  uintptr_t stack_start_ = 0;  // lowest address of the [stack] mapping; 0: unknown
};

}  // namespace berth

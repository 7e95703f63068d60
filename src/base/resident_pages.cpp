#include "base/resident_pages.hpp"

#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
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
};

// smaps: a header line per mapping ("start-end perms offset dev inode [path]"), then fields.
void drop_if_clean(const Mapping& m) {
  if (m.end <= m.start || m.writable || !m.file_backed || m.has_anonymous) return;
  void* start = reinterpret_cast<void*>(m.start);
  // MADV_RANDOM turns off the kernel's fault-around (and readahead): a page touched later maps
  // that page alone, not the 64 KB or the whole large folio around it.
  ::madvise(start, m.end - m.start, MADV_RANDOM);
  // MADV_DONTNEED on an unwritten private file mapping only drops page table entries.
  ::madvise(start, m.end - m.start, MADV_DONTNEED);
}

}  // namespace

void release_startup_pages() {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  Mapping current;
  bool have = false;
  while (std::getline(smaps, line)) {
    auto dash = line.find('-');
    auto space = line.find(' ');
    bool header = dash != std::string::npos && space != std::string::npos && dash < space &&
                  line.find_first_not_of("0123456789abcdef") == dash;
    if (header) {
      if (have) drop_if_clean(current);
      current = Mapping{};
      current.start = std::stoull(line.substr(0, dash), nullptr, 16);
      current.end = std::stoull(line.substr(dash + 1, space - dash - 1), nullptr, 16);
      current.writable = line.size() > space + 2 && line[space + 2] == 'w';
      // Fields: start-end perms offset dev inode path; a non-zero inode means a file.
      std::istringstream fields(line);
      std::string range, perms, offset, dev, inode;
      fields >> range >> perms >> offset >> dev >> inode;
      current.file_backed = inode != "0";
      have = true;
    } else if (line.starts_with("Anonymous:")) {
      current.has_anonymous = std::stoull(line.substr(10)) != 0;
    }
  }
  if (have) drop_if_clean(current);
  ::malloc_trim(0);
}

}  // namespace berth

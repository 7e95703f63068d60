// ResidentPages: the clean file mappings are found, their pages go, and the process carries on
// (the poll inside the release answers as poll does).
#include "base/resident_pages.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>

namespace berth {
namespace {

// Resident kB of this process's read-only file mappings (code and constants).
long clean_file_rss_kb() {
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool counting = false;
  long kb = 0;
  while (std::getline(smaps, line)) {
    if (line.find('-') < line.find(' ') && line.find_first_not_of("0123456789abcdef") == line.find('-')) {
      std::string range, perms, offset, dev, inode;
      std::istringstream(line) >> range >> perms >> offset >> dev >> inode;
      counting = perms[1] != 'w' && inode != "0";
    } else if (counting && line.starts_with("Rss:")) {
      kb += std::stol(line.substr(4));
    }
  }
  return kb;
}

TEST(ResidentPages, FindsTheCodeMappingsAndDropsTheirPages) {
  const ResidentPages pages = ResidentPages::of_this_process();
  EXPECT_GT(pages.mapping_count(), 0u);
  const long before = clean_file_rss_kb();
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  pollfd fd{p[0], POLLIN, 0};
  EXPECT_EQ(pages.release_then_poll(&fd, 1, 0), 0);  // nothing to read: times out at once
  const long after = clean_file_rss_kb();
  EXPECT_LT(after, before) << "before " << before << " kB, after " << after << " kB";
  ASSERT_EQ(::write(p[1], "x", 1), 1);
  EXPECT_EQ(pages.release_then_poll(&fd, 1, -1), 1);
  EXPECT_TRUE(fd.revents & POLLIN);
  ::close(p[0]);
  ::close(p[1]);
}

TEST(ResidentPages, APollErrorComesBackAsMinusOneAndErrno) {
  const ResidentPages pages = ResidentPages::of_this_process();
  rlimit nofile{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &nofile), 0);
  pollfd fd{-1, POLLIN, 0};
  // More fds than RLIMIT_NOFILE allows: EINVAL, before the kernel reads the array.
  errno = 0;
  EXPECT_EQ(pages.release_then_poll(&fd, nofile.rlim_cur + 1, 0), -1);
  EXPECT_EQ(errno, EINVAL);
}

}  // namespace
}  // namespace berth

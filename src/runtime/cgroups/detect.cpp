// Which cgroup hierarchy carries the controllers on this machine.
#include <sys/statfs.h>

#include <linux/magic.h>

#include "runtime/cgroups/manager.hpp"

namespace berth::cgroups {

Version detect_version() {
  struct statfs fs;
  if (::statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC) return Version::kV2;
  return Version::kV1;
}

}  // namespace berth::cgroups

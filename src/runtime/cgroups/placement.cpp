// The child's half of cgroups::Placement (see placement.hpp for why).
#include "runtime/cgroups/placement.hpp"

#include <unistd.h>

#include "base/error.hpp"

namespace berth::cgroups {

void place_self(Placement& placement) {
  for (auto& file : placement.tasks_files) {
    if (::write(file.fd.get(), "0", 1) != 1) throw Error::last_errno("cgroup: move into", file.path);
    file.fd.reset();
  }
  placement.tasks_files.clear();
}

}  // namespace berth::cgroups

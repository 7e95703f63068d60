// no_new_privs: execve can no longer grant privileges (setuid bits, file capabilities).
#include <sys/prctl.h>

#include "base/error.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {

void set_no_new_privileges() {
  // Irreversible and inherited across fork and execve; unprivileged, so any time before execve.
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    throw Error::last_errno("prctl(PR_SET_NO_NEW_PRIVS)");
}

}  // namespace berth::runtime

// Waiting for a child and turning its status into a shell-style exit code.
#include <sys/wait.h>

#include "base/error.hpp"
#include "runtime/ops.hpp"

namespace berth::runtime {

int wait_exit_code(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw Error::last_errno("wait", std::to_string(pid));
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

}  // namespace berth::runtime

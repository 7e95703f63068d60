// ps(1) run for a container's processes, as `runc ps` and `docker top` do: the host's ps with
// the user's options, keeping the header and the lines whose PID is one of the container's.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace berth {

struct PsResult {
  int status = 0;    // ps's exit code (127: no ps in PATH)
  std::string out;   // its stdout
  std::string err;   // its stderr
};

// Runs `ps ARGS...` from PATH. Throws Error only when it cannot be started at all.
PsResult run_ps(const std::vector<std::string>& args);

// The index of the PID column in ps's header line; throws Error when there is none.
size_t ps_pid_column(std::string_view header);

// The lines after the header whose PID field is one of `pids`, unchanged. Throws Error for a
// PID field that is not a number (docker's "Unexpected pid").
std::vector<std::string> ps_lines_of(std::string_view output, const std::vector<pid_t>& pids);

}  // namespace berth

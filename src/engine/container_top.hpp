// docker top: the host's ps(1) run with the user's options (default -ef) and cut down to the
// container's processes, the way dockerd does it, so that columns and user names are the
// host's own.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace berth::engine {

struct TopTable {
  std::vector<std::string> titles;
  std::vector<std::vector<std::string>> processes;  // one row per process, as many cells as titles
};

// `ps_args`: what followed the container on the command line. Throws Error with docker's
// message for a "key=PID" column renaming ("specifying ... is not allowed"), a ps that fails
// ("ps: " and its first line of stderr) and output without a PID column.
TopTable container_top(const std::vector<pid_t>& pids, const std::vector<std::string>& ps_args);

// The part of container_top that reads ps's output (for tests): rows of `pids` only, the last
// column holding the rest of each line (a command with spaces).
TopTable parse_top_output(const std::string& output, const std::vector<pid_t>& pids);

}  // namespace berth::engine

// One invocation of an external OCI runtime binary with runc's command line:
//
//   <path> --root <root> --log /proc/self/fd/3 --log-format json <command...>
//
// fd 3 is a memfd that collects the runtime's json log (where runc, crun and berth-runtime
// write their errors); fd 4, when given, is a memfd holding an input file (`exec --process`).
// stdin, stdout and stderr are the caller's choice; by default /dev/null, and stdout and stderr
// captured. Errors come back as one line: the last error in the log, else the last line the
// runtime wrote to stderr.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.hpp"

namespace berth::engine {

// Where an input file handed to the runtime appears to it.
inline constexpr const char* kRuntimeInputPath = "/proc/self/fd/4";

// The full argv: the binary, runc's global flags, then `command`.
std::vector<std::string> runtime_argv(const std::string& path, const std::string& root,
                                      const std::vector<std::string>& command);

// The runtime's error as one line: the message of the last "error" (or "fatal") entry of a json
// log, else the last non-empty line of `stderr_text`; empty when neither says anything.
std::string runtime_error_text(std::string_view json_log, std::string_view stderr_text);

class RuntimeCall {
 public:
  RuntimeCall(std::string path, std::string root, std::vector<std::string> command);

  // The runtime's fds 0-2 (-1 keeps the default: /dev/null in, captured out and err).
  void set_stdio(int in, int out, int err);
  // Makes `content` readable at kRuntimeInputPath.
  void set_input(std::string_view content);

  // Starts the runtime; its pid (our child).
  pid_t spawn();
  // Runs it to completion. Returns its stdout; throws its error (exit code 1) when it fails.
  std::string run();
  // After the child exited: the error it reported, or empty.
  std::string error_text() const;
  // The error to throw for a failure that ended with `status` (a shell-style exit code).
  [[noreturn]] void fail(int status) const;

 private:
  std::string path_;
  std::vector<std::string> argv_;
  int stdio_[3] = {-1, -1, -1};
  UniqueFd log_, input_, out_, err_, null_;
};

}  // namespace berth::engine

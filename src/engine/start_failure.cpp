#include "engine/start_failure.hpp"

#include <string_view>

namespace berth::engine {

int start_failure_code(const Error& e) {
  if (e.exit_code() != ExitCode::kGeneric) return static_cast<int>(e.exit_code());
  std::string_view m = e.what();
  bool exec = m.find("exec:") != std::string_view::npos || m.find("executable") != std::string_view::npos;
  if (exec && (m.find("not found") != std::string_view::npos || m.find("no such file") != std::string_view::npos))
    return static_cast<int>(ExitCode::kNotFound);
  if (exec && (m.find("permission denied") != std::string_view::npos ||
               m.find("is a directory") != std::string_view::npos || m.find("exec format") != std::string_view::npos))
    return static_cast<int>(ExitCode::kCannotInvoke);
  return static_cast<int>(ExitCode::kEngine);
}

}  // namespace berth::engine

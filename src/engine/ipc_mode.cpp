// Parsing and printing --ipc modes.
#include "engine/ipc_mode.hpp"

#include "base/error.hpp"

namespace berth::engine {

std::string IpcMode::to_string() const {
  switch (kind) {
    case IpcKind::kShareable: return "shareable";
    case IpcKind::kPrivate: return "private";
    case IpcKind::kNone: return "none";
    case IpcKind::kContainer: return "container:" + target;
    case IpcKind::kHost: return "host";
    case IpcKind::kPath: return "ns:" + target;
  }
  return "";
}

IpcMode parse_ipc_mode(std::string_view value, std::string_view default_mode) {
  if (value.empty() || value == "default") value = default_mode;
  if (value == "shareable") return {IpcKind::kShareable, ""};
  if (value == "private") return {IpcKind::kPrivate, ""};
  if (value == "none") return {IpcKind::kNone, ""};
  if (value == "host") return {IpcKind::kHost, ""};
  if (value.starts_with("container:") && value.size() > 10) return {IpcKind::kContainer, std::string(value.substr(10))};
  if (value.starts_with("ns:") && value.size() > 3 && value[3] == '/') return {IpcKind::kPath, std::string(value.substr(3))};
  throw Error("invalid IPC mode: " + std::string(value), ExitCode::kEngine);
}

}  // namespace berth::engine

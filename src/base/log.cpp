// Runtime logging in runc's two formats. Containerd and podman parse the json form
// ({"level":"error","msg":"...","time":"..."}) from --log to show the runtime's errors.
#include "base/log.hpp"

#include "base/clock.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <ctime>
#include <string>

#include <fmt/core.h>

namespace berth::log {
namespace {

int g_fd = 2;
Format g_format = Format::kText;
bool g_debug = false;

const char* level_name(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warning";
    case Level::kError: return "error";
  }
  return "info";
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += c;
    }
  }
  return out;
}

}  // namespace

void configure(std::string_view path, Format format, bool debug) {
  g_format = format;
  g_debug = debug;
  if (!path.empty()) {
    int fd = ::open(std::string(path).c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) g_fd = fd;
  }
}

void write(Level level, std::string_view message) {
  if (level == Level::kDebug && !g_debug) return;
  std::string line;
  if (g_format == Format::kJson) {
    line = fmt::format("{{\"level\":\"{}\",\"msg\":\"{}\",\"time\":\"{}\"}}\n", level_name(level),
                       json_escape(message), now_rfc3339());
  } else if (g_fd == 2) {
    line = fmt::format("{}\n", message);
  } else {
    line = fmt::format("time=\"{}\" level={} msg=\"{}\"\n", now_rfc3339(), level_name(level),
                       json_escape(message));
  }
  ssize_t ignored = ::write(g_fd, line.data(), line.size());
  (void)ignored;  // nowhere left to report a failed log write
}

}  // namespace berth::log

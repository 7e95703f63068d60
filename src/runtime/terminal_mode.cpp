// Raw mode and window size of the controlling terminal.
#include "runtime/terminal_mode.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

namespace berth::runtime {

RawTerminal::RawTerminal() {
  if (!::isatty(0) || ::tcgetattr(0, &saved_) != 0) return;
  termios raw = saved_;
  ::cfmakeraw(&raw);
  active_ = ::tcsetattr(0, TCSANOW, &raw) == 0;
}

RawTerminal::~RawTerminal() {
  if (active_) ::tcsetattr(0, TCSANOW, &saved_);
}

void copy_window_size(int pty) {
  winsize ws{};
  if (pty >= 0 && ::ioctl(0, TIOCGWINSZ, &ws) == 0) ::ioctl(pty, TIOCSWINSZ, &ws);
}

std::optional<std::pair<uint16_t, uint16_t>> own_window_size() {
  winsize ws{};
  for (int fd : {1, 0}) {
    if (::ioctl(fd, TIOCGWINSZ, &ws) == 0) return std::pair{ws.ws_row, ws.ws_col};
  }
  return std::nullopt;
}

void set_window_size(int pty, uint16_t rows, uint16_t columns) {
  winsize ws{};
  ws.ws_row = rows;
  ws.ws_col = columns;
  if (pty >= 0) ::ioctl(pty, TIOCSWINSZ, &ws);
}

}  // namespace berth::runtime

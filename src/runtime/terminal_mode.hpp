// Our own terminal while a container's pty is proxied to it: raw mode and the window size.
#pragma once

#include <termios.h>

#include <cstdint>
#include <optional>
#include <utility>

namespace berth::runtime {

// Puts stdin in raw mode for the life of the object, when it is a terminal.
class RawTerminal {
 public:
  RawTerminal();
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

// Gives `pty` (a pty master) the window size of our stdin's terminal, if it is one.
void copy_window_size(int pty);

// Our terminal's size as (rows, columns): stdout's, else stdin's; nullopt without a terminal.
std::optional<std::pair<uint16_t, uint16_t>> own_window_size();
// Sets `pty`'s (a pty master) window size; the kernel sends SIGWINCH to its foreground group.
void set_window_size(int pty, uint16_t rows, uint16_t columns);

}  // namespace berth::runtime

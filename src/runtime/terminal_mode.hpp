// Our own terminal while a container's pty is proxied to it: raw mode and the window size.
#pragma once

#include <termios.h>

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

}  // namespace berth::runtime

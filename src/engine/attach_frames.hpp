// The attach socket's framing (both directions): 1 byte kind, 4 bytes length (little endian),
// the payload. The protocol itself is drawn in attach_socket.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::engine::frame {

// Monitor -> client.
inline constexpr char kStdout = '1';
inline constexpr char kStderr = '2';
inline constexpr char kExit = 'x';  // payload: the container's exit code (u32)
// Exec keeper -> CLI, once, before the rest (exec_keeper.hpp).
inline constexpr char kExecStarted = 'S';
inline constexpr char kExecFailed = 'F';  // payload: exit code (u32), then the message

// Client -> monitor.
inline constexpr char kStdin = '0';
inline constexpr char kStdinEnd = 'e';  // the client's input ended: so does the container's
inline constexpr char kResize = 'w';    // payload: rows, columns (u16 each)
inline constexpr char kSignal = 's';    // payload: signal number (u32)

// Longer payloads are refused: a peer that sends one is broken, not slow.
inline constexpr uint32_t kMaxPayload = 1 << 20;

struct Frame {
  char kind = 0;
  std::string payload;
};

std::string encode(char kind, std::string_view payload);
std::string u32(uint32_t value);  // a payload holding `value`
std::string encode_u32(char kind, uint32_t value);
std::string encode_resize(uint16_t rows, uint16_t columns);
// The payload's number; nullopt when it has the wrong size.
std::optional<uint32_t> decode_u32(std::string_view payload);
std::optional<std::pair<uint16_t, uint16_t>> decode_resize(std::string_view payload);

// Bytes as they arrive, split into whole frames.
class Reader {
 public:
  void append(std::string_view bytes) { buffer_.append(bytes); }
  // The next whole frame, or nullopt until more bytes come. Sets broken() on an oversized one.
  std::optional<Frame> next();
  bool broken() const { return broken_; }

 private:
  std::string buffer_;
  bool broken_ = false;
};

}  // namespace berth::engine::frame

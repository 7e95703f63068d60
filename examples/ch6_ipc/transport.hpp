// The transport interface: one direction of messages between two processes (a Channel), the
// transports that implement it, and the factories that create or open one.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "error.hpp"

namespace ch6_ipc {

// Each one uses an object an IPC namespace isolates.
enum class TransportKind {
  kMqueue,     // POSIX message queue (/dev/mqueue)
  kSysvMsg,    // SysV message queue
  kSysvShm,    // ring in a SysV shared memory segment, woken through a SysV semaphore set
  kPosixShm,   // ring in a /dev/shm file (shm_open), woken through a futex in the ring
  kSpinFloor,  // benchmarks only: ring in /dev/shm, busy polling, never sleeps
};

std::string_view transport_name(TransportKind kind);
std::optional<TransportKind> parse_transport(std::string_view name);
// The names, for help texts and option checks.
std::span<const std::string_view> transport_names();

// Which channel: the demo's one queue, or the benchmark's request and reply directions.
enum class ChannelId { kDemo = 0, kBenchPing = 1, kBenchPong = 2 };

enum class Direction { kSend, kReceive };

// The longest message a channel carries (the mqueue's mq_msgsize).
inline constexpr std::size_t kMaxMessage = 1024;

struct ChannelConfig {
  TransportKind kind = TransportKind::kMqueue;
  ChannelId id = ChannelId::kDemo;
  Direction direction = Direction::kSend;
  // Blocking calls give up with an EINTR error once SIGTERM/SIGINT asked the process to stop
  // (see stop.hpp). A process that owns no object (the consumer) blocks without limit instead.
  bool stoppable = false;
  // Rings only: how long a waiting side polls before it goes to sleep.
  std::chrono::nanoseconds spin{std::chrono::microseconds(50)};
};

class Channel {
 public:
  virtual ~Channel() = default;
  // Blocks while the channel is full. Fails with EIDRM when the peer removed the object.
  virtual Result<void> send(std::string_view message) = 0;
  // Blocks until a message arrives; copies it into `buffer` (at least kMaxMessage bytes).
  virtual Result<std::size_t> receive(std::span<char> buffer) = 0;
  // Messages sent and not yet received.
  virtual Result<std::size_t> pending() = 0;
};

// Creates the channel's object (replacing a stale one left by a killed process) with mode 0666;
// the returned Channel removes the object when destroyed.
Result<std::unique_ptr<Channel>> create_channel(const ChannelConfig& config);
// Opens an existing object; never creates one.
Result<std::unique_ptr<Channel>> open_channel(const ChannelConfig& config);

}  // namespace ch6_ipc

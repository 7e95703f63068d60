// A single-producer/single-consumer ring of messages in shared memory.
//
// Layout (one RingMemory, placed at the start of the shared mapping by its creator):
//
//   line 0   magic, slot_count, max_message    written once by the creator, magic last
//   line 1   head       slots published        stored by the producer only
//   line 2   tail       slots consumed         stored by the consumer only
//   line 3   consumer sleeper {sleeping, seq}  the consumer waiting for data
//   line 4   producer sleeper {sleeping, seq}  the producer waiting for space
//   slots    kRingSlots x {size, data[kMaxMessage]}, each starting on its own cache line
//
// head and tail only grow; slot i lives at slots[i % kRingSlots]. Keeping them on separate
// cache lines means each side writes only its own line, and each side keeps a private copy of
// the other's index so that it reads the other's line only when the copy says full or empty.
// How a waiting side sleeps and is woken is the RingChannel's business (ring_channel.cpp).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "transport.hpp"

namespace ch6_ipc {

inline constexpr std::size_t kCacheLine = 64;
inline constexpr std::uint32_t kRingSlots = 128;
inline constexpr std::uint32_t kRingMagic = 0x0c61'0001;  // layout version 1

// One side's sleep state: whether it sleeps, and a futex word bumped by each wake-up.
struct alignas(kCacheLine) Sleeper {
  std::atomic<std::uint32_t> sleeping{0};
  std::atomic<std::uint32_t> seq{0};
};

struct alignas(kCacheLine) RingSlot {
  std::uint32_t size;
  char data[kMaxMessage];
};

struct RingMemory {
  alignas(kCacheLine) std::atomic<std::uint32_t> magic{0};
  std::uint32_t slot_count = kRingSlots;
  std::uint32_t max_message = kMaxMessage;
  alignas(kCacheLine) std::atomic<std::uint64_t> head{0};
  alignas(kCacheLine) std::atomic<std::uint64_t> tail{0};
  Sleeper consumer;  // waits for data
  Sleeper producer;  // waits for space
  RingSlot slots[kRingSlots];
};

// Shared between processes: the atomics must not hide a lock in one process's memory, and the
// futex words must be plain 32-bit integers.
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
static_assert(offsetof(RingMemory, tail) - offsetof(RingMemory, head) >= kCacheLine);

// Which side of the ring a Sleeper belongs to; also the index of its SysV semaphore.
enum class Side : unsigned short { kConsumer = 0, kProducer = 1 };

// One process's view of a ring. Use one Ring per side; the memory must outlive it.
class Ring {
 public:
  explicit Ring(RingMemory& memory)
      : memory_(memory),
        head_(memory.head.load(std::memory_order_acquire)),
        tail_(memory.tail.load(std::memory_order_acquire)) {}

  // Creator only: constructs the ring in fresh memory and marks it ready for openers.
  static RingMemory& construct(void* at) {
    auto* memory = new (at) RingMemory{};
    memory->magic.store(kRingMagic, std::memory_order_release);
    return *memory;
  }

  // Opener: the creator has finished and the layout is the one this program knows.
  static bool is_ready(const RingMemory& memory) {
    return memory.magic.load(std::memory_order_acquire) == kRingMagic &&
           memory.slot_count == kRingSlots && memory.max_message == kMaxMessage;
  }

  // Producer side.
  bool has_space() {
    if (head_ - tail_ < kRingSlots) return true;
    tail_ = memory_.tail.load(std::memory_order_acquire);
    return head_ - tail_ < kRingSlots;
  }
  // Precondition: has_space() and message.size() <= kMaxMessage.
  void push(std::string_view message) {
    RingSlot& slot = memory_.slots[head_ % kRingSlots];
    slot.size = static_cast<std::uint32_t>(message.size());
    std::memcpy(slot.data, message.data(), message.size());
    memory_.head.store(++head_, std::memory_order_release);
  }

  // Consumer side.
  bool has_data() {
    if (tail_ != head_) return true;
    head_ = memory_.head.load(std::memory_order_acquire);
    return tail_ != head_;
  }
  // Precondition: has_data() and out.size() >= kMaxMessage. Returns the message's size.
  std::size_t pop(std::span<char> out) {
    const RingSlot& slot = memory_.slots[tail_ % kRingSlots];
    // The peer may be another user's process: never trust a size read from shared memory.
    std::size_t size = std::min<std::size_t>({slot.size, kMaxMessage, out.size()});
    std::memcpy(out.data(), slot.data, size);
    memory_.tail.store(++tail_, std::memory_order_release);
    return size;
  }

  // Either side: messages published and not yet consumed.
  std::size_t pending() const {
    return static_cast<std::size_t>(memory_.head.load(std::memory_order_acquire) -
                                    memory_.tail.load(std::memory_order_acquire));
  }

  Sleeper& sleeper(Side side) {
    return side == Side::kConsumer ? memory_.consumer : memory_.producer;
  }

 private:
  RingMemory& memory_;
  std::uint64_t head_;  // producer: next slot to write; consumer: last head seen
  std::uint64_t tail_;  // consumer: next slot to read; producer: last tail seen
};

}  // namespace ch6_ipc

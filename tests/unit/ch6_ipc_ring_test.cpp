// The ipc example's single-producer/single-consumer ring: layout, order, wrap-around, full and
// empty; and the RingChannel's sleep/wake handshake across threads and across processes, with
// the futex and the SysV semaphore doorbells.
#include <gtest/gtest.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <memory>
#include <string>
#include <thread>

#include "doorbell.hpp"
#include "ring.hpp"
#include "ring_channel.hpp"

namespace ch6_ipc {
namespace {

using namespace std::chrono_literals;

// A ring in ordinary memory, with one view per side as two processes would have.
struct LocalRing {
  std::unique_ptr<RingMemory> memory = std::make_unique<RingMemory>();
  LocalRing() { Ring::construct(memory.get()); }
};

std::string pop_string(Ring& ring) {
  std::array<char, kMaxMessage> buffer;
  std::size_t size = ring.pop(buffer);
  return std::string(buffer.data(), size);
}

TEST(Ch6IpcRing, IndicesAndSleepersEachOnTheirOwnCacheLine) {
  EXPECT_EQ(offsetof(RingMemory, head) % kCacheLine, 0u);
  EXPECT_EQ(offsetof(RingMemory, tail) % kCacheLine, 0u);
  EXPECT_GE(offsetof(RingMemory, tail) - offsetof(RingMemory, head), kCacheLine);
  EXPECT_GE(offsetof(RingMemory, consumer) - offsetof(RingMemory, tail), kCacheLine);
  EXPECT_GE(offsetof(RingMemory, producer) - offsetof(RingMemory, consumer), kCacheLine);
  EXPECT_EQ(offsetof(RingMemory, slots) % kCacheLine, 0u);
}

TEST(Ch6IpcRing, ReadyOnlyOnceConstructed) {
  auto memory = std::make_unique<RingMemory>();
  EXPECT_FALSE(Ring::is_ready(*memory));
  Ring::construct(memory.get());
  EXPECT_TRUE(Ring::is_ready(*memory));
  memory->slot_count = kRingSlots * 2;  // another layout
  EXPECT_FALSE(Ring::is_ready(*memory));
}

TEST(Ch6IpcRing, EmptyThenOneMessage) {
  LocalRing local;
  Ring producer(*local.memory), consumer(*local.memory);
  EXPECT_FALSE(consumer.has_data());
  EXPECT_TRUE(producer.has_space());
  producer.push("c6");
  EXPECT_EQ(consumer.pending(), 1u);
  ASSERT_TRUE(consumer.has_data());
  EXPECT_EQ(pop_string(consumer), "c6");
  EXPECT_FALSE(consumer.has_data());
  EXPECT_EQ(producer.pending(), 0u);
}

TEST(Ch6IpcRing, KeepsEmptyAndLongestMessages) {
  LocalRing local;
  Ring producer(*local.memory), consumer(*local.memory);
  std::string longest(kMaxMessage, 'z');
  longest.front() = 'a';
  producer.push("");
  producer.push(longest);
  ASSERT_TRUE(consumer.has_data());
  EXPECT_EQ(pop_string(consumer), "");
  ASSERT_TRUE(consumer.has_data());
  EXPECT_EQ(pop_string(consumer), longest);
}

TEST(Ch6IpcRing, FullAfterSlotCountThenOneFreeSlotPerPop) {
  LocalRing local;
  Ring producer(*local.memory), consumer(*local.memory);
  for (std::uint32_t i = 0; i < kRingSlots; ++i) {
    ASSERT_TRUE(producer.has_space()) << i;
    producer.push(std::to_string(i));
  }
  EXPECT_FALSE(producer.has_space());
  ASSERT_TRUE(consumer.has_data());
  EXPECT_EQ(pop_string(consumer), "0");
  EXPECT_TRUE(producer.has_space());
  producer.push("last");
  EXPECT_FALSE(producer.has_space());
}

TEST(Ch6IpcRing, KeepsOrderAcrossManyWrapArounds) {
  LocalRing local;
  Ring producer(*local.memory), consumer(*local.memory);
  std::uint64_t sent = 0, received = 0;
  while (received < 5 * kRingSlots + 7) {
    for (int burst = 0; burst < 37 && producer.has_space(); ++burst) {
      producer.push(std::to_string(sent++));
    }
    for (int burst = 0; burst < 23 && consumer.has_data(); ++burst) {
      ASSERT_EQ(pop_string(consumer), std::to_string(received++));
    }
  }
}

TEST(Ch6IpcRing, AViewOpenedLaterStartsWhereTheRingIs) {
  LocalRing local;
  Ring producer(*local.memory);
  producer.push("one");
  producer.push("two");
  Ring consumer(*local.memory);  // a consumer attaching after the producer started
  ASSERT_TRUE(consumer.has_data());
  EXPECT_EQ(pop_string(consumer), "one");
  Ring late(*local.memory);  // and one after the first consumer read
  ASSERT_TRUE(late.has_data());
  EXPECT_EQ(pop_string(late), "two");
}

TEST(Ch6IpcRing, PopNeverTrustsTheSizeInSharedMemory) {
  LocalRing local;
  Ring producer(*local.memory), consumer(*local.memory);
  producer.push("x");
  local.memory->slots[0].size = 1u << 30;  // a hostile peer
  std::array<char, kMaxMessage> buffer;
  ASSERT_TRUE(consumer.has_data());
  EXPECT_EQ(consumer.pop(buffer), kMaxMessage);
}

// --- RingChannel: the sleep/wake handshake ------------------------------------------------

ChannelConfig config(Direction direction, std::chrono::nanoseconds spin) {
  return {.kind = TransportKind::kPosixShm, .direction = direction, .spin = spin};
}

std::string receive_string(Channel& channel) {
  std::array<char, kMaxMessage> buffer;
  auto size = channel.receive(buffer);
  EXPECT_TRUE(size.has_value()) << (size ? "" : size.error().render());
  return size ? std::string(buffer.data(), *size) : "<error>";
}

// Streams `n` numbered messages from one thread to another; spin 0 makes every wait sleep.
void stream_between_threads(RingMemory& memory, std::function<std::unique_ptr<Doorbell>()> bell,
                            std::chrono::nanoseconds spin, int n) {
  auto sender = make_ring_channel(memory, bell(), config(Direction::kSend, spin), nullptr);
  auto receiver = make_ring_channel(memory, bell(), config(Direction::kReceive, spin), nullptr);
  std::thread producer([&] {
    for (int i = 0; i < n; ++i) ASSERT_TRUE(sender->send(std::to_string(i)).has_value());
  });
  for (int i = 0; i < n; ++i) {
    ASSERT_EQ(receive_string(*receiver), std::to_string(i));
    // Now and then the receiver dawdles, so the sender fills the ring and must sleep too.
    if (i % 5000 == 0) std::this_thread::sleep_for(2ms);
  }
  producer.join();
}

TEST(Ch6IpcRingChannel, FutexDoorbellLosesNoWakeUp) {
  LocalRing local;
  stream_between_threads(*local.memory, make_futex_doorbell, 0ns, 200'000);
  stream_between_threads(*local.memory, make_futex_doorbell, 5us, 200'000);
}

// An IPC_PRIVATE set stands in for the one at the fixed key.
struct PrivateSemaphores {
  int id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
  ~PrivateSemaphores() { semctl(id, 0, IPC_RMID); }
};

TEST(Ch6IpcRingChannel, SemaphoreDoorbellLosesNoWakeUpAndStaysBalanced) {
  PrivateSemaphores sems;
  ASSERT_GE(sems.id, 0);
  LocalRing local;
  auto bell = [&] { return make_sysv_sem_doorbell(sems.id); };
  stream_between_threads(*local.memory, bell, 0ns, 100'000);
  stream_between_threads(*local.memory, bell, 5us, 100'000);
  // Every post was taken: nobody waits now, so a leftover would show as a count above zero.
  EXPECT_EQ(semctl(sems.id, 0, GETVAL), 0);
  EXPECT_EQ(semctl(sems.id, 1, GETVAL), 0);
}

TEST(Ch6IpcRingChannel, SpinDoorbellStreams) {
  LocalRing local;
  stream_between_threads(*local.memory, make_spin_doorbell, 0ns, 20'000);
}

TEST(Ch6IpcRingChannel, RefusesAMessageLongerThanASlot) {
  LocalRing local;
  auto sender = make_ring_channel(*local.memory, make_futex_doorbell(),
                                  config(Direction::kSend, 0ns), nullptr);
  auto sent = sender->send(std::string(kMaxMessage + 1, 'x'));
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().err, EMSGSIZE);
}

// Shared futexes (not FUTEX_PRIVATE_FLAG) meet across processes that map the same memory.
TEST(Ch6IpcRingChannel, FutexDoorbellWorksAcrossProcesses) {
  void* at =
      mmap(nullptr, sizeof(RingMemory), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(at, MAP_FAILED);
  RingMemory& memory = Ring::construct(at);
  constexpr int kMessages = 20'000;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto sender =
        make_ring_channel(memory, make_futex_doorbell(), config(Direction::kSend, 0ns), nullptr);
    for (int i = 0; i < kMessages; ++i) {
      if (!sender->send(std::to_string(i))) _exit(1);
    }
    _exit(0);
  }
  auto receiver =
      make_ring_channel(memory, make_futex_doorbell(), config(Direction::kReceive, 0ns), nullptr);
  for (int i = 0; i < kMessages; ++i) ASSERT_EQ(receive_string(*receiver), std::to_string(i));
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  munmap(at, sizeof(RingMemory));
}

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// A consumer waiting on an empty ring sleeps: it must not burn a core for the whole wait.
TEST(Ch6IpcRingChannel, AWaitingReceiverBurnsNoCpu) {
  LocalRing local;
  auto sender = make_ring_channel(*local.memory, make_futex_doorbell(),
                                  config(Direction::kSend, 50us), nullptr);
  auto receiver = make_ring_channel(*local.memory, make_futex_doorbell(),
                                    config(Direction::kReceive, 50us), nullptr);
  double cpu_ms = -1;
  std::thread consumer([&] {
    double before = thread_cpu_ms();
    EXPECT_EQ(receive_string(*receiver), "late");
    cpu_ms = thread_cpu_ms() - before;
  });
  std::this_thread::sleep_for(500ms);
  ASSERT_TRUE(sender->send("late").has_value());
  consumer.join();
  EXPECT_LT(cpu_ms, 20.0) << "the receiver spun instead of sleeping";
}

}  // namespace
}  // namespace ch6_ipc

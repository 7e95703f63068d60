// The sysv-shm transport: the ring in a SysV shared memory segment, woken through a SysV
// semaphore set, both at the same fixed key. The creator makes the semaphores first and marks
// the ring ready last, so an opener that finds a ready ring also finds the semaphores.
#include <sys/sem.h>
#include <sys/shm.h>

#include "channels.hpp"
#include "names.hpp"
#include "ring_channel.hpp"
#include "sys.hpp"
#include "sysv.hpp"

namespace ch6_ipc {
namespace {

constexpr std::size_t kSize = sizeof(RingMemory);
constexpr int kSemaphores = 2;  // one per Side

// The caller defines semun (glibc does not).
union semun {
  int val;
  semid_ds* buf;
  unsigned short* array;
};

struct SysvRing {
  int shmid = -1;
  int semid = -1;
  RingMemory* memory = nullptr;
};

void remove(const SysvRing& ring) {
  if (ring.memory != nullptr) shmdt(ring.memory);
  if (ring.shmid >= 0) shmctl(ring.shmid, IPC_RMID, nullptr);
  if (ring.semid >= 0) semctl(ring.semid, 0, IPC_RMID);
}

Result<SysvRing> create_ring(key_t key) {
  SysvRing ring;
  ring.semid = create_sysv_object([key](int flags) { return semget(key, kSemaphores, flags); },
                                  [](int stale) { semctl(stale, 0, IPC_RMID); });
  if (ring.semid < 0) return errno_error("semget " + key_text(key));
  // Linux starts semaphores at 0, POSIX does not promise it.
  unsigned short zeros[kSemaphores] = {0, 0};
  semun all{.array = zeros};
  if (semctl(ring.semid, 0, SETALL, all) != 0) {
    auto failed = errno_error("semctl " + key_text(key));
    remove(ring);
    return failed;
  }
  ring.shmid =
      create_sysv_object([key](int flags) { return shmget(key, flags ? kSize : 0, flags); },
                         [](int stale) { shmctl(stale, IPC_RMID, nullptr); });
  if (ring.shmid < 0) {
    auto failed = errno_error("shmget " + key_text(key));
    remove(ring);
    return failed;
  }
  void* at = shmat(ring.shmid, nullptr, 0);
  if (at == reinterpret_cast<void*>(-1)) {
    auto failed = errno_error("shmat " + key_text(key));
    remove(ring);
    return failed;
  }
  ring.memory = &Ring::construct(at);
  return ring;
}

Result<SysvRing> open_ring(key_t key) {
  SysvRing ring;
  ring.shmid = shmget(key, 0, 0);
  if (ring.shmid < 0) return errno_error("shmget " + key_text(key));
  shmid_ds ds{};
  if (shmctl(ring.shmid, IPC_STAT, &ds) != 0) return errno_error("shmctl " + key_text(key));
  if (ds.shm_segsz < kSize) return error(EPROTO, "open ring " + key_text(key) + ": too small");
  void* at = shmat(ring.shmid, nullptr, 0);
  if (at == reinterpret_cast<void*>(-1)) return errno_error("shmat " + key_text(key));
  auto* memory = static_cast<RingMemory*>(at);
  if (!poll_until([&] { return Ring::is_ready(*memory); }, kRingSetupGrace)) {
    shmdt(at);
    return error(EPROTO, "open ring " + key_text(key) + ": not set up");
  }
  ring.semid = semget(key, 0, 0);
  if (ring.semid < 0) {
    auto failed = errno_error("semget " + key_text(key));
    shmdt(at);
    return failed;
  }
  ring.memory = memory;
  return ring;
}

}  // namespace

Result<std::unique_ptr<Channel>> make_sysv_shm_channel(const ChannelConfig& config, Mode mode) {
  key_t key = sysv_key(config.id);
  auto ring = mode == Mode::kCreate ? create_ring(key) : open_ring(key);
  if (!ring) return std::unexpected(ring.error());
  bool owner = mode == Mode::kCreate;
  auto close = [ring = *ring, owner] {
    if (owner) {
      remove(ring);
    } else {
      shmdt(ring.memory);
    }
  };
  return make_ring_channel(*ring->memory, make_sysv_sem_doorbell(ring->semid), config, close);
}

}  // namespace ch6_ipc

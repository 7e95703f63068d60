// The posix-shm transport: the ring in a /dev/shm file (shm_open), woken through a futex in the
// ring. spin-floor uses the same layout under other names with a doorbell that never sleeps.
#include <sys/mman.h>

#include <string>

#include "channels.hpp"
#include "names.hpp"
#include "ring_channel.hpp"
#include "shm_file.hpp"
#include "sys.hpp"

namespace ch6_ipc {
namespace {

constexpr std::size_t kSize = sizeof(RingMemory);

Result<RingMemory*> create_ring(const std::string& name) {
  auto at = create_shm_file(name, kSize);
  if (!at) return std::unexpected(at.error());
  return &Ring::construct(*at);
}

// The file may exist before its creator has set the ring up.
Result<RingMemory*> open_ring(const std::string& name) {
  auto at = open_shm_file(name, kSize);
  if (!at) return std::unexpected(at.error());
  auto* memory = static_cast<RingMemory*>(*at);
  if (!poll_until([&] { return Ring::is_ready(*memory); }, kRingSetupGrace)) {
    munmap(memory, kSize);
    return error(EPROTO, "open ring " + name + ": not set up");
  }
  return memory;
}

}  // namespace

Result<std::unique_ptr<Channel>> make_posix_shm_channel(const ChannelConfig& config, Mode mode) {
  std::string name = posix_name(config.kind, config.id);
  auto memory = mode == Mode::kCreate ? create_ring(name) : open_ring(name);
  if (!memory) return std::unexpected(memory.error());
  auto doorbell =
      config.kind == TransportKind::kSpinFloor ? make_spin_doorbell() : make_futex_doorbell();
  bool owner = mode == Mode::kCreate;
  auto close = [memory = *memory, name, owner] {
    munmap(memory, kSize);
    if (owner) shm_unlink(name.c_str());
  };
  return make_ring_channel(**memory, std::move(doorbell), config, close);
}

}  // namespace ch6_ipc

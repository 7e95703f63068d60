// The spin-floor page: its file, and both ends of its round trip.
#include "spin_page.hpp"

#include <sys/mman.h>

#include "names.hpp"
#include "ring_channel.hpp"
#include "shm_file.hpp"
#include "stop.hpp"
#include "sys.hpp"

namespace ch6_ipc {
namespace {

constexpr std::uint32_t kSpinMagic = 0x0c65'0001;

}  // namespace

Result<std::unique_ptr<SpinPageMapping>> SpinPageMapping::create() {
  auto at = create_shm_file(kSpinPageName, sizeof(SpinPage));
  if (!at) return std::unexpected(at.error());
  auto* page = new (*at) SpinPage{};
  page->magic.store(kSpinMagic, std::memory_order_release);
  return std::unique_ptr<SpinPageMapping>(new SpinPageMapping(page, true));
}

Result<std::unique_ptr<SpinPageMapping>> SpinPageMapping::open() {
  auto at = open_shm_file(kSpinPageName, sizeof(SpinPage));
  if (!at) return std::unexpected(at.error());
  auto* page = static_cast<SpinPage*>(*at);
  auto ready = [page] { return page->magic.load(std::memory_order_acquire) == kSpinMagic; };
  if (!poll_until(ready, kRingSetupGrace)) {
    munmap(page, sizeof(SpinPage));
    return error(EPROTO, std::string("open ") + kSpinPageName + ": not set up");
  }
  return std::unique_ptr<SpinPageMapping>(new SpinPageMapping(page, false));
}

SpinPageMapping::~SpinPageMapping() {
  munmap(page_, sizeof(SpinPage));
  if (owner_) shm_unlink(kSpinPageName);
}

void spin_round_trip(SpinPage& page, std::uint64_t n) {
  page.ping.store(n, std::memory_order_release);
  while (page.pong.load(std::memory_order_acquire) != n) cpu_relax();
}

bool spin_serve(SpinPage& page) {
  std::uint64_t last = page.ping.load(std::memory_order_acquire);
  for (unsigned i = 1;; ++i) {
    std::uint64_t n = page.ping.load(std::memory_order_acquire);
    if (n == kSpinQuit) return true;
    if (n != last) {
      page.pong.store(n, std::memory_order_release);
      last = n;
      continue;
    }
    cpu_relax();
    if (i % (1u << 16) == 0 && stop_requested()) return false;
  }
}

}  // namespace ch6_ipc

// A Channel over a Ring in shared memory; a Doorbell puts the waiting side to sleep.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "doorbell.hpp"
#include "ring.hpp"
#include "transport.hpp"

namespace ch6_ipc {

// How long an opener waits for a creator that is still setting up the ring (between creating
// the object and marking the ring ready): the consumer may start right after the producer.
inline constexpr std::chrono::seconds kRingSetupGrace{1};

// `memory` must stay mapped until `on_close` runs (from the channel's destructor); on_close
// unmaps it and, for the creator, removes the objects.
std::unique_ptr<Channel> make_ring_channel(RingMemory& memory, std::unique_ptr<Doorbell> doorbell,
                                           const ChannelConfig& config,
                                           std::function<void()> on_close);

}  // namespace ch6_ipc

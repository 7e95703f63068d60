// Each transport's factory (one file each); transport.cpp picks one by TransportKind.
#pragma once

#include <memory>

#include "transport.hpp"

namespace ch6_ipc {

enum class Mode { kCreate, kOpen };

Result<std::unique_ptr<Channel>> make_mqueue_channel(const ChannelConfig& config, Mode mode);
Result<std::unique_ptr<Channel>> make_sysv_msg_channel(const ChannelConfig& config, Mode mode);
Result<std::unique_ptr<Channel>> make_sysv_shm_channel(const ChannelConfig& config, Mode mode);
// posix-shm, and spin-floor (the same ring with a doorbell that never sleeps).
Result<std::unique_ptr<Channel>> make_posix_shm_channel(const ChannelConfig& config, Mode mode);

}  // namespace ch6_ipc

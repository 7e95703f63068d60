// Transport names and the factories that dispatch to one file per transport.
#include "transport.hpp"

#include <array>

#include "channels.hpp"

namespace ch6_ipc {
namespace {

// Indexed by TransportKind.
constexpr std::array<std::string_view, 5> kNames = {"mqueue", "sysv-msg", "sysv-shm", "posix-shm",
                                                    "spin-floor"};

Result<std::unique_ptr<Channel>> make_channel(const ChannelConfig& config, Mode mode) {
  switch (config.kind) {
    case TransportKind::kMqueue:
      return make_mqueue_channel(config, mode);
    case TransportKind::kSysvMsg:
      return make_sysv_msg_channel(config, mode);
    case TransportKind::kSysvShm:
      return make_sysv_shm_channel(config, mode);
    case TransportKind::kPosixShm:
    case TransportKind::kSpinFloor:
      return make_posix_shm_channel(config, mode);
  }
  return error(EINVAL, "unknown transport");
}

}  // namespace

std::string_view transport_name(TransportKind kind) {
  return kNames.at(static_cast<std::size_t>(kind));
}

std::optional<TransportKind> parse_transport(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<TransportKind>(i);
  }
  return std::nullopt;
}

std::span<const std::string_view> transport_names() { return kNames; }

Result<std::unique_ptr<Channel>> create_channel(const ChannelConfig& config) {
  return make_channel(config, Mode::kCreate);
}

Result<std::unique_ptr<Channel>> open_channel(const ChannelConfig& config) {
  return make_channel(config, Mode::kOpen);
}

}  // namespace ch6_ipc

// ipc --bench-pong: the benchmark's server. Creates the channels (and for spin-floor the page),
// answers the client per bench_protocol.hpp, and removes everything when the client quits or
// SIGTERM/SIGINT arrives.
#include <fmt/core.h>

#include <array>

#include "bench_protocol.hpp"
#include "roles.hpp"
#include "spin_page.hpp"
#include "stop.hpp"
#include "transport.hpp"

namespace ch6_ipc {
namespace {

int failed(const Error& error) {
  if (is_stop(error)) return 0;
  fmt::print(stderr, "ipc: bench-pong: {}\n", error.render());
  return 1;
}

// Answers messages until 'Q'.
Result<void> serve(Channel& from_client, Channel& to_client) {
  std::array<char, kMaxMessage> buffer;
  std::uint64_t streamed = 0;
  while (true) {
    auto size = from_client.receive(buffer);
    if (!size) return std::unexpected(size.error());
    std::string_view message(buffer.data(), *size);
    Result<void> sent;
    switch (bench_tag(message)) {
      case BenchTag::kPing:
        sent = to_client.send(message);
        break;
      case BenchTag::kStream:
        ++streamed;
        break;
      case BenchTag::kEnd:
        sent = to_client.send(bench_message(BenchTag::kEnd, streamed));
        streamed = 0;
        break;
      case BenchTag::kQuit:
        return {};
    }
    if (!sent) return sent;
  }
}

}  // namespace

int run_bench_pong(const Options& options) {
  install_stop_handlers();
  ChannelConfig config{.kind = options.transport, .stoppable = true, .spin = options.spin};
  std::unique_ptr<SpinPageMapping> page;
  if (options.transport == TransportKind::kSpinFloor) {
    auto created = SpinPageMapping::create();
    if (!created) return failed(created.error());
    page = std::move(*created);
  }
  config.id = ChannelId::kBenchPing;
  config.direction = Direction::kReceive;
  auto from_client = create_channel(config);
  if (!from_client) return failed(from_client.error());
  config.id = ChannelId::kBenchPong;
  config.direction = Direction::kSend;
  auto to_client = create_channel(config);
  if (!to_client) return failed(to_client.error());
  if (page && !spin_serve(page->page())) return 0;
  if (auto served = serve(**from_client, **to_client); !served) return failed(served.error());
  return 0;
}

}  // namespace ch6_ipc

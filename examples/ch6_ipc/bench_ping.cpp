// ipc --bench-ping: the benchmark's client. Opens the server's channels, then
//   1. round trips: `messages` pings of `size` bytes, each timed (after a warm-up);
//      spin-floor times the bare cache-line round trip of spin_page.hpp instead;
//   2. throughput: `stream` messages sent one way, then an end marker the server answers;
// and prints one line of JSON: transport, size, messages, stream, rtt_median_us, rtt_p99_us,
// msgs_per_s.
#include <fmt/core.h>

#include <array>
#include <chrono>
#include <vector>

#include "bench_protocol.hpp"
#include "bench_stats.hpp"
#include "roles.hpp"
#include "spin_page.hpp"
#include "sys.hpp"
#include "transport.hpp"

namespace ch6_ipc {
namespace {

using Clock = std::chrono::steady_clock;

// The server may still be setting up when the client starts.
constexpr std::chrono::seconds kServerGrace{5};

struct Client {
  std::unique_ptr<Channel> to_server;
  std::unique_ptr<Channel> from_server;
  std::unique_ptr<SpinPageMapping> page;  // spin-floor only
  std::array<char, kMaxMessage> buffer{};
};

template <typename Open>
auto open_with_grace(Open open) {
  auto opened = open();
  if (!opened) poll_until([&] { return (opened = open()).has_value(); }, kServerGrace);
  return opened;
}

Result<Client> connect(const Options& options) {
  ChannelConfig config{.kind = options.transport, .stoppable = false, .spin = options.spin};
  Client client;
  config.id = ChannelId::kBenchPing;
  config.direction = Direction::kSend;
  auto to_server = open_with_grace([&] { return open_channel(config); });
  if (!to_server) return std::unexpected(to_server.error());
  config.id = ChannelId::kBenchPong;
  config.direction = Direction::kReceive;
  auto from_server = open_with_grace([&] { return open_channel(config); });
  if (!from_server) return std::unexpected(from_server.error());
  client.to_server = std::move(*to_server);
  client.from_server = std::move(*from_server);
  if (options.transport == TransportKind::kSpinFloor) {
    auto page = open_with_grace([] { return SpinPageMapping::open(); });
    if (!page) return std::unexpected(page.error());
    client.page = std::move(*page);
  }
  return client;
}

Result<std::string_view> receive(Client& client) {
  auto size = client.from_server->receive(client.buffer);
  if (!size) return std::unexpected(size.error());
  return std::string_view(client.buffer.data(), *size);
}

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

// Round trips through the channels; the first `warmup` are not recorded.
Result<std::vector<double>> ping_pong(Client& client, std::uint64_t warmup, std::uint64_t n,
                                      std::size_t size) {
  std::vector<double> samples;
  samples.reserve(n);
  for (std::uint64_t i = 0; i < warmup + n; ++i) {
    std::string ping = bench_message(BenchTag::kPing, i, size);
    auto start = Clock::now();
    if (auto sent = client.to_server->send(ping); !sent) return std::unexpected(sent.error());
    auto pong = receive(client);
    auto end = Clock::now();
    if (!pong) return std::unexpected(pong.error());
    if (*pong != ping) return error(EPROTO, fmt::format("ping {}: wrong answer", i));
    if (i >= warmup) samples.push_back(micros(end - start));
  }
  return samples;
}

std::vector<double> spin_ping_pong(SpinPage& page, std::uint64_t warmup, std::uint64_t n) {
  std::vector<double> samples;
  samples.reserve(n);
  for (std::uint64_t i = 1; i <= warmup + n; ++i) {
    auto start = Clock::now();
    spin_round_trip(page, i);
    auto end = Clock::now();
    if (i > warmup) samples.push_back(micros(end - start));
  }
  page.ping.store(kSpinQuit, std::memory_order_release);
  return samples;
}

// Streams n messages one way; the time ends when the server has confirmed all n.
Result<double> stream(Client& client, std::uint64_t n, std::size_t size) {
  std::string message = bench_message(BenchTag::kStream, 0, size);
  auto start = Clock::now();
  for (std::uint64_t i = 0; i < n; ++i) {
    if (auto sent = client.to_server->send(message); !sent) return std::unexpected(sent.error());
  }
  if (auto sent = client.to_server->send(bench_message(BenchTag::kEnd, n)); !sent) {
    return std::unexpected(sent.error());
  }
  auto answer = receive(client);
  auto seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (!answer) return std::unexpected(answer.error());
  if (bench_tag(*answer) != BenchTag::kEnd || bench_value(*answer) != n) {
    return error(EPROTO, fmt::format("stream: server counted {} of {}", bench_value(*answer), n));
  }
  return static_cast<double>(n) / seconds;
}

int failed(const Error& error) {
  fmt::print(stderr, "ipc: bench-ping: {}\n", error.render());
  return 1;
}

}  // namespace

int run_bench_ping(const Options& options) {
  auto client = connect(options);
  if (!client) return failed(client.error());
  std::uint64_t n = options.messages;
  std::uint64_t warmup = std::max<std::uint64_t>(100, n / 10);
  std::vector<double> rtt;
  if (client->page) {
    rtt = spin_ping_pong(client->page->page(), warmup, n);
  } else {
    auto timed = ping_pong(*client, warmup, n, options.size);
    if (!timed) return failed(timed.error());
    rtt = std::move(*timed);
  }
  auto rate = stream(*client, options.stream, options.size);
  if (!rate) return failed(rate.error());
  if (auto quit = client->to_server->send(bench_message(BenchTag::kQuit, 0)); !quit) {
    return failed(quit.error());
  }
  double median = quantile(rtt, 0.5), p99 = quantile(rtt, 0.99);
  fmt::print(
      "{{\"transport\":\"{}\",\"size\":{},\"messages\":{},\"stream\":{},"
      "\"rtt_median_us\":{:.2f},\"rtt_p99_us\":{:.2f},\"msgs_per_s\":{:.0f}}}\n",
      transport_name(options.transport), options.size, n, options.stream, median, p99, *rate);
  return 0;
}

}  // namespace ch6_ipc

// Command-line parsing with CLI11, and the checks that CLI11 cannot express.
#include "options.hpp"

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <sstream>

#include "duration.hpp"

namespace ch6_ipc {
namespace {

constexpr std::array<std::string_view, 13> kLongOptions = {
    "producer", "consumer", "bench-ping", "bench-pong", "transport", "interval", "count",
    "messages", "stream",   "size",       "spin",       "verbose",   "help"};

// "-producer" -> "--producer", "-interval=1s" -> "--interval=1s"; other arguments unchanged.
std::string long_option_spelling(const std::string& arg) {
  if (arg.size() < 3 || arg[0] != '-' || arg[1] == '-') return arg;
  std::string_view name = std::string_view(arg).substr(1);
  name = name.substr(0, name.find('='));
  bool known = std::find(kLongOptions.begin(), kLongOptions.end(), name) != kLongOptions.end();
  return known ? "-" + arg : arg;
}

ParseExit usage_error(const std::string& message) {
  return {2, "ipc: " + message + "\nRun 'ipc --help' for usage.\n"};
}

std::expected<std::chrono::nanoseconds, ParseExit> duration_option(const std::string& name,
                                                                   const std::string& text) {
  auto parsed = parse_duration(text);
  if (!parsed) return std::unexpected(usage_error("--" + name + ": " + parsed.error()));
  return *parsed;
}

struct RawOptions {
  bool producer = false, consumer = false, ping = false, pong = false;
  std::string transport = "mqueue", interval = "1s", spin = "50us";
  std::uint64_t count = 0;
  bool has_count = false;
};

void define(CLI::App& app, RawOptions& raw, Options& options) {
  app.add_flag("--producer", raw.producer, "create the queue and send a random byte per interval");
  app.add_flag("--consumer", raw.consumer, "open the queue and print each message");
  app.add_flag("--bench-pong", raw.pong, "benchmark server: create the channels, answer pings");
  app.add_flag("--bench-ping", raw.ping, "benchmark client: print one line of JSON");
  std::string names;
  for (auto name : transport_names()) names += (names.empty() ? "" : "|") + std::string(name);
  app.add_option("--transport", raw.transport, names)->capture_default_str();
  app.add_option("--interval", raw.interval, "producer: time between messages (1s, 100ms, 0)")
      ->capture_default_str();
  app.add_option("--count", raw.count, "producer: send N messages, then \"done\", and exit");
  // CLI11 2.1 cannot fill a std::optional; has_count is set after parsing.
  app.add_option("--messages", options.messages, "bench-ping: round trips to time")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  app.add_option("--stream", options.stream, "bench-ping: messages to stream one way")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  app.add_option("--size", options.size, "bench-ping: bytes per message")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{16}, kMaxMessage));
  app.add_option("--spin", raw.spin, "rings: how long a waiting side polls before sleeping")
      ->capture_default_str();
  app.add_flag("-v,--verbose", options.verbose, "consumer: say on stderr why opening failed");
}

std::expected<Options, ParseExit> resolve(const RawOptions& raw, Options options) {
  int roles = raw.producer + raw.consumer + raw.ping + raw.pong;
  if (roles != 1) {
    return std::unexpected(
        usage_error("give exactly one of -producer, -consumer, --bench-ping, --bench-pong"));
  }
  options.role = raw.producer   ? Role::kProducer
                 : raw.consumer ? Role::kConsumer
                 : raw.ping     ? Role::kBenchPing
                                : Role::kBenchPong;
  auto transport = parse_transport(raw.transport);
  if (!transport) return std::unexpected(usage_error("unknown transport: " + raw.transport));
  options.transport = *transport;
  bool bench = options.role == Role::kBenchPing || options.role == Role::kBenchPong;
  if (options.transport == TransportKind::kSpinFloor && !bench) {
    return std::unexpected(usage_error("spin-floor is only for --bench-ping and --bench-pong"));
  }
  auto interval = duration_option("interval", raw.interval);
  auto spin = duration_option("spin", raw.spin);
  if (!interval) return std::unexpected(interval.error());
  if (!spin) return std::unexpected(spin.error());
  options.interval = *interval;
  options.spin = *spin;
  if (raw.has_count) options.count = raw.count;
  return options;
}

}  // namespace

std::expected<Options, ParseExit> parse_options(const std::vector<std::string>& args) {
  CLI::App app{
      "ipc: the producer and consumer of Docker in Action's chapter 6, talking through one of\n"
      "several IPC transports; and a benchmark of those transports.",
      "ipc"};
  app.footer("Long options also take one dash, as in the book: ipc -producer, ipc -consumer.");
  RawOptions raw;
  Options options;
  define(app, raw, options);
  // CLI11 takes the arguments last first.
  std::vector<std::string> reversed;
  for (auto it = args.rbegin(); it != args.rend(); ++it)
    reversed.push_back(long_option_spelling(*it));
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    std::ostringstream out, err;
    int status = app.exit(e, out, err);
    if (status == 0) return std::unexpected(ParseExit{0, out.str()});
    return std::unexpected(ParseExit{2, "ipc: " + err.str()});
  }
  raw.has_count = app.count("--count") > 0;
  return resolve(raw, options);
}

}  // namespace ch6_ipc

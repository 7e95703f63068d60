// ipc: the producer/consumer of Docker in Action's chapter 6 and the benchmark of its
// transports. Parses the command line and runs the chosen role.
#include <fmt/core.h>

#include <cstdio>
#include <string>
#include <vector>

#include "options.hpp"
#include "roles.hpp"

int main(int argc, char** argv) {
  using namespace ch6_ipc;
  auto options = parse_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!options) {
    std::fputs(options.error().text.c_str(), options.error().status == 0 ? stdout : stderr);
    return options.error().status;
  }
  switch (options->role) {
    case Role::kProducer:
      return run_producer(*options);
    case Role::kConsumer:
      return run_consumer(*options);
    case Role::kBenchPong:
      return run_bench_pong(*options);
    case Role::kBenchPing:
      return run_bench_ping(*options);
  }
  return 2;
}

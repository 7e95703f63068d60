// The four things ipc can be; each returns the process's exit status.
#pragma once

#include <string_view>

#include "options.hpp"

namespace ch6_ipc {

// The producer's last message after --count messages; the consumer exits on it.
inline constexpr std::string_view kDoneMessage = "done";

// What the book's consumer prints when it cannot open the queue.
inline constexpr std::string_view kCannotOpen =
    "Either the producer has not been started or maybe I cannot access the same memory...";

int run_producer(const Options& options);
int run_consumer(const Options& options);
int run_bench_pong(const Options& options);
int run_bench_ping(const Options& options);

}  // namespace ch6_ipc

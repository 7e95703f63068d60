#include "base/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace berth {

void for_each_parallel(size_t count, size_t workers, const std::function<void(size_t)>& job) {
  if (count <= 1) {
    if (count == 1) job(0);
    return;
  }
  workers = std::clamp<size_t>(workers, 1, count);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < count;) job(i);
  };
  std::vector<std::jthread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(work);
  work();  // this thread is a worker too
}

}  // namespace berth

// Small POSIX helpers: an owned file descriptor, a scoped umask, a CPU pause for spin loops.
#pragma once

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <utility>

namespace ch6_ipc {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

// Objects are created with mode 0666 whatever the caller's umask, so a consumer running as
// another user (the book runs the producer as nobody) can open them. The process is single
// threaded, so changing the umask for the duration of one call is safe.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;
  ~ScopedUmask() { ::umask(old_); }

 private:
  mode_t old_;
};

// Tells the core this is a spin-wait loop (saves power, frees the sibling hyperthread).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

// Checks pred() every millisecond until it holds (true) or `limit` has passed (false).
template <typename Pred>
bool poll_until(Pred pred, std::chrono::nanoseconds limit) {
  auto end = std::chrono::steady_clock::now() + limit;
  constexpr timespec kPause{0, 1'000'000};
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= end) return false;
    nanosleep(&kPause, nullptr);
  }
  return true;
}

}  // namespace ch6_ipc

// The mqueue transport: a POSIX message queue (mq_open), as the book's image uses.
#include <fcntl.h>
#include <mqueue.h>
#include <time.h>

#include <chrono>
#include <string>

#include "channels.hpp"
#include "names.hpp"
#include "stop.hpp"
#include "sys.hpp"

namespace ch6_ipc {
namespace {

// The book's queue: 10 messages of up to 1 KiB (10 is also fs.mqueue.msg_max's default, the
// most an unprivileged process may ask for).
constexpr long kMaxMessages = 10;

// mq_timed* take an absolute CLOCK_REALTIME deadline.
timespec deadline_after(std::chrono::nanoseconds d) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  long long ns = now.tv_nsec + d.count();
  return {now.tv_sec + static_cast<time_t>(ns / 1'000'000'000),
          static_cast<long>(ns % 1'000'000'000)};
}

class MqueueChannel final : public Channel {
 public:
  MqueueChannel(mqd_t mq, std::string name, bool owner, bool stoppable)
      : mq_(mq), name_(std::move(name)), owner_(owner), stoppable_(stoppable) {}
  MqueueChannel(const MqueueChannel&) = delete;
  MqueueChannel& operator=(const MqueueChannel&) = delete;
  ~MqueueChannel() override {
    mq_close(mq_);
    if (owner_) mq_unlink(name_.c_str());
  }

  Result<void> send(std::string_view message) override {
    while (true) {
      timespec limit = deadline_after(kStopPoll);
      int rc = stoppable_ ? mq_timedsend(mq_, message.data(), message.size(), 0, &limit)
                          : mq_send(mq_, message.data(), message.size(), 0);
      if (rc == 0) return {};
      if (auto again = retry("mq_send"); !again) return std::unexpected(again.error());
    }
  }

  Result<std::size_t> receive(std::span<char> buffer) override {
    while (true) {
      timespec limit = deadline_after(kStopPoll);
      ssize_t n = stoppable_ ? mq_timedreceive(mq_, buffer.data(), buffer.size(), nullptr, &limit)
                             : mq_receive(mq_, buffer.data(), buffer.size(), nullptr);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (auto again = retry("mq_receive"); !again) return std::unexpected(again.error());
    }
  }

  Result<std::size_t> pending() override {
    mq_attr attr{};
    if (mq_getattr(mq_, &attr) != 0) return errno_error("mq_getattr " + name_);
    return static_cast<std::size_t>(attr.mq_curmsgs);
  }

 private:
  // After a failed call: go round again (timeout or signal, not asked to stop), or the error.
  Result<void> retry(const char* call) {
    if (errno != ETIMEDOUT && errno != EINTR) return errno_error(call + (" " + name_));
    if (stoppable_ && stop_requested()) return error(EINTR, call + (" " + name_));
    return {};
  }

  mqd_t mq_;
  std::string name_;
  bool owner_;
  bool stoppable_;
};

mqd_t create_queue(const std::string& name, int access) {
  mq_attr attr{};
  attr.mq_maxmsg = kMaxMessages;
  attr.mq_msgsize = kMaxMessage;
  ScopedUmask open_to_all(0);
  mqd_t mq = mq_open(name.c_str(), access | O_CREAT | O_EXCL, 0666, &attr);
  if (mq == static_cast<mqd_t>(-1) && errno == EEXIST) {
    // Left by a producer that was killed: start afresh rather than serve its old messages.
    mq_unlink(name.c_str());
    mq = mq_open(name.c_str(), access | O_CREAT | O_EXCL, 0666, &attr);
  }
  return mq;
}

}  // namespace

Result<std::unique_ptr<Channel>> make_mqueue_channel(const ChannelConfig& config, Mode mode) {
  std::string name = posix_name(config.kind, config.id);
  int access = config.direction == Direction::kSend ? O_WRONLY : O_RDONLY;
  mqd_t mq = mode == Mode::kCreate ? create_queue(name, access) : mq_open(name.c_str(), access);
  if (mq == static_cast<mqd_t>(-1)) return errno_error("mq_open " + name);
  return std::make_unique<MqueueChannel>(mq, name, mode == Mode::kCreate, config.stoppable);
}

}  // namespace ch6_ipc

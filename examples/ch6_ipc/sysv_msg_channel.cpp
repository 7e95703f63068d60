// The sysv-msg transport: a SysV message queue (msgget) at a fixed key.
#include <sys/msg.h>
#include <time.h>

#include <algorithm>
#include <cstring>

#include "channels.hpp"
#include "names.hpp"
#include "stop.hpp"
#include "sysv.hpp"

namespace ch6_ipc {
namespace {

// A full queue has no timed send: a stoppable sender polls it at this pace instead.
constexpr timespec kFullPoll{0, 10'000'000};

struct MessageBuffer {
  long mtype;
  char mtext[kMaxMessage];
};

class SysvMsgChannel final : public Channel {
 public:
  SysvMsgChannel(int id, key_t key, bool owner, bool stoppable)
      : id_(id), key_(key), owner_(owner), stoppable_(stoppable) {}
  SysvMsgChannel(const SysvMsgChannel&) = delete;
  SysvMsgChannel& operator=(const SysvMsgChannel&) = delete;
  ~SysvMsgChannel() override {
    if (owner_) msgctl(id_, IPC_RMID, nullptr);
  }

  Result<void> send(std::string_view message) override {
    if (message.size() > kMaxMessage) return error(EMSGSIZE, "msgsnd " + key_text(key_));
    buffer_.mtype = 1;
    std::memcpy(buffer_.mtext, message.data(), message.size());
    int flags = stoppable_ ? IPC_NOWAIT : 0;
    while (msgsnd(id_, &buffer_, message.size(), flags) != 0) {
      int err = errno;
      if (auto again = retry("msgsnd", err); !again) return std::unexpected(again.error());
      if (err == EAGAIN) nanosleep(&kFullPoll, nullptr);
    }
    return {};
  }

  // A stoppable receiver blocks in msgrcv without a time limit (there is no timed msgrcv): a
  // SIGTERM interrupts it, unless it lands just before the call. Only the benchmark's pong
  // server receives while stoppable.
  Result<std::size_t> receive(std::span<char> out) override {
    while (true) {
      // MSG_NOERROR: a longer message (from a foreign sender) is cut, not left blocking the queue.
      ssize_t n = msgrcv(id_, &buffer_, kMaxMessage, 0, MSG_NOERROR);
      if (n >= 0) {
        std::size_t size = std::min(static_cast<std::size_t>(n), out.size());
        std::memcpy(out.data(), buffer_.mtext, size);
        return size;
      }
      if (auto again = retry("msgrcv", errno); !again) return std::unexpected(again.error());
    }
  }

  Result<std::size_t> pending() override {
    msqid_ds ds{};
    if (msgctl(id_, IPC_STAT, &ds) != 0) return errno_error("msgctl " + key_text(key_));
    return static_cast<std::size_t>(ds.msg_qnum);
  }

 private:
  // After a failed call: go round again (full queue or signal, not asked to stop), or the error.
  Result<void> retry(const char* call, int err) {
    std::string op = call + (" " + key_text(key_));
    if (err != EAGAIN && err != EINTR) return error(err, op);  // EIDRM: the owner removed it
    if (stoppable_ && stop_requested()) return error(EINTR, op);
    return {};
  }

  int id_;
  key_t key_;
  bool owner_;
  bool stoppable_;
  MessageBuffer buffer_{};
};

}  // namespace

Result<std::unique_ptr<Channel>> make_sysv_msg_channel(const ChannelConfig& config, Mode mode) {
  key_t key = sysv_key(config.id);
  int id = mode == Mode::kCreate
               ? create_sysv_object([key](int flags) { return msgget(key, flags); },
                                    [](int stale) { msgctl(stale, IPC_RMID, nullptr); })
               : msgget(key, 0);
  if (id < 0) return errno_error("msgget " + key_text(key));
  return std::make_unique<SysvMsgChannel>(id, key, mode == Mode::kCreate, config.stoppable);
}

}  // namespace ch6_ipc

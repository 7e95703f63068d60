// The parent <-> container-init sync protocol over a SOCK_SEQPACKET socketpair.
//
//   runtime (parent)                         container init (child)
//   ----------------                         ----------------------
//   v2: state directory, cgroup directory
//   clone (new pid and user namespaces;
//     v2: into the cgroup) -------------------> with a new user ns: waits for kGo
//   with a new user ns: write uid/gid maps,
//   kGo ------------------------------------->  become root in user ns; unshare the other new
//   v1: state directory (exec.fifo, record),    namespaces, join namespaces, hostname, prepare
//     cgroup directories, open the tasks files  rootfs, the mounts that need no cgroup
//   apply resources
//   kCgroupReady + exec.fifo + tasks fds ---->  enter the cgroup (v1), cgroup namespace,
//                                               the other mounts, devices
//                                      <------  kRunCreateRuntimeHooks  } only with prestart or
//   run prestart + createRuntime hooks                                  } createRuntime hooks
//   kHooksDone ------------------------------>  createContainer hooks, pivot_root, masked and
//                                               readonly paths, sysctl, console, cwd
//                                      <------  kReady   (or kError at any point: message)
//   write state.json, exit (create)             blocks opening exec.fifo for write
//   start: read exec.fifo ------------------->  startContainer hooks, rlimits, user, caps,
//                                               seccomp, close fds, execve
//
// Each message is one datagram: a MessageType byte, then the errno (4 bytes) and text for kError,
// or the text and fds of kCgroupReady (the tasks files' paths, one a line; the read end of
// exec.fifo, then the tasks files' fds).
// If the child dies, the parent reads EOF and reports that the init died during setup.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/unique_fd.hpp"

namespace berth::runtime {

enum class MessageType : unsigned char {
  kGo = 1,
  kRunCreateRuntimeHooks = 2,
  kHooksDone = 3,
  kReady = 4,
  kError = 5,
  kCgroupReady = 6,
};

struct Message {
  MessageType type;
  int err = 0;
  std::string text;
  std::vector<UniqueFd> fds;
};

class SyncChannel {
 public:
  SyncChannel() = default;
  explicit SyncChannel(UniqueFd fd) : fd_(std::move(fd)) {}

  // A connected pair: first for the parent, second for the child. Both CLOEXEC.
  static std::pair<SyncChannel, SyncChannel> make_pair();

  // A peer that has exited is not an error here: the next expect() reports why it did.
  void send(MessageType type) const;
  void send(MessageType type, std::string_view text, std::span<const int> fds) const;
  void send_error(const Error& error) const;
  // Next message; nullopt on EOF (the peer exited).
  std::optional<Message> receive() const;
  // Receives and checks the type; a kError is rethrown as an Error, EOF as "init died".
  Message expect(MessageType type) const;

  int fd() const { return fd_.get(); }
  void close() { fd_.reset(); }

 private:
  UniqueFd fd_;
};

}  // namespace berth::runtime

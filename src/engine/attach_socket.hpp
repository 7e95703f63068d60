// berth attach: the monitor serves the container's live output, and takes its input, on a unix
// socket per container (<runroot>/attach/<id prefix>.sock: sun_path holds only 108 bytes), and
// on a socket handed to it at launch by `berth start -a` (so no output is missed).
// Every message is a frame (attach_frames.hpp): kind, length, payload.
//
//   client (berth attach / start -a)      monitor
//    | connect                        ->   | accept; from now on every chunk the container
//    | <- '1' stdout / '2' stderr bytes    |   writes goes to the log and to each client
//    | '0' bytes (its stdin)          ->   | written to the container's stdin (run -i)
//    | 'e' (its stdin ended)          ->   | the container's stdin is closed
//    | 'w' rows, columns              ->   | the container's terminal is resized (-t)
//    | 's' signal number              ->   | the signal is sent to the container's init
//    | close (detach keys typed)      ->   | the client is dropped; the container runs on
//    | <- 'x' exit code, then close        | the container has exited (and, with --rm, is gone)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.hpp"
#include "engine/attach_frames.hpp"

namespace berth::engine {

class AttachServer {
 public:
  AttachServer() = default;
  ~AttachServer();
  AttachServer(const AttachServer&) = delete;
  AttachServer& operator=(const AttachServer&) = delete;

  // Listens on `path` (replacing a stale socket); the file is removed with the object. Throws.
  void listen(std::string path);
  int listen_fd() const { return listen_.get(); }  // -1 when not listening
  void accept_client();
  void add_client(UniqueFd fd);
  // Sends one frame to every client; a client that cannot take it is dropped.
  void broadcast(char kind, std::string_view payload);
  std::vector<int> client_fds() const;
  // The whole frames client `fd` has sent. A client that closed its end (it detached or died)
  // or sent a malformed frame is dropped.
  std::vector<frame::Frame> receive(int fd);

 private:
  struct Client {
    UniqueFd fd;
    frame::Reader reader;
  };
  void drop(int fd);

  std::string path_;
  UniqueFd listen_;
  std::vector<Client> clients_;
};

}  // namespace berth::engine

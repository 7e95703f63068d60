// berth attach: the monitor serves the container's live output, and takes its input, on a unix
// socket per container (<runroot>/attach/<id prefix>.sock: sun_path holds only 108 bytes).
//
//   client (berth attach)                 monitor
//    | connect                        ->   | accept; from now on every chunk the container
//    | <- frame: 1 byte stream ('1' stdout,|  writes goes to the log and to each client
//    |    '2' stderr), 4 bytes length (LE),|
//    |    the bytes                        |
//    | raw bytes (its stdin)          ->   | written to the container's stdin (run -i)
//    | EOF of the socket              <-   | the container has exited
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.hpp"

namespace berth::engine {

class AttachServer {
 public:
  // Listens on `path` (replacing a stale socket). The file is removed with the object.
  explicit AttachServer(std::string path);
  ~AttachServer();
  AttachServer(const AttachServer&) = delete;
  AttachServer& operator=(const AttachServer&) = delete;

  int listen_fd() const { return listen_.get(); }
  void accept_client();
  // Sends one frame to every client; a client that cannot take it is dropped.
  void broadcast(char stream, std::string_view data);
  // Clients whose input is still open (to poll for the container's stdin).
  std::vector<int> client_fds() const;
  // The client's input ended: it keeps receiving output.
  void input_done(int fd);
  void drop(int fd);

 private:
  std::string path_;
  UniqueFd listen_;
  std::vector<UniqueFd> clients_;
  std::vector<int> input_done_;
};

// The client side: copies frames to our stdout/stderr and, with `forward_stdin`, our stdin to
// the container until the monitor closes the socket. Throws when it cannot connect.
void attach_to(const std::string& path, bool forward_stdin);

}  // namespace berth::engine

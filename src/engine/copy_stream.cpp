// The writer thread and the unpacker of a copy, joined by a pipe.
#include "engine/copy_stream.hpp"

#include <exception>
#include <optional>
#include <thread>

#include "base/error.hpp"
#include "base/sigpipe_guard.hpp"
#include "base/file_io.hpp"
#include "engine/copy_archive.hpp"

namespace berth::engine {

uint64_t stream_copy(int object_fd, const std::string& top_name, const std::string& shown,
                     int dest_fd, std::string_view what, const image::UnpackOptions& options) {
  auto [read_end, write_end] = make_pipe();
  uint64_t bytes = 0;
  std::optional<Error> write_error;
  std::exception_ptr write_exception;
  std::thread writer([&, out = std::move(write_end)]() mutable {
    // An unpacker that gives up closes its end: the write then fails with EPIPE instead of
    // killing the process with SIGPIPE.
    SigpipeGuard no_sigpipe;
    try {
      bytes = write_copy_archive(object_fd, top_name, out.get(), shown);
    } catch (const Error& e) {
      write_error = e;
    } catch (...) {
      write_exception = std::current_exception();
    }
    out.reset();  // the end of the archive, for the unpacker
  });
  try {
    image::unpack_layer_at(read_end.get(), dest_fd, what, options);
  } catch (...) {
    read_end.reset();
    writer.join();
    if (write_exception) std::rethrow_exception(write_exception);
    if (write_error && write_error->err() != EPIPE) throw *write_error;
    throw;
  }
  writer.join();
  if (write_exception) std::rethrow_exception(write_exception);
  if (write_error) throw *write_error;
  return bytes;
}

}  // namespace berth::engine

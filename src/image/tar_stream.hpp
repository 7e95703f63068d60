// The uncompressed bytes of a possibly compressed tar on an fd, hashed (and optionally copied to
// a file) as a tar reader consumes them.
//
//   fd --read--> [raw reader: gzip|bzip2|xz|zstd|none] --uncompressed--> sha256, tee file
//                                                     \--> [tar reader] --> entries
//
// Two libarchive readers because one hides the uncompressed bytes, and the layer's diff id is
// their digest (including the padding after the end-of-archive blocks).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.hpp"
#include "image/archive_util.hpp"
#include "image/sha256.hpp"

namespace berth::image {

class TarStream {
 public:
  // `what` names the archive in errors; `tee_path` (if not empty) is created to receive a copy.
  TarStream(int fd, std::string_view what, const std::string& tee_path = {});
  TarStream(const TarStream&) = delete;
  TarStream& operator=(const TarStream&) = delete;

  // A tar-format reader over the uncompressed stream; throws Error when it is not a tar.
  ArchiveReader open_tar();
  // Reads and hashes whatever the tar reader left; returns the diff id "sha256:<hex>".
  std::string finish();
  // Why a read failed, when it was below the tar reader (I/O or decompression); else empty.
  const std::string& failure() const { return failure_; }
  const std::string& what() const { return what_; }

 private:
  static la_ssize_t read_fd(archive* a, void* self, const void** buffer);
  static la_ssize_t read_uncompressed(archive* a, void* self, const void** buffer);
  la_ssize_t next_chunk(const void** buffer);

  int fd_;
  std::string what_;
  ArchiveReader raw_;
  bool raw_eof_ = false;
  Sha256 hash_;
  UniqueFd tee_;
  std::vector<char> in_buf_;
  std::vector<char> out_buf_;
  std::string failure_;
};

}  // namespace berth::image

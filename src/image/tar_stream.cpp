// Decompress, hash and tee a tar stream under a tar reader (see tar_stream.hpp's diagram).
#include "image/tar_stream.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <cstring>

#include "base/error.hpp"
#include "base/file_io.hpp"

namespace berth::image {
namespace {

constexpr size_t kChunk = 1 << 17;

[[noreturn]] void malformed(std::string_view what, std::string_view why) {
  throw Error(fmt::format("{}: malformed archive: {}", what, why), ExitCode::kEngine);
}

}  // namespace

TarStream::TarStream(int fd, std::string_view what, const std::string& tee_path)
    : fd_(fd), what_(what), raw_(archive_read_new()), in_buf_(kChunk), out_buf_(kChunk) {
  if (!raw_) throw Error("archive_read_new: out of memory", ExitCode::kEngine);
  if (!tee_path.empty()) {
    tee_.reset(::open(tee_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!tee_) throw Error::last_errno("create", tee_path).with_exit_code(ExitCode::kEngine);
  }
  // Only filters recognised by magic numbers: lzma's and uu's guesses could claim a plain tar.
  archive_read_support_filter_gzip(raw_.get());
  archive_read_support_filter_bzip2(raw_.get());
  archive_read_support_filter_xz(raw_.get());
  archive_read_support_filter_zstd(raw_.get());
  archive_read_support_format_raw(raw_.get());
  if (archive_read_open(raw_.get(), this, nullptr, &TarStream::read_fd, nullptr) != ARCHIVE_OK)
    malformed(what_, failure_.empty() ? archive_error(raw_.get()) : failure_);
  archive_entry* entry = nullptr;
  int r = archive_read_next_header(raw_.get(), &entry);
  if (r == ARCHIVE_EOF) {
    raw_eof_ = true;  // an empty stream; the tar reader reports it
  } else if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
    malformed(what_, failure_.empty() ? archive_error(raw_.get()) : failure_);
  }
}

la_ssize_t TarStream::read_fd(archive* a, void* self, const void** buffer) {
  auto* s = static_cast<TarStream*>(self);
  for (;;) {
    ssize_t n = ::read(s->fd_, s->in_buf_.data(), s->in_buf_.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      s->failure_ = fmt::format("read: {}", std::strerror(errno));
      archive_set_error(a, errno, "%s", s->failure_.c_str());
      return -1;
    }
    *buffer = s->in_buf_.data();
    return n;
  }
}

la_ssize_t TarStream::read_uncompressed(archive* a, void* self, const void** buffer) {
  auto* s = static_cast<TarStream*>(self);
  la_ssize_t n = s->next_chunk(buffer);
  if (n < 0) archive_set_error(a, EIO, "%s", s->failure_.c_str());
  return n;
}

la_ssize_t TarStream::next_chunk(const void** buffer) {
  if (raw_eof_) return 0;
  la_ssize_t n = archive_read_data(raw_.get(), out_buf_.data(), out_buf_.size());
  if (n < 0) {
    if (failure_.empty()) failure_ = archive_error(raw_.get());
    return -1;
  }
  if (n == 0) raw_eof_ = true;
  try {
    hash_.update(out_buf_.data(), static_cast<size_t>(n));
    if (tee_) write_all(tee_.get(), std::string_view(out_buf_.data(), static_cast<size_t>(n)));
  } catch (const Error& e) {
    failure_ = e.what();
    return -1;
  }
  *buffer = out_buf_.data();
  return n;
}

ArchiveReader TarStream::open_tar() {
  ArchiveReader tar(archive_read_new());
  if (!tar) throw Error("archive_read_new: out of memory", ExitCode::kEngine);
  archive_read_support_format_tar(tar.get());
  if (archive_read_open(tar.get(), this, nullptr, &TarStream::read_uncompressed, nullptr) !=
      ARCHIVE_OK)
    malformed(what_, failure_.empty() ? archive_error(tar.get()) : failure_);
  return tar;
}

std::string TarStream::finish() {
  const void* chunk = nullptr;
  for (;;) {
    la_ssize_t n = next_chunk(&chunk);
    if (n < 0) malformed(what_, failure_);
    if (n == 0) break;
  }
  return "sha256:" + hash_.hex_digest();
}

}  // namespace berth::image

// libarchive glue: owning handles and the UTF-8 locale libarchive needs for pax names.
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <memory>

namespace berth::image {

struct ArchiveReadFree {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct ArchiveWriteFree {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct ArchiveEntryFree {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadFree>;
using ArchiveWriter = std::unique_ptr<archive, ArchiveWriteFree>;
using ArchiveEntry = std::unique_ptr<archive_entry, ArchiveEntryFree>;

// Switches this thread to C.UTF-8 for its lifetime. Layer tars carry non-ASCII names as UTF-8
// pax records; in the "C" locale libarchive cannot convert them and warns on every such entry.
class Utf8Locale {
 public:
  Utf8Locale();
  ~Utf8Locale();
  Utf8Locale(const Utf8Locale&) = delete;
  Utf8Locale& operator=(const Utf8Locale&) = delete;

 private:
  locale_t utf8_ = nullptr;
  locale_t previous_ = nullptr;
};

// libarchive's last error text for `a`, or "unknown error".
const char* archive_error(archive* a);

}  // namespace berth::image

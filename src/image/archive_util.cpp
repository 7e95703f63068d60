// libarchive glue: the per-thread UTF-8 locale and error text.
#include "image/archive_util.hpp"

namespace berth::image {

Utf8Locale::Utf8Locale() {
  utf8_ = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (utf8_) previous_ = ::uselocale(utf8_);
}

Utf8Locale::~Utf8Locale() {
  if (!utf8_) return;
  ::uselocale(previous_);
  ::freelocale(utf8_);
}

const char* archive_error(archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown error";
}

}  // namespace berth::image

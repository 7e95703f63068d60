// Rendering of berth::Error as one line: "outer: inner: op subject: ENOENT (No such file...)".
#include "base/error.hpp"

#include <cctype>
#include <cstring>

#include <fmt/core.h>

namespace berth {

Error::Error(std::string message, ExitCode code) : exit_code_(code), message_(std::move(message)) {
  render();
}

Error Error::from_errno(int err, std::string op, std::string subject) {
  std::string msg = subject.empty() ? op : fmt::format("{} {}", op, subject);
  msg += fmt::format(": {} ({})", errno_name(err), std::strerror(err));
  Error e(std::move(msg));
  e.errno_ = err;
  e.render();
  return e;
}

Error Error::last_errno(std::string op, std::string subject) {
  int err = errno;
  return from_errno(err, std::move(op), std::move(subject));
}

Error& Error::context(std::string outer) & {
  contexts_.insert(contexts_.begin(), std::move(outer));
  render();
  return *this;
}

Error&& Error::context(std::string outer) && { return std::move(context(std::move(outer))); }

Error& Error::with_exit_code(ExitCode code) & {
  exit_code_ = code;
  return *this;
}

Error&& Error::with_exit_code(ExitCode code) && { return std::move(with_exit_code(code)); }

void Error::render() {
  rendered_.clear();
  for (const auto& c : contexts_) {
    rendered_ += c;
    rendered_ += ": ";
  }
  rendered_ += message_;
}

std::string errno_name(int err) {
  // strerrorname_np is glibc 2.32+, which Debian 12 has.
  const char* name = strerrorname_np(err);
  return name ? name : fmt::format("errno {}", err);
}

std::string go_errno_text(int err) {
  std::string text = std::strerror(err);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

Error go_open_error(int err, const std::string& path) {
  return Error(fmt::format("open {}: {}", path, go_errno_text(err)), ExitCode::kEngine);
}

}  // namespace berth

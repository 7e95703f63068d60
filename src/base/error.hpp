// berth::Error: an error as data (errno, operation, subject) with context added on the way up.
#pragma once

#include <cerrno>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace berth {

// Exit codes Docker and runc users script against.
enum class ExitCode : int {
  kGeneric = 1,
  kEngine = 125,
  kCannotInvoke = 126,
  kNotFound = 127,
};

class Error : public std::exception {
 public:
  // A failure that is not a syscall's: `message` says what was wrong.
  explicit Error(std::string message, ExitCode code = ExitCode::kGeneric);
  // A failed syscall: `op` is what we tried, `subject` the path or id it concerned.
  static Error from_errno(int err, std::string op, std::string subject = {});
  // Captures errno at the call site.
  static Error last_errno(std::string op, std::string subject = {});

  // Adds an outer layer of context: "create abc: " + inner.
  Error& context(std::string outer) &;
  Error&& context(std::string outer) &&;
  Error& with_exit_code(ExitCode code) &;
  Error&& with_exit_code(ExitCode code) &&;

  int err() const { return errno_; }
  ExitCode exit_code() const { return exit_code_; }
  const std::string& message() const { return message_; }
  const char* what() const noexcept override { return rendered_.c_str(); }

 private:
  void render();

  int errno_ = 0;
  ExitCode exit_code_ = ExitCode::kGeneric;
  std::string message_;                // innermost description
  std::vector<std::string> contexts_;  // outermost first
  std::string rendered_;
};

// Throws Error::last_errno(op, subject) when `result` is -1. Returns `result` otherwise.
template <typename T>
T check(T result, std::string_view op, std::string_view subject = {}) {
  if (result == static_cast<T>(-1)) throw Error::last_errno(std::string(op), std::string(subject));
  return result;
}

// Name of an errno value as the kernel headers spell it ("ENOENT"), or its number.
std::string errno_name(int err);

// An errno as Go prints it ("no such file or directory"), for messages docker's tools word so.
std::string go_errno_text(int err);
// Go's os.Open error: "open PATH: no such file or directory" (exit 125, as the engine's errors).
Error go_open_error(int err, const std::string& path);

}  // namespace berth

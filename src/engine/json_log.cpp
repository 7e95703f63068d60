// Writing and reading docker's json-file logs, with rotation.
#include "engine/json_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <deque>
#include <fstream>
#include <thread>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"

namespace berth::engine {
namespace {

constexpr size_t kMaxPartialLine = 16 * 1024;

UniqueFd open_append(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640));
  if (!fd) throw Error::last_errno("open log", path);
  return fd;
}

std::string rotated_name(const std::string& path, int n) { return n == 0 ? path : fmt::format("{}.{}", path, n); }

}  // namespace

LogRotation parse_log_rotation(const std::string& max_size, const std::string& max_file) {
  LogRotation r;
  if (!max_size.empty()) {
    auto bytes = parse_ram_size(max_size);
    if (!bytes || *bytes == 0) throw Error(fmt::format("invalid --log-opt max-size={}", max_size), ExitCode::kEngine);
    r.max_size = static_cast<uint64_t>(*bytes);
  }
  if (!max_file.empty()) {
    auto v = parse_uint(max_file);
    if (!v || *v == 0) throw Error(fmt::format("invalid --log-opt max-file={}", max_file), ExitCode::kEngine);
    if (max_size.empty()) throw Error("--log-opt max-file needs max-size", ExitCode::kEngine);
    r.max_file = static_cast<int>(*v);
  }
  return r;
}

JsonLogWriter::JsonLogWriter(std::string path, LogRotation rotation)
    : path_(std::move(path)), rotation_(rotation), fd_(open_append(path_)) {
  struct stat st;
  if (::fstat(fd_.get(), &st) == 0) size_ = static_cast<uint64_t>(st.st_size);
}

void JsonLogWriter::write(std::string_view stream, std::string_view data) {
  std::string& pending = stream == "stderr" ? pending_stderr_ : pending_stdout_;
  pending.append(data);
  size_t start = 0;
  for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
    append(stream, std::string_view(pending).substr(start, nl - start + 1));
  pending.erase(0, start);
  if (pending.size() >= kMaxPartialLine) {
    append(stream, pending);
    pending.clear();
  }
}

void JsonLogWriter::flush() {
  if (!pending_stdout_.empty()) append("stdout", pending_stdout_);
  if (!pending_stderr_.empty()) append("stderr", pending_stderr_);
  pending_stdout_.clear();
  pending_stderr_.clear();
}

void JsonLogWriter::append(std::string_view stream, std::string_view line) {
  nlohmann::json entry = {{"log", std::string(line)}, {"stream", std::string(stream)}, {"time", now_rfc3339()}};
  std::string text = entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (rotation_.max_size > 0 && size_ > 0 && size_ + text.size() > rotation_.max_size) rotate();
  write_all(fd_.get(), text);
  size_ += text.size();
}

void JsonLogWriter::rotate() {
  if (rotation_.max_file <= 1) {
    if (::ftruncate(fd_.get(), 0) != 0) throw Error::last_errno("truncate log", path_);
    size_ = 0;
    return;
  }
  ::unlink(rotated_name(path_, rotation_.max_file - 1).c_str());
  for (int n = rotation_.max_file - 2; n >= 0; --n)
    ::rename(rotated_name(path_, n).c_str(), rotated_name(path_, n + 1).c_str());
  fd_ = open_append(path_);
  size_ = 0;
}

namespace {

bool parse_entry(const std::string& line, LogEntry& out) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  out.log = j.value("log", "");
  out.stream = j.value("stream", "stdout");
  out.time = j.value("time", "");
  return true;
}

bool in_window(const LogEntry& e, const LogReadOptions& o) {
  // RFC 3339 UTC timestamps with the same layout compare as strings.
  if (!o.since.empty() && e.time < o.since) return false;
  if (!o.until.empty() && e.time > o.until) return false;
  return true;
}

ino_t inode_of(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

}  // namespace

void read_json_log(const std::string& path, const LogReadOptions& o,
                   const std::function<void(const LogEntry&)>& sink) {
  std::deque<LogEntry> tail;
  auto emit = [&](const LogEntry& e) {
    if (!in_window(e, o)) return;
    if (o.tail < 0) return sink(e);
    tail.push_back(e);
    if (static_cast<long long>(tail.size()) > o.tail) tail.pop_front();
  };
  for (int n = 64; n >= 1; --n) {
    std::ifstream rotated(rotated_name(path, n));
    for (std::string line; rotated && std::getline(rotated, line);) {
      LogEntry e;
      if (parse_entry(line, e)) emit(e);
    }
  }
  std::ifstream current(path);
  std::string line;
  while (current && std::getline(current, line)) {
    LogEntry e;
    if (parse_entry(line, e)) emit(e);
  }
  for (const auto& e : tail) sink(e);
  if (!o.follow) return;
  // Follow: poll for growth; a new inode at `path` means the writer rotated.
  current.clear();
  ino_t inode = inode_of(path);
  std::string partial;
  auto drain = [&] {
    while (std::getline(current, line)) {
      if (current.eof()) {  // no newline yet: the writer is mid-line
        partial += line;
        break;
      }
      LogEntry e;
      if (parse_entry(partial + line, e) && in_window(e, o)) sink(e);
      partial.clear();
    }
    current.clear();
  };
  for (bool last_pass = false;;) {
    drain();
    if (inode_of(path) != inode) {
      drain();  // what the writer added to the old file just before it rotated
      current = std::ifstream(path);
      inode = inode_of(path);
      partial.clear();
      continue;
    }
    if (last_pass) return;
    if (o.still_running && !o.still_running()) {
      last_pass = true;  // one more pass reads what the container wrote last
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

}  // namespace berth::engine

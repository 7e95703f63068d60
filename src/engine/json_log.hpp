// Docker's json-file log driver: one JSON object per line,
//   {"log":"Produced: 3f\n","stream":"stdout","time":"2026-11-27T03:41:07.123456789Z"}
// rotated to <log>.1, <log>.2 … when it passes max-size, keeping max-file files in all.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/unique_fd.hpp"

namespace berth::engine {

struct LogRotation {
  uint64_t max_size = 0;  // bytes; 0: never rotate
  int max_file = 1;
};

// Parses --log-opt values: max-size (docker's units: 10k, 5m, 1g) and max-file.
LogRotation parse_log_rotation(const std::string& max_size, const std::string& max_file);

class JsonLogWriter {
 public:
  JsonLogWriter(std::string path, LogRotation rotation);
  // Appends one entry per line of `data` (a partial last line waits for the rest, as docker
  // does, up to 16 KiB).
  void write(std::string_view stream, std::string_view data);
  // Writes whatever partial lines are pending.
  void flush();

 private:
  void append(std::string_view stream, std::string_view line);
  void rotate();

  std::string path_;
  LogRotation rotation_;
  UniqueFd fd_;
  uint64_t size_ = 0;
  std::string pending_stdout_;
  std::string pending_stderr_;
};

struct LogEntry {
  std::string log;
  std::string stream;
  std::string time;
};

struct LogReadOptions {
  long long tail = -1;  // -1: all
  std::string since;    // RFC 3339 or empty
  std::string until;
  bool follow = false;
  // While following: returns false when the writer is gone for good (container stopped).
  std::function<bool()> still_running;
};

// Reads the log (rotated files oldest first) and calls `sink` per entry; with follow, keeps
// reading new entries, across rotations, until still_running() says the container stopped.
void read_json_log(const std::string& path, const LogReadOptions& options,
                   const std::function<void(const LogEntry&)>& sink);

}  // namespace berth::engine

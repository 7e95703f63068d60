// Runtime logging: runc's --log FILE and --log-format text|json, and --debug.
#pragma once

#include <string_view>

namespace berth::log {

enum class Level { kDebug, kInfo, kWarn, kError };
enum class Format { kText, kJson };

// Sends log lines to `path` (appended) or to stderr when empty. Safe to call once, early.
void configure(std::string_view path, Format format, bool debug);
void write(Level level, std::string_view message);

inline void debug(std::string_view m) { write(Level::kDebug, m); }
inline void info(std::string_view m) { write(Level::kInfo, m); }
inline void warn(std::string_view m) { write(Level::kWarn, m); }
inline void error(std::string_view m) { write(Level::kError, m); }

}  // namespace berth::log

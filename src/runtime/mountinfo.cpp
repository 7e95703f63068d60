// /proc/self/mountinfo. Fields: id parent major:minor root mount_point opts [tags...] - type source super.
#include "runtime/mountinfo.hpp"

#include "base/file_io.hpp"
#include "base/strings.hpp"

namespace berth::runtime {
namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
bool is_octal_escape(std::string_view s, size_t i) {
  if (s[i] != '\\' || i + 3 >= s.size()) return false;
  for (size_t k = i + 1; k <= i + 3; ++k) {
    if (s[k] < '0' || s[k] > '7') return false;
  }
  return true;
}

std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_octal_escape(s, i)) {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::vector<MountInfo> parse_mountinfo(std::string_view text) {
  std::vector<MountInfo> out;
  for (const auto& line : split(text, '\n')) {
    auto f = split(line, ' ');
    size_t sep = 6;
    while (sep < f.size() && f[sep] != "-") ++sep;
    if (sep + 3 >= f.size()) continue;
    out.push_back(MountInfo{unescape(f[3]), unescape(f[4]), f[sep + 1], unescape(f[sep + 2]), f[sep + 3]});
  }
  return out;
}

std::vector<MountInfo> read_mountinfo(const std::string& path) { return parse_mountinfo(read_file(path)); }

std::string mount_point_containing(const std::string& path) {
  std::string best;
  for (const auto& m : read_mountinfo()) {
    const auto& mp = m.mount_point;
    bool contains = mp == "/" || path == mp || (path.starts_with(mp) && path[mp.size()] == '/');
    if (contains && mp.size() >= best.size()) best = mp;
  }
  return best;
}

}  // namespace berth::runtime

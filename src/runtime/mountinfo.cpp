// /proc/self/mountinfo, parsed. Fields: id parent major:minor root mount_point opts [tags] - type source super.
#include "runtime/mountinfo.hpp"

#include "base/file_io.hpp"
#include "base/strings.hpp"

namespace berth::runtime {
namespace {

// Mountinfo escapes space, tab, newline and backslash as \ooo octal.
std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() + 0 && i + 3 <= s.size()) {
      int v = (s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0');
      out += static_cast<char>(v);
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::vector<MountInfo> read_mountinfo(const std::string& path) {
  std::vector<MountInfo> out;
  for (const auto& line : split(read_file(path), '\n')) {
    if (line.empty()) continue;
    auto f = split(line, ' ');
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") ++dash;
    if (f.size() < 5 || dash + 3 >= f.size() + 1) continue;
    MountInfo m;
    m.root = unescape(f[3]);
    m.mount_point = unescape(f[4]);
    if (dash + 1 < f.size()) m.fs_type = f[dash + 1];
    if (dash + 2 < f.size()) m.source = unescape(f[dash + 2]);
    if (dash + 3 < f.size()) m.super_options = f[dash + 3];
    out.push_back(std::move(m));
  }
  return out;
}

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

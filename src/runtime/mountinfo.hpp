// /proc/self/mountinfo, parsed: which mount holds a path, and where filesystems are mounted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace berth::runtime {

struct MountInfo {
  std::string root;         // field 4: the path inside the filesystem that is mounted
  std::string mount_point;  // field 5
  std::string fs_type;
  std::string source;
  std::string super_options;
};

// Parses mountinfo text; lines that do not have the kernel's shape are skipped.
std::vector<MountInfo> parse_mountinfo(std::string_view text);
std::vector<MountInfo> read_mountinfo(const std::string& path = "/proc/self/mountinfo");

// The mount point that contains `path` (the longest matching prefix); empty when none.
std::string mount_point_containing(const std::string& path);

}  // namespace berth::runtime

// Turning config.json's cgroupsPath into the path of a cgroup below a hierarchy's root.
#pragma once

#include <string>
#include <string_view>

namespace berth::cgroups {

// The cgroup path for `cgroups_path` (absolute or relative, both below the hierarchy root) or,
// when it is empty, "/berth/<id>". Always starts with '/', never ends with one.
// Throws Error for ".." components and for a path naming the hierarchy root itself.
std::string resolve_path(std::string_view cgroups_path, std::string_view id);

// `path` cleaned: empty and "." components dropped, '/' prepended. Same checks as resolve_path.
std::string normalize_path(std::string_view path);

}  // namespace berth::cgroups

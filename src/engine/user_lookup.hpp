// -u/--user: a name or uid, optionally :group or :gid, resolved in the image's /etc/passwd and
// /etc/group (read through the rootfs with symlink-safe resolution, as docker and runc do).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace berth::engine {

struct ResolvedUser {
  unsigned uid = 0;
  unsigned gid = 0;
  std::vector<unsigned> additional_gids;  // groups listing the user by name in /etc/group
  std::string home = "/";
};

// Resolves `spec` ("", "name", "uid", "name:group", "uid:gid", …) inside `rootfs`. A numeric
// uid needs no passwd entry. Throws docker's "unable to find user X: no matching entries in
// passwd file" (exit 125) and the same for groups.
ResolvedUser resolve_user(const std::string& rootfs, std::string_view spec);

}  // namespace berth::engine

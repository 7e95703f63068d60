// Users and groups of an image, from the text of its /etc/passwd and /etc/group: USER for RUN
// (docker's GetExecUser rules) and COPY --chown (docker's parseChownFlag rules).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::image {

struct ExecUser {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> additional_gids;  // groups that list the user as a member
  std::string home = "/";
};

// "name|uid[:group|gid]"; an empty spec is root. A name must exist in passwd (a numeric uid
// need not, and then gets gid 0); without a group, the passwd entry's gid and the user's
// supplementary groups. Throws Error (exit 125): "unable to find user x: no matching entries
// in passwd file". `passwd`/`group` are nullopt when the image lacks the file.
ExecUser resolve_exec_user(std::string_view spec, const std::optional<std::string>& passwd,
                           const std::optional<std::string>& group);

struct Owner {
  uid_t uid = 0;
  gid_t gid = 0;
  bool operator==(const Owner&) const = default;
};

// COPY/ADD --chown=user[:group]: numbers as they are, names looked up; "user" alone means
// group "user" too. Throws Error (exit 125) "can't find uid for user x: no such user: x".
Owner resolve_chown(std::string_view spec, const std::optional<std::string>& passwd,
                    const std::optional<std::string>& group);

}  // namespace berth::image

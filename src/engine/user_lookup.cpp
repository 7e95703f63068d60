// Reading /etc/passwd and /etc/group from inside a container's rootfs.
#include "engine/user_lookup.hpp"

#include <fcntl.h>

#include <optional>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/safe_path.hpp"
#include "base/strings.hpp"

namespace berth::engine {
namespace {

// The file's lines split on ':', or nothing when the image has no such file.
std::vector<std::vector<std::string>> read_colon_file(int root_fd, const char* path) {
  std::vector<std::vector<std::string>> rows;
  std::string text;
  try {
    UniqueFd fd = open_in_root(root_fd, path, O_RDONLY);
    text = read_fd(fd.get());
  } catch (const Error& e) {
    if (e.err() == ENOENT) return rows;  // docker: no file is the same as no entry
    throw;
  }
  for (const auto& line : split(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    rows.push_back(split(line, ':'));
  }
  return rows;
}

std::optional<unsigned> as_id(std::string_view s) {
  auto v = parse_uint(s);
  if (!v || *v > 0xFFFFFFFEULL) return std::nullopt;
  return static_cast<unsigned>(*v);
}

}  // namespace

ResolvedUser resolve_user(const std::string& rootfs, std::string_view spec) {
  ResolvedUser out;
  auto colon = spec.find(':');
  std::string_view user_part = spec.substr(0, colon);
  // An empty user means root; built from a view, not assigned a literal (g++ 12 -Wrestrict).
  std::string user(user_part.empty() ? std::string_view("0") : user_part);
  std::string group(colon == std::string_view::npos ? std::string_view() : spec.substr(colon + 1));
  UniqueFd root(::open(rootfs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root) throw Error::last_errno("open", rootfs);
  auto passwd = read_colon_file(root.get(), "/etc/passwd");
  auto numeric_uid = as_id(user);
  std::string user_name;
  bool found = false;
  for (const auto& row : passwd) {
    if (row.size() < 4) continue;
    if (row[0] == user || (numeric_uid && as_id(row[2]) == numeric_uid)) {
      out.uid = as_id(row[2]).value_or(0);
      out.gid = as_id(row[3]).value_or(0);
      out.home = row.size() > 5 && !row[5].empty() ? row[5] : "/";
      user_name = row[0];
      found = true;
      break;
    }
  }
  if (!found) {
    if (!numeric_uid)
      throw Error(fmt::format("unable to find user {}: no matching entries in passwd file", user), ExitCode::kEngine);
    out.uid = *numeric_uid;
    out.gid = *numeric_uid == 0 ? 0 : out.gid;
  }
  auto groups = read_colon_file(root.get(), "/etc/group");
  if (!group.empty()) {
    auto numeric_gid = as_id(group);
    bool group_found = false;
    for (const auto& row : groups) {
      if (row.size() >= 3 && row[0] == group) {
        out.gid = as_id(row[2]).value_or(0);
        group_found = true;
        break;
      }
    }
    if (!group_found) {
      if (!numeric_gid)
        throw Error(fmt::format("unable to find group {}: no matching entries in group file", group),
                    ExitCode::kEngine);
      out.gid = *numeric_gid;
    }
  }
  if (!user_name.empty()) {
    for (const auto& row : groups) {
      if (row.size() < 4) continue;
      for (const auto& member : split(row[3], ',')) {
        auto gid = as_id(row[2]);
        if (member == user_name && gid && *gid != out.gid) out.additional_gids.push_back(*gid);
      }
    }
  }
  return out;
}

}  // namespace berth::engine

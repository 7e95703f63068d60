// /etc/passwd and /etc/group lookups for the builder, after moby/sys/user.
#include "image/user_lookup.hpp"

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"

namespace berth::image {
namespace {

constexpr unsigned long long kMaxId = 0x7fffffff;

struct Entry {
  std::string name;
  unsigned long long id = 0;
  unsigned long long gid = 0;  // passwd only
  std::string home;            // passwd only
  std::vector<std::string> members;  // group only
};

// Parses colon-separated lines; entries whose numeric fields are junk are skipped.
std::vector<Entry> parse_db(const std::optional<std::string>& text, bool passwd) {
  std::vector<Entry> out;
  if (!text) return out;
  for (const auto& raw : split(*text, '\n')) {
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    auto f = split(line, ':');
    if (f.size() < 3) continue;
    auto id = parse_uint(f[2]);
    if (!id) continue;
    Entry e{f[0], *id, 0, "", {}};
    if (passwd) {
      auto gid = f.size() > 3 ? parse_uint(f[3]) : std::nullopt;
      if (!gid) continue;
      e.gid = *gid;
      e.home = f.size() > 5 ? f[5] : "";
    } else if (f.size() > 3 && !f[3].empty()) {
      for (const auto& m : split(f[3], ',')) e.members.emplace_back(trim(m));
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<unsigned long long> numeric_id(std::string_view s, std::string_view what) {
  auto n = parse_uint(s);
  if (n && *n > kMaxId) throw Error(fmt::format("{} {} out of range", what, s), ExitCode::kEngine);
  return n;
}

const Entry* find_entry(const std::vector<Entry>& db, std::string_view spec, std::optional<unsigned long long> id) {
  for (const auto& e : db)
    if (e.name == spec || (id && e.id == *id)) return &e;
  return nullptr;
}

}  // namespace

ExecUser resolve_exec_user(std::string_view spec, const std::optional<std::string>& passwd,
                           const std::optional<std::string>& group) {
  std::string_view user_spec = spec.substr(0, spec.find(':'));
  std::optional<std::string_view> group_spec;
  if (spec.find(':') != std::string_view::npos) group_spec = spec.substr(spec.find(':') + 1);
  if (user_spec.empty()) user_spec = "0";

  ExecUser u;
  auto users = parse_db(passwd, true);
  auto uid = numeric_id(user_spec, "uid");
  const Entry* pw = find_entry(users, user_spec, uid);
  if (pw) {
    u.uid = static_cast<uid_t>(pw->id);
    u.gid = static_cast<gid_t>(pw->gid);
    if (!pw->home.empty()) u.home = pw->home;
  } else if (uid) {
    u.uid = static_cast<uid_t>(*uid);
  } else {
    throw Error(fmt::format("unable to find user {}: no matching entries in passwd file", user_spec),
                ExitCode::kEngine);
  }

  auto groups = parse_db(group, false);
  if (group_spec) {
    auto gid = numeric_id(*group_spec, "gid");
    const Entry* gr = find_entry(groups, *group_spec, gid);
    if (gr) u.gid = static_cast<gid_t>(gr->id);
    else if (gid) u.gid = static_cast<gid_t>(*gid);
    else
      throw Error(fmt::format("unable to find group {}: no matching entries in group file", *group_spec),
                  ExitCode::kEngine);
  } else if (pw) {
    for (const auto& g : groups) {
      for (const auto& m : g.members)
        if (m == pw->name && g.id != u.gid) u.additional_gids.push_back(static_cast<gid_t>(g.id));
    }
  }
  return u;
}

Owner resolve_chown(std::string_view spec, const std::optional<std::string>& passwd,
                    const std::optional<std::string>& group) {
  auto parts = split(spec, ':');
  if (parts.size() > 2 || parts[0].empty())
    throw Error(fmt::format("invalid chown string format: {}", spec), ExitCode::kEngine);
  std::string user = parts[0];
  std::string grp = parts.size() == 2 ? parts[1] : parts[0];
  Owner o;
  if (auto n = numeric_id(user, "uid")) {
    o.uid = static_cast<uid_t>(*n);
  } else {
    auto users = parse_db(passwd, true);
    const Entry* e = find_entry(users, user, std::nullopt);
    if (!e) throw Error(fmt::format("can't find uid for user {}: no such user: {}", user, user), ExitCode::kEngine);
    o.uid = static_cast<uid_t>(e->id);
  }
  if (auto n = numeric_id(grp, "gid")) {
    o.gid = static_cast<gid_t>(*n);
  } else {
    auto groups = parse_db(group, false);
    const Entry* e = find_entry(groups, grp, std::nullopt);
    if (!e) throw Error(fmt::format("can't find gid for group {}: no such group: {}", grp, grp), ExitCode::kEngine);
    o.gid = static_cast<gid_t>(e->id);
  }
  return o;
}

}  // namespace berth::image

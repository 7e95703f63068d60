// Semantic checks on a parsed config that the JSON shape alone cannot express.
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

#include "base/error.hpp"
#include "oci/spec_parse.hpp"
#include "oci/spec_parse_detail.hpp"

namespace berth::oci {
namespace {

using detail::fail;

constexpr std::array<std::string_view, 16> kRlimitTypes = {
    "RLIMIT_AS",     "RLIMIT_CORE",   "RLIMIT_CPU",        "RLIMIT_DATA",
    "RLIMIT_FSIZE",  "RLIMIT_LOCKS",  "RLIMIT_MEMLOCK",    "RLIMIT_MSGQUEUE",
    "RLIMIT_NICE",   "RLIMIT_NOFILE", "RLIMIT_NPROC",      "RLIMIT_RSS",
    "RLIMIT_RTPRIO", "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK"};

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// SemVer with major version 1: "1.2", "1.0.2", "1.2.0-rc.1", "1.0.0+dev".
bool is_version_1x(std::string_view v) {
  if (!v.starts_with("1.")) return false;
  v.remove_prefix(2);
  v = v.substr(0, v.find_first_of("-+"));
  auto dot = v.find('.');
  if (dot == std::string_view::npos) return all_digits(v);
  return all_digits(v.substr(0, dot)) && all_digits(v.substr(dot + 1));
}

void validate_rlimits(const std::vector<Rlimit>& limits, const std::string& origin) {
  std::set<std::string> seen;
  for (size_t i = 0; i < limits.size(); ++i) {
    const auto& l = limits[i];
    std::string where = fmt::format("process.rlimits[{}]", i);
    if (std::find(kRlimitTypes.begin(), kRlimitTypes.end(), l.type) == kRlimitTypes.end())
      fail(origin, where + ".type", fmt::format("unknown rlimit \"{}\"", l.type));
    if (!seen.insert(l.type).second)
      fail(origin, where + ".type", fmt::format("duplicate rlimit \"{}\"", l.type));
    if (l.soft > l.hard)
      fail(origin, where, fmt::format("soft limit {} exceeds hard limit {}", l.soft, l.hard));
  }
}

void validate_env(const std::vector<std::string>& env, const std::string& origin,
                  const std::string& path) {
  for (size_t i = 0; i < env.size(); ++i) {
    auto eq = env[i].find('=');
    if (eq == std::string::npos || eq == 0)
      fail(origin, fmt::format("{}[{}]", path, i),
           fmt::format("\"{}\" is not of the form KEY=value", env[i]));
  }
}

void validate_process(const Process& p, const std::string& origin) {
  if (p.args.empty()) fail(origin, "process.args", "must name a program to run");
  if (!p.cwd.starts_with("/"))
    fail(origin, "process.cwd", fmt::format("\"{}\" is not an absolute path", p.cwd));
  if (p.user.umask && *p.user.umask > 0777)
    fail(origin, "process.user.umask", fmt::format("{:#o} is not a file mode mask", *p.user.umask));
  validate_env(p.env, origin, "process.env");
  validate_rlimits(p.rlimits, origin);
}

void validate_mounts(const std::vector<Mount>& mounts, const std::string& origin) {
  for (size_t i = 0; i < mounts.size(); ++i) {
    const auto& m = mounts[i];
    std::string where = fmt::format("mounts[{}]", i);
    if (m.destination.empty()) fail(origin, where + ".destination", "must not be empty");
    if (m.uid_mappings.empty() != m.gid_mappings.empty())
      fail(origin, where, "an idmapped mount needs both uidMappings and gidMappings");
    detail::validate_id_mappings(m.uid_mappings, origin, where + ".uidMappings");
    detail::validate_id_mappings(m.gid_mappings, origin, where + ".gidMappings");
  }
}

void validate_hook_list(const std::vector<Hook>& hooks, const std::string& origin,
                        const std::string& name) {
  for (size_t i = 0; i < hooks.size(); ++i) {
    std::string where = fmt::format("hooks.{}[{}]", name, i);
    if (!hooks[i].path.starts_with("/"))
      fail(origin, where + ".path", fmt::format("\"{}\" is not an absolute path", hooks[i].path));
    validate_env(hooks[i].env, origin, where + ".env");
  }
}

void validate_hooks(const Hooks& h, const std::string& origin) {
  validate_hook_list(h.prestart, origin, "prestart");
  validate_hook_list(h.create_runtime, origin, "createRuntime");
  validate_hook_list(h.create_container, origin, "createContainer");
  validate_hook_list(h.start_container, origin, "startContainer");
  validate_hook_list(h.poststart, origin, "poststart");
  validate_hook_list(h.poststop, origin, "poststop");
}

// Setting these would change the host's (or another container's) names: runc refuses too.
void validate_uts_names(const Spec& s, const std::string& origin) {
  if (!s.hostname.empty() && !s.find_namespace("uts"))
    fail(origin, "hostname", "setting the hostname needs a uts namespace");
  if (!s.domainname.empty() && !s.find_namespace("uts"))
    fail(origin, "domainname", "setting the domainname needs a uts namespace");
}

}  // namespace

namespace detail {

void fail(const std::string& origin, const std::string& path, const std::string& what) {
  throw Error(fmt::format("{}: {}: {}", origin, path, what));
}

void validate_id_mappings(const std::vector<IdMapping>& maps, const std::string& origin,
                          const std::string& path) {
  for (size_t i = 0; i < maps.size(); ++i) {
    const auto& m = maps[i];
    std::string where = fmt::format("{}[{}]", path, i);
    if (m.size == 0) fail(origin, where + ".size", "must be greater than zero");
    if (uint64_t{m.container_id} + m.size > (uint64_t{1} << 32))
      fail(origin, where, "containerID + size runs past 2^32");
    if (uint64_t{m.host_id} + m.size > (uint64_t{1} << 32))
      fail(origin, where, "hostID + size runs past 2^32");
  }
}

}  // namespace detail

void validate_spec(const Spec& s, const std::string& origin) {
  if (!is_version_1x(s.oci_version))
    fail(origin, "ociVersion", fmt::format("unsupported version \"{}\" (want 1.x)", s.oci_version));
  if (s.root.path.empty()) fail(origin, "root.path", "must not be empty");
  if (s.process) validate_process(*s.process, origin);
  validate_mounts(s.mounts, origin);
  validate_hooks(s.hooks, origin);
  for (const auto& [key, value] : s.annotations)
    if (key.empty()) fail(origin, "annotations", "a key must not be empty");
  validate_uts_names(s, origin);
  if (s.linux_) detail::validate_linux(s, origin);
}

}  // namespace berth::oci

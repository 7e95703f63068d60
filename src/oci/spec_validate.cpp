// Semantic checks on a parsed config that the JSON shape alone cannot express.
#include <set>

#include <fmt/core.h>

#include "base/error.hpp"
#include "oci/spec_parse.hpp"

namespace berth::oci {
namespace {

const std::set<std::string> kNamespaceTypes = {"pid", "network", "mount", "ipc",
                                               "uts", "user",    "cgroup", "time"};

[[noreturn]] void fail(const std::string& origin, const std::string& path, const std::string& what) {
  throw Error(fmt::format("{}: {}: {}", origin, path, what));
}

void validate_namespaces(const Linux& l, const std::string& origin) {
  std::set<std::string> seen;
  for (size_t i = 0; i < l.namespaces.size(); ++i) {
    const auto& ns = l.namespaces[i];
    std::string where = fmt::format("linux.namespaces[{}].type", i);
    if (!kNamespaceTypes.count(ns.type)) fail(origin, where, fmt::format("unknown namespace type \"{}\"", ns.type));
    if (!seen.insert(ns.type).second) fail(origin, where, fmt::format("duplicate namespace \"{}\"", ns.type));
  }
  bool new_user = false;
  for (const auto& ns : l.namespaces)
    if (ns.type == "user" && ns.path.empty()) new_user = true;
  if (new_user && (l.uid_mappings.empty() || l.gid_mappings.empty()))
    fail(origin, "linux.uidMappings", "a new user namespace needs uidMappings and gidMappings");
  if (!seen.count("user") && (!l.uid_mappings.empty() || !l.gid_mappings.empty()))
    fail(origin, "linux.uidMappings", "mappings given without a user namespace");
  if (!l.time_offsets_sec.empty()) {
    const Namespace* t = nullptr;
    for (const auto& ns : l.namespaces)
      if (ns.type == "time") t = &ns;
    if (!t || !t->path.empty()) fail(origin, "linux.timeOffsets", "needs a new time namespace");
  }
}

void validate_devices(const Linux& l, const std::string& origin) {
  for (size_t i = 0; i < l.devices.size(); ++i) {
    const auto& d = l.devices[i];
    std::string where = fmt::format("linux.devices[{}]", i);
    if (d.type != "c" && d.type != "b" && d.type != "u" && d.type != "p")
      fail(origin, where + ".type", fmt::format("unknown device type \"{}\"", d.type));
    if (!d.path.starts_with("/")) fail(origin, where + ".path", "must be an absolute path");
  }
}

}  // namespace

void validate_spec(const Spec& s, const std::string& origin) {
  if (!s.oci_version.starts_with("1."))
    fail(origin, "ociVersion", fmt::format("unsupported version \"{}\" (want 1.x)", s.oci_version));
  if (s.root.path.empty()) fail(origin, "root.path", "must not be empty");
  if (s.process) {
    if (s.process->args.empty()) fail(origin, "process.args", "must name a program to run");
    if (!s.process->cwd.starts_with("/")) fail(origin, "process.cwd", "must be an absolute path");
    for (size_t i = 0; i < s.process->rlimits.size(); ++i) {
      const auto& l = s.process->rlimits[i];
      if (!l.type.starts_with("RLIMIT_"))
        fail(origin, fmt::format("process.rlimits[{}].type", i), fmt::format("unknown rlimit \"{}\"", l.type));
      if (l.soft > l.hard)
        fail(origin, fmt::format("process.rlimits[{}]", i), "soft limit exceeds hard limit");
    }
  }
  for (size_t i = 0; i < s.mounts.size(); ++i) {
    if (!s.mounts[i].destination.starts_with("/"))
      fail(origin, fmt::format("mounts[{}].destination", i), "must be an absolute path");
  }
  if (s.linux_) {
    validate_namespaces(*s.linux_, origin);
    validate_devices(*s.linux_, origin);
    const auto& p = s.linux_->rootfs_propagation;
    if (!p.empty() && p != "private" && p != "rprivate" && p != "slave" && p != "rslave" &&
        p != "shared" && p != "rshared" && p != "unbindable" && p != "runbindable")
      fail(origin, "linux.rootfsPropagation", fmt::format("unknown propagation \"{}\"", p));
  }
  if (!s.hostname.empty() && !s.find_namespace("uts"))
    fail(origin, "hostname", "setting the hostname needs a new uts namespace");
}

}  // namespace berth::oci

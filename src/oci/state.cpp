// The OCI state JSON, and the default config.json that `spec` writes.
#include "oci/state.hpp"

namespace berth::oci {

nlohmann::json to_json(const State& s) {
  nlohmann::json j = {{"ociVersion", s.oci_version}, {"id", s.id}, {"status", s.status},
                      {"bundle", s.bundle}};
  // The spec requires pid when created or running; hooks during "creating" need it too (the
  // prestart and createRuntime hooks act on the init by pid). A stopped container has none.
  j["pid"] = s.status == "stopped" ? 0 : s.pid;
  if (!s.annotations.empty()) j["annotations"] = s.annotations;
  return j;
}

nlohmann::json default_spec(bool rootless, unsigned uid, unsigned gid) {
  using nlohmann::json;
  json caps = json::array({"CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"});
  json spec = {
      {"ociVersion", kRuntimeSpecVersion},
      {"process",
       {{"terminal", true},
        {"user", {{"uid", 0}, {"gid", 0}}},
        {"args", {"sh"}},
        {"env", {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"}},
        {"cwd", "/"},
        {"capabilities",
         {{"bounding", caps}, {"effective", caps}, {"permitted", caps}, {"ambient", caps}}},
        {"rlimits", {{{"type", "RLIMIT_NOFILE"}, {"hard", 1024}, {"soft", 1024}}}},
        {"noNewPrivileges", true}}},
      {"root", {{"path", "rootfs"}, {"readonly", true}}},
      {"hostname", "berth"},
      {"mounts",
       {{{"destination", "/proc"}, {"type", "proc"}, {"source", "proc"}},
        {{"destination", "/dev"}, {"type", "tmpfs"}, {"source", "tmpfs"},
         {"options", {"nosuid", "strictatime", "mode=755", "size=65536k"}}},
        {{"destination", "/dev/pts"}, {"type", "devpts"}, {"source", "devpts"},
         {"options", {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}}},
        {{"destination", "/dev/shm"}, {"type", "tmpfs"}, {"source", "shm"},
         {"options", {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}}},
        {{"destination", "/dev/mqueue"}, {"type", "mqueue"}, {"source", "mqueue"},
         {"options", {"nosuid", "noexec", "nodev"}}},
        {{"destination", "/sys"}, {"type", "sysfs"}, {"source", "sysfs"},
         {"options", {"nosuid", "noexec", "nodev", "ro"}}},
        {{"destination", "/sys/fs/cgroup"}, {"type", "cgroup"}, {"source", "cgroup"},
         {"options", {"nosuid", "noexec", "nodev", "relatime", "ro"}}}}},
      {"linux",
       {{"resources", {{"devices", {{{"allow", false}, {"access", "rwm"}}}}}},
        {"namespaces",
         {{{"type", "pid"}}, {{"type", "network"}}, {{"type", "ipc"}}, {{"type", "uts"}},
          {{"type", "mount"}}}},
        {"maskedPaths",
         {"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
          "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
          "/proc/scsi"}},
        {"readonlyPaths",
         {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}}}}};
  if (rootless) {
    auto& linux_ = spec["linux"];
    linux_.erase("resources");
    linux_["namespaces"].push_back({{"type", "user"}});
    linux_["uidMappings"] = {{{"containerID", 0}, {"hostID", uid}, {"size", 1}}};
    linux_["gidMappings"] = {{{"containerID", 0}, {"hostID", gid}, {"size", 1}}};
    // Without privilege over the network namespace, sysfs cannot be mounted: bind the host's.
    for (auto& m : spec["mounts"]) {
      if (m["destination"] == "/sys") m = {{"destination", "/sys"}, {"type", "none"}, {"source", "/sys"},
                                           {"options", {"rbind", "nosuid", "noexec", "nodev", "ro"}}};
    }
    auto& mounts = spec["mounts"];
    for (auto it = mounts.begin(); it != mounts.end(); ++it) {
      if ((*it)["destination"] == "/sys/fs/cgroup") {
        mounts.erase(it);
        break;
      }
    }
    for (auto& m : mounts)
      if (m["destination"] == "/dev/pts") {
        auto& opts = m["options"];
        opts.erase(std::remove(opts.begin(), opts.end(), json("gid=5")), opts.end());
      }
  }
  return spec;
}

}  // namespace berth::oci

// Docker's defaults for a container, as an OCI config: mounts, capabilities, masked paths,
// namespaces, resources, and the user's flags on top.
#include "engine/spec_builder.hpp"

#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "engine/container_env.hpp"
#include "engine/security_opts.hpp"
#include "runtime/init/security.hpp"

namespace berth::engine {
namespace {

using json = nlohmann::json;

const std::vector<std::string> kDockerCapabilities = {
    "CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FSETID",     "CAP_FOWNER",           "CAP_MKNOD",
    "CAP_NET_RAW", "CAP_SETGID",      "CAP_SETUID",     "CAP_SETFCAP",          "CAP_SETPCAP",
    "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"};

// Every capability the kernel headers we build against know, for --privileged and ALL.
const std::vector<std::string> kAllCapabilities = {
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
    "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
    "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
    "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
    "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"};

const std::vector<std::string> kMaskedPaths = {
    "/proc/asound",     "/proc/acpi",        "/proc/interrupts", "/proc/kcore",       "/proc/keys",
    "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
    "/sys/firmware",    "/sys/devices/virtual/powercap"};
const std::vector<std::string> kReadonlyPaths = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                                 "/proc/sysrq-trigger"};

std::string cap_name(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
  if (!name.starts_with("CAP_") && name != "ALL") name = "CAP_" + name;
  return name;
}

json mount(const std::string& dest, const std::string& type, const std::string& source,
           std::vector<std::string> options) {
  return {{"destination", dest}, {"type", type}, {"source", source}, {"options", options}};
}

json default_mounts(const SpecInputs& in) {
  const auto& hc = in.record->host_config;
  json mounts = json::array();
  mounts.push_back(mount("/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}));
  mounts.push_back(mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}));
  mounts.push_back(mount("/dev/pts", "devpts", "devpts",
                         {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}));
  mounts.push_back(mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", hc.privileged ? "rw" : "ro"}));
  mounts.push_back(mount("/sys/fs/cgroup", "cgroup", "cgroup",
                         {"nosuid", "noexec", "nodev", "relatime", hc.privileged ? "rw" : "ro"}));
  // /dev/mqueue shows the queues of the container's IPC namespace, whichever that is.
  mounts.push_back(mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}));
  switch (in.ipc.shm) {
    case IpcPlan::Shm::kNone:
      break;
    case IpcPlan::Shm::kTmpfs:
      mounts.push_back(mount("/dev/shm", "tmpfs", "shm",
                             {"nosuid", "noexec", "nodev", "mode=1777", fmt::format("size={}", in.ipc.shm_size)}));
      break;
    case IpcPlan::Shm::kBind:
      mounts.push_back(mount("/dev/shm", "bind", in.ipc.shm_source, {"rbind", "nosuid", "noexec", "nodev"}));
      break;
  }
  return mounts;
}

void add_user_mounts(const SpecInputs& in, json& mounts) {
  for (const auto& m : in.record->host_config.mounts) {
    if (m.type == "tmpfs") {
      std::vector<std::string> options = {"nosuid", "nodev", "noexec"};
      options.insert(options.end(), m.options.begin(), m.options.end());
      if (m.read_only) options.push_back("ro");
      mounts.push_back(mount(m.destination, "tmpfs", "tmpfs", options));
      continue;
    }
    std::string source = m.type == "volume" ? in.volumes_dir + "/" + m.source + "/_data" : m.source;
    std::vector<std::string> options = {m.recursive ? "rbind" : "bind", m.read_only ? "ro" : "rw"};
    options.insert(options.end(), m.options.begin(), m.options.end());
    mounts.push_back(mount(m.destination, "bind", source, options));
  }
}

json namespaces(const SpecInputs& in) {
  const auto& hc = in.record->host_config;
  json ns = json::array({{{"type", "mount"}}});
  if (hc.pid_mode != "host") {
    json pid = {{"type", "pid"}};
    if (!in.pid_ns_path.empty()) pid["path"] = in.pid_ns_path;
    ns.push_back(pid);
  }
  if (hc.network_mode != "host") ns.push_back({{"type", "network"}});
  if (hc.uts_mode != "host") ns.push_back({{"type", "uts"}});
  if (in.ipc.ns == IpcPlan::Namespace::kNew) ns.push_back({{"type", "ipc"}});
  if (in.ipc.ns == IpcPlan::Namespace::kJoin) ns.push_back({{"type", "ipc"}, {"path", in.ipc.ns_path}});
  ns.push_back({{"type", "cgroup"}});
  return ns;
}

json resources(const HostConfig& hc) {
  json r = json::object();
  if (hc.memory > 0) r["memory"]["limit"] = hc.memory;
  if (hc.memory_swap != 0) r["memory"]["swap"] = hc.memory_swap;  // -1: unlimited, like the OCI spec
  if (hc.cpu_shares > 0) r["cpu"]["shares"] = hc.cpu_shares;
  if (hc.nano_cpus > 0) {
    constexpr long long kPeriod = 100000;
    r["cpu"]["period"] = kPeriod;
    r["cpu"]["quota"] = hc.nano_cpus * kPeriod / 1000000000LL;
  }
  if (!hc.cpuset_cpus.empty()) r["cpu"]["cpus"] = hc.cpuset_cpus;
  if (hc.pids_limit != 0) r["pids"]["limit"] = hc.pids_limit;
  r["devices"] = json::array({{{"allow", false}, {"access", "rwm"}}});
  return r;
}

json process(const SpecInputs& in) {
  const auto& c = in.record->config;
  const auto& hc = in.record->host_config;
  std::vector<std::string> args;
  // --init: tini runs as pid 1, reaps orphans and forwards signals to the command (docker's way).
  if (hc.init) args = {"/sbin/docker-init", "--"};
  args.insert(args.end(), c.entrypoint.begin(), c.entrypoint.end());
  args.insert(args.end(), c.cmd.begin(), c.cmd.end());
  std::vector<std::string> caps = effective_capabilities(hc);
  json p = {{"terminal", c.tty},
            {"user", {{"uid", in.user.uid}, {"gid", in.user.gid}}},
            {"args", args},
            {"env", process_env(c)},
            {"cwd", c.working_dir.empty() ? "/" : c.working_dir},
            {"capabilities",
             {{"bounding", caps}, {"effective", caps}, {"permitted", caps}, {"inheritable", json::array()}}},
            {"noNewPrivileges", parse_security_opts(hc.security_opt).no_new_privileges}};
  if (!in.user.additional_gids.empty()) p["user"]["additionalGids"] = in.user.additional_gids;
  if (!hc.ulimits.empty()) {
    json rl = json::array();
    for (const auto& u : hc.ulimits) {
      std::string type = "RLIMIT_" + u.name;
      std::transform(type.begin(), type.end(), type.begin(), [](unsigned char ch) { return std::toupper(ch); });
      // dockerd passes its int64 on as the spec's uint64: -1 is RLIM_INFINITY.
      auto as_rlimit = [](long long v) { return v < 0 ? ~uint64_t{0} : static_cast<uint64_t>(v); };
      rl.push_back({{"type", type}, {"soft", as_rlimit(u.soft)}, {"hard", as_rlimit(u.hard)}});
    }
    p["rlimits"] = rl;
  }
  return p;
}

}  // namespace

const std::vector<std::string>& default_capabilities() { return kDockerCapabilities; }
const std::vector<std::string>& default_masked_paths() { return kMaskedPaths; }
const std::vector<std::string>& default_readonly_paths() { return kReadonlyPaths; }

std::string find_init_binary() {
  for (const char* path : {"/usr/libexec/berth/berth-init", "/usr/bin/tini-static", "/usr/bin/docker-init"}) {
    if (::access(path, X_OK) == 0) return path;
  }
  throw Error("--init: no init binary found (install Debian's tini: /usr/bin/tini-static)", ExitCode::kEngine);
}

// --privileged and --cap-add ALL mean every capability this process may grant: asking for one
// outside our own bounding set (a nested or restricted host) would make the container's capset
// fail with EPERM. podman does the same; docker's list is the kernel's, which fails there.
std::vector<std::string> grantable_capabilities() {
  std::vector<std::string> caps;
  for (const auto& name : kAllCapabilities) {
    if (::prctl(PR_CAPBSET_READ, runtime::capability_from_name(name), 0, 0, 0) == 1) caps.push_back(name);
  }
  return caps;
}

std::vector<std::string> effective_capabilities(const HostConfig& host) {
  if (host.privileged) return grantable_capabilities();
  // docker: --cap-add ALL starts from every capability, and --cap-drop still applies to it.
  bool add_all = std::any_of(host.cap_add.begin(), host.cap_add.end(), [](const auto& c) { return cap_name(c) == "ALL"; });
  std::vector<std::string> caps = add_all ? grantable_capabilities() : kDockerCapabilities;
  for (const auto& raw : host.cap_drop) {
    std::string name = cap_name(raw);
    if (name == "ALL" && !add_all) caps.clear();
    std::erase(caps, name);
  }
  for (const auto& raw : host.cap_add) {
    std::string name = cap_name(raw);
    if (name == "ALL") continue;
    if (std::find(kAllCapabilities.begin(), kAllCapabilities.end(), name) == kAllCapabilities.end())
      throw Error(fmt::format("invalid --cap-add: unknown capability: \"{}\"", raw), ExitCode::kEngine);
    if (std::find(caps.begin(), caps.end(), name) == caps.end()) caps.push_back(name);
  }
  return caps;
}

nlohmann::json build_oci_spec(const SpecInputs& in) {
  const auto& r = *in.record;
  const auto& hc = r.host_config;
  json mounts = default_mounts(in);
  add_user_mounts(in, mounts);
  if (hc.init) mounts.push_back(mount("/sbin/docker-init", "bind", in.init_path, {"bind", "ro"}));
  for (const auto& f : in.etc_files)
    mounts.push_back(mount(f.destination, "bind", f.source, {"rbind", "rprivate", hc.read_only_rootfs ? "ro" : "rw"}));
  json linux = {{"namespaces", namespaces(in)}, {"resources", resources(hc)}, {"cgroupsPath", in.cgroups_path}};
  if (!hc.privileged && !hc.system_paths_unconfined) {
    linux["maskedPaths"] = kMaskedPaths;
    linux["readonlyPaths"] = kReadonlyPaths;
  }
  if (!hc.sysctls.empty()) linux["sysctl"] = hc.sysctls;
  if (!in.seccomp.is_null() && !hc.privileged) linux["seccomp"] = in.seccomp;
  json spec = {{"ociVersion", "1.2.0"},
               {"process", process(in)},
               {"root", {{"path", in.rootfs}, {"readonly", hc.read_only_rootfs}}},
               {"hostname", r.config.hostname},
               {"mounts", mounts},
               {"linux", linux},
               {"annotations", {{"io.berth.container.name", r.name}}}};
  if (hc.uts_mode == "host") spec.erase("hostname");
  return spec;
}

}  // namespace berth::engine

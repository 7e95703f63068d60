// Reading config.json into oci::Spec: one small function per object of the runtime spec.
#include "oci/spec_parse.hpp"

#include <fmt/core.h>

#include "base/error.hpp"
#include "oci/json_reader.hpp"

namespace berth::oci {
namespace {

User parse_user(const JsonReader& r) {
  User u;
  r.require_object();
  u.uid = r.at("uid").is_null() ? 0 : r.at("uid").as_u32();
  u.gid = r.at("gid").is_null() ? 0 : r.at("gid").as_u32();
  u.umask = r.opt_u32("umask");
  r.at("additionalGids").for_each([&](const JsonReader& g) { u.additional_gids.push_back(g.as_u32()); });
  return u;
}

Capabilities parse_capabilities(const JsonReader& r) {
  r.require_object();
  Capabilities c;
  c.bounding = r.at("bounding").as_string_list();
  c.effective = r.at("effective").as_string_list();
  c.inheritable = r.at("inheritable").as_string_list();
  c.permitted = r.at("permitted").as_string_list();
  c.ambient = r.at("ambient").as_string_list();
  return c;
}

Process parse_process(const JsonReader& r) {
  r.require_object();
  Process p;
  p.terminal = r.opt_bool("terminal").value_or(false);
  if (r.has("consoleSize")) {
    auto cs = r.at("consoleSize");
    p.console_size = ConsoleSize{cs.at("height").as_u32(), cs.at("width").as_u32()};
  }
  if (r.has("user")) p.user = parse_user(r.at("user"));
  p.args = r.at("args").as_string_list();
  p.env = r.at("env").as_string_list();
  if (!r.has("cwd")) r.at("cwd").fail("is required");
  p.cwd = r.at("cwd").as_string();
  if (r.has("capabilities")) p.capabilities = parse_capabilities(r.at("capabilities"));
  r.at("rlimits").for_each([&](const JsonReader& l) {
    l.require_object();
    p.rlimits.push_back(Rlimit{l.at("type").as_string(), l.at("hard").as_uint(), l.at("soft").as_uint()});
  });
  p.no_new_privileges = r.opt_bool("noNewPrivileges").value_or(false);
  p.apparmor_profile = r.opt_string("apparmorProfile").value_or("");
  p.selinux_label = r.opt_string("selinuxLabel").value_or("");
  if (auto v = r.opt_int("oomScoreAdj")) {
    if (*v < -1000 || *v > 1000) r.at("oomScoreAdj").fail("must be between -1000 and 1000");
    p.oom_score_adj = static_cast<int>(*v);
  }
  return p;
}

Hook parse_hook(const JsonReader& r) {
  r.require_object();
  Hook h;
  h.path = r.at("path").as_string();
  h.args = r.at("args").as_string_list();
  h.env = r.at("env").as_string_list();
  if (auto t = r.opt_int("timeout")) {
    if (*t <= 0) r.at("timeout").fail("must be greater than zero");
    h.timeout = static_cast<int>(*t);
  }
  return h;
}

Hooks parse_hooks(const JsonReader& r) {
  Hooks h;
  auto list = [&](const char* key, std::vector<Hook>& out) {
    r.at(key).for_each([&](const JsonReader& e) { out.push_back(parse_hook(e)); });
  };
  list("prestart", h.prestart);
  list("createRuntime", h.create_runtime);
  list("createContainer", h.create_container);
  list("startContainer", h.start_container);
  list("poststart", h.poststart);
  list("poststop", h.poststop);
  return h;
}

std::vector<IdMapping> parse_id_mappings(const JsonReader& r) {
  std::vector<IdMapping> out;
  r.for_each([&](const JsonReader& m) {
    m.require_object();
    out.push_back(IdMapping{m.at("containerID").as_u32(), m.at("hostID").as_u32(), m.at("size").as_u32()});
  });
  return out;
}

DeviceRule parse_device_rule(const JsonReader& r) {
  r.require_object();
  DeviceRule d;
  d.allow = r.at("allow").as_bool();
  d.type = r.opt_string("type").value_or("a");
  d.major = r.opt_int("major");
  d.minor = r.opt_int("minor");
  d.access = r.opt_string("access").value_or("rwm");
  return d;
}

MemoryResources parse_memory(const JsonReader& r) {
  r.require_object();
  MemoryResources m;
  m.limit = r.opt_int("limit");
  m.reservation = r.opt_int("reservation");
  m.swap = r.opt_int("swap");
  m.kernel = r.opt_int("kernel");
  m.kernel_tcp = r.opt_int("kernelTCP");
  m.swappiness = r.opt_uint("swappiness");
  m.disable_oom_killer = r.opt_bool("disableOOMKiller");
  return m;
}

CpuResources parse_cpu(const JsonReader& r) {
  r.require_object();
  CpuResources c;
  c.shares = r.opt_uint("shares");
  c.quota = r.opt_int("quota");
  c.period = r.opt_uint("period");
  c.realtime_runtime = r.opt_int("realtimeRuntime");
  c.realtime_period = r.opt_uint("realtimePeriod");
  c.cpus = r.opt_string("cpus").value_or("");
  c.mems = r.opt_string("mems").value_or("");
  c.idle = r.opt_int("idle");
  return c;
}

std::optional<uint16_t> opt_u16(const JsonReader& r, const std::string& key) {
  auto v = r.opt_uint(key);
  if (!v) return std::nullopt;
  if (*v > UINT16_MAX) r.at(key).fail("integer out of range for 16 bits");
  return static_cast<uint16_t>(*v);
}

BlockIoResources parse_block_io(const JsonReader& r) {
  r.require_object();
  BlockIoResources b;
  b.weight = opt_u16(r, "weight");
  b.leaf_weight = opt_u16(r, "leafWeight");
  r.at("weightDevice").for_each([&](const JsonReader& d) {
    b.weight_device.push_back(WeightDevice{d.at("major").as_int(), d.at("minor").as_int(),
                                           opt_u16(d, "weight"), opt_u16(d, "leafWeight")});
  });
  auto throttle = [&](const char* key, std::vector<ThrottleDevice>& out) {
    r.at(key).for_each([&](const JsonReader& d) {
      out.push_back(ThrottleDevice{d.at("major").as_int(), d.at("minor").as_int(), d.at("rate").as_uint()});
    });
  };
  throttle("throttleReadBpsDevice", b.throttle_read_bps);
  throttle("throttleWriteBpsDevice", b.throttle_write_bps);
  throttle("throttleReadIOPSDevice", b.throttle_read_iops);
  throttle("throttleWriteIOPSDevice", b.throttle_write_iops);
  return b;
}

Resources parse_resources(const JsonReader& r) {
  r.require_object();
  Resources res;
  r.at("devices").for_each([&](const JsonReader& d) { res.devices.push_back(parse_device_rule(d)); });
  if (r.has("memory")) res.memory = parse_memory(r.at("memory"));
  if (r.has("cpu")) res.cpu = parse_cpu(r.at("cpu"));
  if (r.has("pids")) res.pids_limit = r.at("pids").at("limit").as_int();
  if (r.has("blockIO")) res.block_io = parse_block_io(r.at("blockIO"));
  r.at("hugepageLimits").for_each([&](const JsonReader& h) {
    res.hugepage_limits.push_back(HugepageLimit{h.at("pageSize").as_string(), h.at("limit").as_uint()});
  });
  res.unified = r.at("unified").as_string_map();
  return res;
}

Seccomp parse_seccomp(const JsonReader& r) {
  r.require_object();
  Seccomp s;
  s.default_action = r.at("defaultAction").as_string();
  s.default_errno_ret = r.opt_u32("defaultErrnoRet");
  s.architectures = r.at("architectures").as_string_list();
  s.flags = r.at("flags").as_string_list();
  s.listener_path = r.opt_string("listenerPath").value_or("");
  r.at("syscalls").for_each([&](const JsonReader& e) {
    e.require_object();
    SeccompSyscall sc;
    sc.names = e.at("names").as_string_list();
    sc.action = e.at("action").as_string();
    sc.errno_ret = e.opt_u32("errnoRet");
    e.at("args").for_each([&](const JsonReader& a) {
      a.require_object();
      sc.args.push_back(SeccompArg{a.at("index").as_u32(), a.at("value").as_uint(),
                                   a.opt_uint("valueTwo").value_or(0), a.at("op").as_string()});
    });
    s.syscalls.push_back(std::move(sc));
  });
  return s;
}

Linux parse_linux(const JsonReader& r) {
  r.require_object();
  Linux l;
  r.at("namespaces").for_each([&](const JsonReader& n) {
    n.require_object();
    l.namespaces.push_back(Namespace{n.at("type").as_string(), n.opt_string("path").value_or("")});
  });
  l.uid_mappings = parse_id_mappings(r.at("uidMappings"));
  l.gid_mappings = parse_id_mappings(r.at("gidMappings"));
  if (r.has("timeOffsets")) {
    auto t = r.at("timeOffsets");
    t.require_object();
    for (auto it = t.value().begin(); it != t.value().end(); ++it)
      l.time_offsets_sec[it.key()] = t.at(it.key()).at("secs").is_null() ? 0 : t.at(it.key()).at("secs").as_int();
  }
  l.sysctl = r.at("sysctl").as_string_map();
  if (r.has("resources")) l.resources = parse_resources(r.at("resources"));
  l.cgroups_path = r.opt_string("cgroupsPath").value_or("");
  r.at("devices").for_each([&](const JsonReader& d) {
    d.require_object();
    Device dev;
    dev.type = d.at("type").as_string();
    dev.path = d.at("path").as_string();
    dev.major = d.opt_int("major").value_or(0);
    dev.minor = d.opt_int("minor").value_or(0);
    dev.file_mode = d.opt_u32("fileMode");
    dev.uid = d.opt_u32("uid");
    dev.gid = d.opt_u32("gid");
    l.devices.push_back(std::move(dev));
  });
  if (r.has("seccomp")) l.seccomp = parse_seccomp(r.at("seccomp"));
  l.rootfs_propagation = r.opt_string("rootfsPropagation").value_or("");
  l.masked_paths = r.at("maskedPaths").as_string_list();
  l.readonly_paths = r.at("readonlyPaths").as_string_list();
  l.mount_label = r.opt_string("mountLabel").value_or("");
  return l;
}

}  // namespace

const Namespace* Spec::find_namespace(const std::string& type) const {
  if (!linux_) return nullptr;
  for (const auto& ns : linux_->namespaces)
    if (ns.type == type) return &ns;
  return nullptr;
}

Spec parse_spec(std::string_view text, const std::string& origin) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(fmt::format("{}: invalid JSON at byte {}", origin, e.byte));
  }
  JsonReader r(doc, "", origin);
  r.require_object();
  Spec s;
  if (!r.has("ociVersion")) r.at("ociVersion").fail("is required");
  s.oci_version = r.at("ociVersion").as_string();
  if (r.has("process")) s.process = parse_process(r.at("process"));
  if (!r.has("root")) r.at("root").fail("is required");
  s.root.path = r.at("root").at("path").as_string();
  s.root.readonly = r.at("root").opt_bool("readonly").value_or(false);
  s.hostname = r.opt_string("hostname").value_or("");
  s.domainname = r.opt_string("domainname").value_or("");
  r.at("mounts").for_each([&](const JsonReader& m) {
    m.require_object();
    s.mounts.push_back(Mount{m.at("destination").as_string(), m.opt_string("type").value_or(""),
                             m.opt_string("source").value_or(""), m.at("options").as_string_list()});
  });
  if (r.has("hooks")) s.hooks = parse_hooks(r.at("hooks"));
  s.annotations = r.at("annotations").as_string_map();
  if (r.has("linux")) s.linux_ = parse_linux(r.at("linux"));
  validate_spec(s, origin);
  return s;
}

}  // namespace berth::oci

// Reading the `linux` object of config.json: namespaces, mappings, devices, resources, seccomp.
#include <fmt/core.h>

#include "base/error.hpp"
#include "oci/spec_parse_detail.hpp"

namespace berth::oci::detail {
namespace {

std::optional<uint16_t> opt_u16(const JsonReader& r, const std::string& key) {
  auto v = r.opt_uint(key);
  if (!v) return std::nullopt;
  if (*v > UINT16_MAX) r.at(key).fail(fmt::format("integer {} out of range for uint16", *v));
  return static_cast<uint16_t>(*v);
}

// A major or minor number of a cgroup device rule: unset or -1 (runc's wildcard) mean "all".
std::optional<int64_t> opt_device_number(const JsonReader& r, const std::string& key) {
  auto v = r.opt_int(key);
  if (!v || *v == -1) return std::nullopt;
  if (*v < 0) r.at(key).fail(fmt::format("expected a non-negative integer or -1, got {}", *v));
  return v;
}

Namespace parse_namespace(const JsonReader& r) {
  r.require_object();
  return Namespace{r.req("type").as_string(), r.opt_string("path").value_or("")};
}

std::map<std::string, TimeOffset> parse_time_offsets(const JsonReader& r) {
  std::map<std::string, TimeOffset> out;
  if (r.is_null()) return out;
  r.require_object();
  for (auto it = r.value().begin(); it != r.value().end(); ++it) {
    JsonReader clock = r.at(it.key());
    clock.require_object();
    out[it.key()] =
        TimeOffset{clock.opt_int("secs").value_or(0), clock.opt_u32("nanosecs").value_or(0)};
  }
  return out;
}

Device parse_device(const JsonReader& r) {
  r.require_object();
  Device d;
  d.type = r.req("type").as_string();
  d.path = r.req("path").as_string();
  // major and minor are required unless the device is a FIFO.
  if (d.type == "p") {
    d.major = r.opt_int("major").value_or(0);
    d.minor = r.opt_int("minor").value_or(0);
  } else {
    d.major = r.req("major").as_int();
    d.minor = r.req("minor").as_int();
  }
  d.file_mode = r.opt_u32("fileMode");
  d.uid = r.opt_u32("uid");
  d.gid = r.opt_u32("gid");
  return d;
}

DeviceRule parse_device_rule(const JsonReader& r) {
  r.require_object();
  DeviceRule d;
  d.allow = r.req("allow").as_bool();
  d.type = r.opt_string("type").value_or("a");
  d.major = opt_device_number(r, "major");
  d.minor = opt_device_number(r, "minor");
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
  c.burst = r.opt_uint("burst");
  c.period = r.opt_uint("period");
  c.realtime_runtime = r.opt_int("realtimeRuntime");
  c.realtime_period = r.opt_uint("realtimePeriod");
  c.cpus = r.opt_string("cpus").value_or("");
  c.mems = r.opt_string("mems").value_or("");
  c.idle = r.opt_int("idle");
  return c;
}

WeightDevice parse_weight_device(const JsonReader& r) {
  r.require_object();
  WeightDevice d{r.req("major").as_int(), r.req("minor").as_int(), opt_u16(r, "weight"),
                 opt_u16(r, "leafWeight")};
  if (!d.weight && !d.leaf_weight) r.fail("needs weight or leafWeight");
  return d;
}

ThrottleDevice parse_throttle_device(const JsonReader& r) {
  r.require_object();
  return ThrottleDevice{r.req("major").as_int(), r.req("minor").as_int(), r.req("rate").as_uint()};
}

BlockIoResources parse_block_io(const JsonReader& r) {
  r.require_object();
  BlockIoResources b;
  b.weight = opt_u16(r, "weight");
  b.leaf_weight = opt_u16(r, "leafWeight");
  r.at("weightDevice").for_each([&](const JsonReader& d) {
    b.weight_device.push_back(parse_weight_device(d));
  });
  auto throttle = [&](const char* key, std::vector<ThrottleDevice>& out) {
    r.at(key).for_each([&](const JsonReader& d) { out.push_back(parse_throttle_device(d)); });
  };
  throttle("throttleReadBpsDevice", b.throttle_read_bps);
  throttle("throttleWriteBpsDevice", b.throttle_write_bps);
  throttle("throttleReadIOPSDevice", b.throttle_read_iops);
  throttle("throttleWriteIOPSDevice", b.throttle_write_iops);
  return b;
}

HugepageLimit parse_hugepage_limit(const JsonReader& r) {
  r.require_object();
  return HugepageLimit{r.req("pageSize").as_string(), r.req("limit").as_uint()};
}

Resources parse_resources(const JsonReader& r) {
  r.require_object();
  Resources res;
  r.at("devices").for_each(
      [&](const JsonReader& d) { res.devices.push_back(parse_device_rule(d)); });
  if (r.has("memory")) res.memory = parse_memory(r.at("memory"));
  if (r.has("cpu")) res.cpu = parse_cpu(r.at("cpu"));
  if (r.has("pids")) {
    r.at("pids").require_object();
    res.pids_limit = r.at("pids").req("limit").as_int();
  }
  if (r.has("blockIO")) res.block_io = parse_block_io(r.at("blockIO"));
  r.at("hugepageLimits").for_each([&](const JsonReader& h) {
    res.hugepage_limits.push_back(parse_hugepage_limit(h));
  });
  res.unified = r.at("unified").as_string_map();
  return res;
}

SeccompArg parse_seccomp_arg(const JsonReader& r) {
  r.require_object();
  return SeccompArg{r.req("index").as_u32(), r.req("value").as_uint(),
                    r.opt_uint("valueTwo").value_or(0), r.req("op").as_string()};
}

SeccompSyscall parse_seccomp_syscall(const JsonReader& r) {
  r.require_object();
  SeccompSyscall sc;
  sc.names = r.req("names").as_string_list();
  sc.action = r.req("action").as_string();
  sc.errno_ret = r.opt_u32("errnoRet");
  r.at("args").for_each([&](const JsonReader& a) { sc.args.push_back(parse_seccomp_arg(a)); });
  return sc;
}

Seccomp parse_seccomp(const JsonReader& r) {
  r.require_object();
  Seccomp s;
  s.default_action = r.req("defaultAction").as_string();
  s.default_errno_ret = r.opt_u32("defaultErrnoRet");
  s.architectures = r.at("architectures").as_string_list();
  s.flags = r.at("flags").as_string_list();
  s.listener_path = r.opt_string("listenerPath").value_or("");
  s.listener_metadata = r.opt_string("listenerMetadata").value_or("");
  r.at("syscalls").for_each([&](const JsonReader& e) {
    s.syscalls.push_back(parse_seccomp_syscall(e));
  });
  return s;
}

}  // namespace

std::vector<IdMapping> parse_id_mappings(const JsonReader& r) {
  std::vector<IdMapping> out;
  r.for_each([&](const JsonReader& m) {
    m.require_object();
    out.push_back(
        IdMapping{m.req("containerID").as_u32(), m.req("hostID").as_u32(), m.req("size").as_u32()});
  });
  return out;
}

Linux parse_linux(const JsonReader& r) {
  r.require_object();
  Linux l;
  r.at("namespaces").for_each([&](const JsonReader& n) {
    l.namespaces.push_back(parse_namespace(n));
  });
  l.uid_mappings = parse_id_mappings(r.at("uidMappings"));
  l.gid_mappings = parse_id_mappings(r.at("gidMappings"));
  l.time_offsets = parse_time_offsets(r.at("timeOffsets"));
  l.sysctl = r.at("sysctl").as_string_map();
  if (r.has("resources")) l.resources = parse_resources(r.at("resources"));
  l.cgroups_path = r.opt_string("cgroupsPath").value_or("");
  r.at("devices").for_each([&](const JsonReader& d) { l.devices.push_back(parse_device(d)); });
  if (r.has("seccomp")) l.seccomp = parse_seccomp(r.at("seccomp"));
  l.rootfs_propagation = r.opt_string("rootfsPropagation").value_or("");
  l.masked_paths = r.at("maskedPaths").as_string_list();
  l.readonly_paths = r.at("readonlyPaths").as_string_list();
  l.mount_label = r.opt_string("mountLabel").value_or("");
  return l;
}

}  // namespace berth::oci::detail

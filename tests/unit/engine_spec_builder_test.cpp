// The OCI config the engine hands the runtime: docker's defaults and each flag's effect.
#include <sys/prctl.h>
#include "engine/spec_builder.hpp"
#include "runtime/init/security.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::engine {
namespace {

using json = nlohmann::json;

struct Fixture {
  ContainerRecord record;
  SpecInputs in;
  Fixture() {
    record.id = std::string(64, 'a');
    record.name = "web";
    record.config.entrypoint = {"/ipc"};
    record.config.cmd = {"-producer"};
    record.config.hostname = "aaaaaaaaaaaa";
    in.record = &record;
    in.rootfs = "/run/berth/containers/x/rootfs";
    in.cgroups_path = "/berth/" + record.id;
    in.volumes_dir = "/var/lib/berth/volumes";
  }
  json spec() { return build_oci_spec(in); }
};

json find_mount(const json& spec, const std::string& dest) {
  for (const auto& m : spec["mounts"])
    if (m["destination"] == dest) return m;
  return nullptr;
}

bool has_namespace(const json& spec, const std::string& type, std::string* path = nullptr) {
  for (const auto& n : spec["linux"]["namespaces"]) {
    if (n["type"] == type) {
      if (path) *path = n.value("path", "");
      return true;
    }
  }
  return false;
}

TEST(SpecBuilder, ArgsAreEntrypointThenCmd) {
  Fixture f;
  EXPECT_EQ(f.spec()["process"]["args"], json({"/ipc", "-producer"}));
}

TEST(SpecBuilder, DockersDefaultCapabilitiesAndMasks) {
  Fixture f;
  json s = f.spec();
  EXPECT_EQ(s["process"]["capabilities"]["bounding"].size(), 14u);
  EXPECT_TRUE(s["process"]["capabilities"]["inheritable"].empty());
  EXPECT_NE(std::find(s["linux"]["maskedPaths"].begin(), s["linux"]["maskedPaths"].end(), "/proc/kcore"),
            s["linux"]["maskedPaths"].end());
  EXPECT_FALSE(find_mount(s, "/dev/mqueue").is_null());
}

TEST(SpecBuilder, ShareableJoinsItsPinAndBindsTheGroupShm) {
  Fixture f;
  f.in.ipc.ns = IpcPlan::Namespace::kJoin;
  f.in.ipc.ns_path = "/run/berth/ipc/g/ns";
  f.in.ipc.shm = IpcPlan::Shm::kBind;
  f.in.ipc.shm_source = "/run/berth/ipc/g/shm";
  json s = f.spec();
  std::string path;
  ASSERT_TRUE(has_namespace(s, "ipc", &path));
  EXPECT_EQ(path, "/run/berth/ipc/g/ns");
  EXPECT_EQ(find_mount(s, "/dev/shm")["source"], "/run/berth/ipc/g/shm");
}

TEST(SpecBuilder, PrivateShmIsASizedTmpfs) {
  Fixture f;
  f.in.ipc.shm = IpcPlan::Shm::kTmpfs;
  f.in.ipc.shm_size = 1 << 20;
  json m = find_mount(f.spec(), "/dev/shm");
  EXPECT_EQ(m["type"], "tmpfs");
  EXPECT_NE(std::find(m["options"].begin(), m["options"].end(), "size=1048576"), m["options"].end());
}

TEST(SpecBuilder, NoneHasNoShmAndHostHasNoIpcNamespace) {
  Fixture f;
  f.in.ipc.shm = IpcPlan::Shm::kNone;
  EXPECT_TRUE(find_mount(f.spec(), "/dev/shm").is_null());
  f.in.ipc.ns = IpcPlan::Namespace::kHost;
  EXPECT_FALSE(has_namespace(f.spec(), "ipc"));
}

TEST(SpecBuilder, HostModesDropNamespaces) {
  Fixture f;
  f.record.host_config.network_mode = "host";
  f.record.host_config.pid_mode = "host";
  f.record.host_config.uts_mode = "host";
  json s = f.spec();
  EXPECT_FALSE(has_namespace(s, "network"));
  EXPECT_FALSE(has_namespace(s, "pid"));
  EXPECT_FALSE(has_namespace(s, "uts"));
  EXPECT_FALSE(s.contains("hostname"));
}

TEST(SpecBuilder, Resources) {
  Fixture f;
  auto& h = f.record.host_config;
  h.memory = 64 << 20;
  h.memory_swap = 128 << 20;
  h.nano_cpus = 1500000000;
  h.pids_limit = 50;
  h.cpu_shares = 512;
  json r = f.spec()["linux"]["resources"];
  EXPECT_EQ(r["memory"]["limit"], 64 << 20);
  EXPECT_EQ(r["memory"]["swap"], 128 << 20);
  EXPECT_EQ(r["cpu"]["quota"], 150000);
  EXPECT_EQ(r["cpu"]["period"], 100000);
  EXPECT_EQ(r["cpu"]["shares"], 512);
  EXPECT_EQ(r["pids"]["limit"], 50);
}

TEST(SpecBuilder, CapAddDropAndPrivileged) {
  HostConfig h;
  h.cap_drop = {"ALL"};
  h.cap_add = {"net_admin"};
  EXPECT_EQ(effective_capabilities(h), std::vector<std::string>{"CAP_NET_ADMIN"});
  h.cap_add = {"CAP_BOGUS"};
  EXPECT_THROW(effective_capabilities(h), Error);
  HostConfig p;
  p.privileged = true;
  EXPECT_GT(effective_capabilities(p).size(), 30u);
}

TEST(SpecBuilder, PrivilegedAndAddAllGrantOnlyOurBoundingSet) {
  HostConfig p;
  p.privileged = true;
  for (const auto& name : effective_capabilities(p))
    EXPECT_EQ(::prctl(PR_CAPBSET_READ, runtime::capability_from_name(name), 0, 0, 0), 1) << name;
  HostConfig h;
  h.cap_add = {"ALL"};
  h.cap_drop = {"NET_RAW"};
  auto caps = effective_capabilities(h);
  EXPECT_EQ(std::count(caps.begin(), caps.end(), "CAP_NET_RAW"), 0);
  EXPECT_EQ(caps.size() + 1, effective_capabilities(p).size());
}

MountSpec mount_spec(std::string type, std::string source, std::string destination, bool read_only = false,
                     std::vector<std::string> options = {}) {
  MountSpec m;
  m.type = std::move(type);
  m.source = std::move(source);
  m.destination = std::move(destination);
  m.read_only = read_only;
  m.options = std::move(options);
  return m;
}

TEST(SpecBuilder, VolumesAndTmpfs) {
  Fixture f;
  f.record.host_config.mounts = {mount_spec("volume", "data", "/data"), mount_spec("bind", "/srv", "/srv", true),
                                 mount_spec("tmpfs", "", "/run", false, {"size=1m"})};
  json s = f.spec();
  EXPECT_EQ(find_mount(s, "/data")["source"], "/var/lib/berth/volumes/data/_data");
  json srv = find_mount(s, "/srv");
  EXPECT_NE(std::find(srv["options"].begin(), srv["options"].end(), "ro"), srv["options"].end());
  EXPECT_EQ(srv["options"][0], "rbind");
  EXPECT_EQ(find_mount(s, "/run")["type"], "tmpfs");
}

TEST(SpecBuilder, NonRecursiveBindLeavesSubmountsOut) {
  Fixture f;
  MountSpec m = mount_spec("bind", "/srv", "/srv");
  m.recursive = false;
  f.record.host_config.mounts = {m};
  EXPECT_EQ(find_mount(f.spec(), "/srv")["options"][0], "bind");
}

TEST(SpecBuilder, UserAndNoNewPrivileges) {
  Fixture f;
  f.in.user.uid = 65534;
  f.in.user.gid = 65534;
  f.record.host_config.security_opt = {"no-new-privileges"};
  json s = f.spec();
  EXPECT_EQ(s["process"]["user"]["uid"], 65534);
  EXPECT_TRUE(s["process"]["noNewPrivileges"].get<bool>());
}

}  // namespace
}  // namespace berth::engine

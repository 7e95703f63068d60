// -v, --mount and --tmpfs as the docker CLI reads them and dockerd checks them, and where inspect
// shows what each made.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "cli/berth/mount_flags.hpp"
#include "cli/berth/mount_inspect_json.hpp"

namespace berth::cli {
namespace {

std::string error_of(engine::MountSpec (*parse)(const std::string&), const std::string& value) {
  try {
    parse(value);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine) << value;
    return e.what();
  }
  return "";
}

TEST(VolumeFlag, HostPathTargetAndMode) {
  auto m = parse_volume_flag("/srv:/data:ro,rslave");
  EXPECT_EQ(m.type, "bind");
  EXPECT_EQ(m.source, "/srv");
  EXPECT_EQ(m.destination, "/data");
  EXPECT_TRUE(m.read_only);
  EXPECT_TRUE(m.create_missing_source);  // dockerd makes a missing -v directory
  EXPECT_EQ(m.options, std::vector<std::string>{"rslave"});
  EXPECT_EQ(m.flag, "-v");
  EXPECT_EQ(m.flag_value, "/srv:/data:ro,rslave");
}

TEST(VolumeFlag, NamedAnonymousAndDotted) {
  auto named = parse_volume_flag("cache:/c:nocopy");
  EXPECT_EQ(named.type, "volume");
  EXPECT_TRUE(named.no_copy);
  EXPECT_FALSE(named.anonymous);
  auto anonymous = parse_volume_flag("/scratch");
  EXPECT_TRUE(anonymous.anonymous);
  EXPECT_EQ(anonymous.source.size(), 64u);
  auto dotted = parse_volume_flag("./here/../x:/x");
  EXPECT_EQ(dotted.type, "bind");
  EXPECT_TRUE(dotted.source.starts_with("/")) << dotted.source;
  EXPECT_TRUE(dotted.source.ends_with("/x")) << dotted.source;
}

TEST(VolumeFlag, DockersErrors) {
  EXPECT_EQ(error_of(parse_volume_flag, ""), "invalid empty volume spec");
  EXPECT_EQ(error_of(parse_volume_flag, ":/x"), "invalid spec: :/x: empty section between colons");
  EXPECT_EQ(error_of(parse_volume_flag, "/a:/b:"), "invalid spec: /a:/b:: empty section between colons");
  EXPECT_EQ(error_of(parse_volume_flag, "a:b:c:d"), "invalid volume specification: 'a:b:c:d'");
  EXPECT_EQ(error_of(parse_volume_flag, "/x:ro"), "invalid volume specification: '/x:ro'");
  EXPECT_EQ(error_of(parse_volume_flag, "/x:/y:bogus"), "invalid mode: bogus");
  EXPECT_EQ(error_of(parse_volume_flag, "/x:/y:ro,rw"), "invalid mode: ro,rw");
  EXPECT_EQ(error_of(parse_volume_flag, "/x:/y:shared,rslave"), "invalid mode: shared,rslave");
  EXPECT_EQ(error_of(parse_volume_flag, "/srv:relative"),
            "invalid volume specification: '/srv:relative': invalid mount config for type \"bind\": invalid mount "
            "path: 'relative' mount path must be absolute");
  EXPECT_EQ(error_of(parse_volume_flag, "/srv:/"),
            "invalid volume specification: '/srv:/': invalid mount config for type \"bind\": invalid "
            "specification: destination can't be '/'");
  EXPECT_EQ(error_of(parse_volume_flag, "/srv://."),
            "invalid volume specification: '/srv://.': invalid mount config for type \"bind\": invalid "
            "specification: destination can't be '/'");
  EXPECT_EQ(error_of(parse_volume_flag, "vol:/x:rshared"),
            "invalid volume specification: 'vol:/x:rshared': invalid mount config for type \"volume\": field "
            "BindOptions must not be specified");
  EXPECT_EQ(error_of(parse_volume_flag, "/srv:/x:nocopy"),
            "invalid volume specification: '/srv:/x:nocopy': invalid mount config for type \"bind\": field "
            "VolumeOptions must not be specified");
}

TEST(MountFlag, EachTypeAndItsOptions) {
  auto bind = parse_mount_flag("type=bind,src=/,dst=/host,readonly,bind-propagation=rslave,bind-recursive=disabled");
  EXPECT_EQ(bind.type, "bind");
  EXPECT_EQ(bind.source, "/");
  EXPECT_TRUE(bind.read_only);
  EXPECT_FALSE(bind.recursive);
  EXPECT_FALSE(bind.create_missing_source);  // --mount wants it to exist
  EXPECT_EQ(bind.options, std::vector<std::string>{"rslave"});
  auto upper = parse_mount_flag("TYPE=BIND,Source=/,Target=/h");  // keys and the type are case-blind
  EXPECT_EQ(upper.type, "bind");
  EXPECT_EQ(upper.destination, "/h");
  auto volume = parse_mount_flag("source=data,target=/d,volume-nocopy,volume-label=team=ipc");
  EXPECT_EQ(volume.type, "volume");
  EXPECT_TRUE(volume.no_copy);
  EXPECT_EQ(volume.volume_labels.at("team"), "ipc");
  auto tmpfs = parse_mount_flag("type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770");
  EXPECT_EQ(tmpfs.options, (std::vector<std::string>{"size=1048576", "mode=1770"}));
  auto quoted = parse_mount_flag("\"type=bind\",\"src=/\",\"dst=/a,b\"");  // CSV quotes
  EXPECT_EQ(quoted.destination, "/a,b");
  auto rro = parse_mount_flag("type=bind,src=/,dst=/r,ro,bind-recursive=readonly");
  EXPECT_EQ(rro.options, std::vector<std::string>{"rro"});
}

TEST(MountFlag, TheCLIsErrorsNameTheFlag) {
  auto flag_error = [](const std::string& value, const std::string& why) {
    return "invalid argument \"" + value + "\" for \"--mount\" flag: " + why;
  };
  EXPECT_EQ(error_of(parse_mount_flag, ""), flag_error("", "EOF"));
  EXPECT_EQ(error_of(parse_mount_flag, "type="), flag_error("type=", "type is required"));
  EXPECT_EQ(error_of(parse_mount_flag, "src=/tmp"), flag_error("src=/tmp", "target is required"));
  EXPECT_EQ(error_of(parse_mount_flag, "type=volume,dst"),
            flag_error("type=volume,dst", "invalid field 'dst' must be a key=value pair"));
  EXPECT_EQ(error_of(parse_mount_flag, "dst=/x,bogus=1"), flag_error("dst=/x,bogus=1", "unexpected key 'bogus' in 'bogus=1'"));
  EXPECT_EQ(error_of(parse_mount_flag, "dst=/x,ro=maybe"), flag_error("dst=/x,ro=maybe", "invalid value for ro: maybe"));
  EXPECT_EQ(error_of(parse_mount_flag, "type=tmpfs,dst=/x,tmpfs-size=abc"),
            flag_error("type=tmpfs,dst=/x,tmpfs-size=abc", "invalid value for tmpfs-size: abc"));
  EXPECT_EQ(error_of(parse_mount_flag, "type=tmpfs,dst=/x,tmpfs-mode=9"),
            flag_error("type=tmpfs,dst=/x,tmpfs-mode=9", "invalid value for tmpfs-mode: 9"));
  EXPECT_EQ(error_of(parse_mount_flag, "type=bind,src=/,dst=/x,volume-nocopy"),
            flag_error("type=bind,src=/,dst=/x,volume-nocopy", "cannot mix 'volume-*' options with mount type 'bind'"));
  EXPECT_EQ(error_of(parse_mount_flag, "src=v,dst=/x,bind-propagation=shared"),
            flag_error("src=v,dst=/x,bind-propagation=shared", "cannot mix 'bind-*' options with mount type 'volume'"));
  EXPECT_EQ(error_of(parse_mount_flag, "type=bind,src=/,dst=/x,tmpfs-size=1m"),
            flag_error("type=bind,src=/,dst=/x,tmpfs-size=1m", "cannot mix 'tmpfs-*' options with mount type 'bind'"));
  EXPECT_EQ(error_of(parse_mount_flag, "type=vol\"ume,dst=/x"),
            flag_error("type=vol\"ume,dst=/x", "parse error on line 1, column 9: bare \" in non-quoted-field"));
  EXPECT_EQ(error_of(parse_mount_flag, "dst=/x,\"quoted"),
            flag_error("dst=/x,\"quoted", "parse error on line 1, column 15: extraneous or missing \" in quoted-field"));
}

TEST(MountFlag, DockerdsErrorsDoNot) {
  EXPECT_EQ(error_of(parse_mount_flag, "type=bogus,dst=/x"), "invalid mount config for type \"bogus\": mount type unknown");
  EXPECT_EQ(error_of(parse_mount_flag, "type=bind,dst=/x"),
            "invalid mount config for type \"bind\": field Source must not be empty");
  EXPECT_EQ(error_of(parse_mount_flag, "type=bind,src=relative,dst=/x"),
            "invalid mount config for type \"bind\": invalid mount path: 'relative' mount path must be absolute");
  EXPECT_EQ(error_of(parse_mount_flag, "type=bind,src=/no/such/dir/here,dst=/x"),
            "invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir/here");
  EXPECT_EQ(error_of(parse_mount_flag, "type=bind,src=/,dst=/"),
            "invalid mount config for type \"bind\": invalid specification: destination can't be '/'");
  EXPECT_EQ(error_of(parse_mount_flag, "type=bind,src=/,dst=/x,bind-propagation=weird"),
            "invalid mount config for type \"bind\": invalid propagation mode: weird");
  EXPECT_EQ(error_of(parse_mount_flag, "type=tmpfs,src=/tmp,dst=/x"),
            "invalid mount config for type \"tmpfs\": field Source must not be specified");
  EXPECT_EQ(error_of(parse_mount_flag, "dst=/x,readonly"),
            "invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes");
  EXPECT_EQ(error_of(parse_mount_flag, "type=volume,dst=/x,volume-driver=nfs"),
            "error looking up volume plugin nfs: plugin \"nfs\" not found");
  EXPECT_NE(parse_mount_flag("type=bind,src=/no/such/dir/here,dst=/x,bind-create-mountpoint").create_missing_source,
            false);
}

TEST(TmpfsFlag, TargetAndOptions) {
  auto m = parse_tmpfs_flag("/run:size=2m,mode=1777");
  EXPECT_EQ(m.destination, "/run");
  EXPECT_EQ(m.options, (std::vector<std::string>{"size=2m", "mode=1777"}));
  EXPECT_EQ(error_of(parse_tmpfs_flag, "relative"), "invalid mount path: 'relative' mount path must be absolute");
  EXPECT_EQ(error_of(parse_tmpfs_flag, "/"), "invalid specification: destination can't be '/'");
}

TEST(MountInspect, EachFlagWhereDockerShowsIt) {
  engine::ContainerRecord r;
  r.host_config.mounts = {parse_volume_flag("/srv:/a:ro,rslave"), parse_volume_flag("vol1:/b"),
                          parse_volume_flag("/c"), parse_mount_flag("type=bind,src=/,dst=/d,bind-propagation=shared"),
                          parse_mount_flag("type=volume,src=vol2,dst=/e,volume-nocopy"),
                          parse_mount_flag("type=tmpfs,dst=/f,tmpfs-size=1m,tmpfs-mode=700"),
                          parse_tmpfs_flag("/g:size=2m")};
  EXPECT_EQ(binds_json(r), nlohmann::json({"/srv:/a:ro,rslave", "vol1:/b"}));
  EXPECT_EQ(tmpfs_json(r), nlohmann::json({{"/g", "size=2m"}}));
  auto host = host_mounts_json(r);
  ASSERT_EQ(host.size(), 3u);
  EXPECT_EQ(host[0], nlohmann::json({{"Type", "bind"}, {"Source", "/"}, {"Target", "/d"},
                                     {"BindOptions", {{"Propagation", "shared"}}}}));
  EXPECT_EQ(host[1]["VolumeOptions"]["NoCopy"], true);
  EXPECT_EQ(host[2]["TmpfsOptions"], nlohmann::json({{"SizeBytes", 1048576}, {"Mode", 0700}}));
  engine::ContainerStore store(engine::Paths{"/var/lib/berth", "/run/berth"});
  auto points = mount_points_json(store, r);
  EXPECT_EQ(points[0]["Mode"], "ro,rslave");
  EXPECT_EQ(points[0]["Propagation"], "rslave");
  EXPECT_EQ(points[1]["Mode"], "z");  // dockerd's default for a named volume
  EXPECT_EQ(points[2]["Mode"], "");
  EXPECT_EQ(points[3]["Propagation"], "shared");
  engine::ContainerRecord plain;
  EXPECT_TRUE(host_mounts_json(plain).is_null());
}

}  // namespace
}  // namespace berth::cli

// The /etc files dockerd writes for a container.
#include <gtest/gtest.h>

#include "engine/etc_files.hpp"

namespace berth::engine {
namespace {

TEST(EtcFiles, ResolvConfLosesLoopbackNameserversOnly) {
  EXPECT_EQ(container_resolv_conf("# by resolved\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nsearch lan\noptions edns0\n"),
            "# by resolved\nnameserver 10.0.0.2\nsearch lan\noptions edns0\n");
  EXPECT_EQ(container_resolv_conf("nameserver ::1\nsearch lan\n"), "search lan\n\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n");
  EXPECT_EQ(container_resolv_conf(""), "\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n");
}

TEST(EtcFiles, AUserMountOverOneKeepsItsOwn) {
  Paths paths{"/var/lib/berth", "/run/berth"};
  ContainerRecord r;
  r.id = "abc";
  auto all = etc_files(paths, r);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].destination, "/etc/hostname");
  EXPECT_EQ(all[0].source, "/var/lib/berth/containers/abc/hostname");
  MountSpec mine;
  mine.type = "bind";
  mine.source = "/srv/hosts";
  mine.destination = "/etc/hosts";
  r.host_config.mounts.push_back(mine);
  auto rest = etc_files(paths, r);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[1].destination, "/etc/resolv.conf");
}

}  // namespace
}  // namespace berth::engine

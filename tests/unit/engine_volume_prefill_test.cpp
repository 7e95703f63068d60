// Which mounts the create-time copy considers, and which volume locks it takes.
#include "engine/volume_prefill.hpp"

#include <gtest/gtest.h>

namespace berth::engine {
namespace {

MountSpec mount(std::string type, std::string source, std::string destination, bool no_copy = false) {
  MountSpec m;
  m.type = std::move(type);
  m.source = std::move(source);
  m.destination = std::move(destination);
  m.no_copy = no_copy;
  return m;
}

TEST(VolumePrefill, OnlyVolumesWithoutNocopy) {
  ContainerRecord r;
  r.host_config.mounts = {mount("bind", "/srv", "/srv"), mount("volume", "data", "/data"),
                          mount("tmpfs", "", "/tmp"), mount("volume", "quiet", "/quiet", true),
                          mount("volume", "anon0123", "/scratch")};
  auto c = prefill_candidates(r);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].destination, "/data");
  EXPECT_EQ(c[1].destination, "/scratch");
}

TEST(VolumePrefill, LocksAreSortedAndTakenOncePerVolume) {
  std::vector<MountSpec> c = {mount("volume", "zeta", "/z"), mount("volume", "alpha", "/a"),
                              mount("volume", "zeta", "/z2")};
  EXPECT_EQ(volumes_to_lock(c), (std::vector<std::string>{"alpha", "zeta"}));
}

}  // namespace
}  // namespace berth::engine

// The container's environment as dockerd splits it: Config.Env, and the engine's variables
// added only to the process.
#include <gtest/gtest.h>

#include "engine/container_env.hpp"

namespace berth::engine {
namespace {

using Env = std::vector<std::string>;

TEST(ContainerEnv, LaterKeysReplaceInPlaceOthersAppend) {
  EXPECT_EQ(replace_or_append_env({"A=1", "B=2"}, {"B=3", "C=4", "A=5"}), (Env{"A=5", "B=3", "C=4"}));
  EXPECT_EQ(replace_or_append_env({}, {"A=1"}), (Env{"A=1"}));
  // A bare name is a key as well (docker keeps it; the runtime drops it).
  EXPECT_EQ(replace_or_append_env({"A=1"}, {"A"}), (Env{"A"}));
  // The key is up to the first '=': "A=b=c" is key A.
  EXPECT_EQ(replace_or_append_env({"A=x"}, {"A=b=c"}), (Env{"A=b=c"}));
}

TEST(ContainerEnv, ProcessGetsPathHostnameAndTermUnderTheConfigsOwn) {
  ContainerConfig c;
  c.hostname = "abc123";
  c.env = {"A=1"};
  EXPECT_EQ(process_env(c), (Env{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=abc123", "A=1"}));
  c.tty = true;
  c.env = {"PATH=/bin", "HOSTNAME=mine"};
  EXPECT_EQ(process_env(c), (Env{"PATH=/bin", "HOSTNAME=mine", "TERM=xterm"}));
}

}  // namespace
}  // namespace berth::engine

// --security-opt as dockerd reads it.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "engine/security_opts.hpp"

namespace berth::engine {
namespace {

std::string error_of(const std::vector<std::string>& options) {
  try {
    parse_security_opts(options);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
    return e.what();
  }
  return "";
}

TEST(SecurityOpts, NoNewPrivilegesAloneOrAsAGoBoolean) {
  EXPECT_FALSE(parse_security_opts({}).no_new_privileges);
  EXPECT_TRUE(parse_security_opts({"no-new-privileges"}).no_new_privileges);
  EXPECT_TRUE(parse_security_opts({"no-new-privileges=true"}).no_new_privileges);
  EXPECT_TRUE(parse_security_opts({"no-new-privileges:1"}).no_new_privileges);
  EXPECT_FALSE(parse_security_opts({"no-new-privileges", "no-new-privileges=false"}).no_new_privileges);
  EXPECT_FALSE(parse_security_opts({"no-new-privileges:F"}).no_new_privileges);
}

TEST(SecurityOpts, SeccompLabelAndApparmor) {
  EXPECT_EQ(parse_security_opts({"seccomp=unconfined"}).seccomp, "unconfined");
  EXPECT_EQ(parse_security_opts({"seccomp:/p.json"}).seccomp, "/p.json");
  EXPECT_FALSE(parse_security_opts({"label=disable", "label:user:u", "apparmor=unconfined", "disable"}).seccomp);
}

TEST(SecurityOpts, DockerdsErrors) {
  EXPECT_EQ(error_of({"bogus"}), "invalid --security-opt 1: \"bogus\"");
  EXPECT_EQ(error_of({"foo=bar"}), "invalid --security-opt 2: \"foo=bar\"");
  EXPECT_EQ(error_of({"no-new-privileges=maybe"}), "invalid --security-opt 2: \"no-new-privileges=maybe\"");
}

TEST(SecurityOpts, GoBool) {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) EXPECT_EQ(parse_go_bool(t), true) << t;
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) EXPECT_EQ(parse_go_bool(f), false) << f;
  for (const char* x : {"", "yes", "tRUE", "2"}) EXPECT_FALSE(parse_go_bool(x)) << x;
}

}  // namespace
}  // namespace berth::engine

// Image configs: docker's "config" object into ContainerDefaults, diff ids, import's --change.
#include "image/image_config.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

TEST(image_config, ParsesContainerDefaults) {
  auto config = json::parse(R"({
    "config": {"Env": ["PATH=/bin", "A=1"], "Entrypoint": ["/init"], "Cmd": null, "WorkingDir": "/app",
               "User": "nobody", "StopSignal": "SIGQUIT", "Labels": {"k": "v"},
               "ExposedPorts": {"80/tcp": {}, "53/udp": {}}},
    "rootfs": {"type": "layers", "diff_ids": []}})");
  auto d = parse_container_defaults(config);
  EXPECT_EQ(d.env, (std::vector<std::string>{"PATH=/bin", "A=1"}));
  EXPECT_EQ(d.entrypoint, std::vector<std::string>{"/init"});
  EXPECT_FALSE(d.cmd.has_value());
  EXPECT_EQ(d.working_dir, "/app");
  EXPECT_EQ(d.user, "nobody");
  EXPECT_EQ(d.stop_signal, "SIGQUIT");
  EXPECT_EQ(d.labels, (std::map<std::string, std::string>{{"k", "v"}}));
  EXPECT_EQ(d.exposed_ports, (std::vector<std::string>{"53/udp", "80/tcp"}));
  EXPECT_TRUE(parse_container_defaults(json::parse(R"({"rootfs": {}})")).env.empty());
}

TEST(image_config, WrongTypesNameTheField) {
  for (const char* bad :
       {R"({"config": {"Env": "A=1"}})", R"({"config": {"Cmd": [1]}})",
        R"({"config": {"User": 0}})", R"({"config": {"Labels": {"a": 1}}})", R"({"config": []})"}) {
    try {
      parse_container_defaults(json::parse(bad));
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("image config"), std::string::npos) << e.what();
      EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
    }
  }
}

TEST(image_config, DiffIdsMustBeDigests) {
  std::string good = "sha256:" + std::string(64, 'a');
  EXPECT_EQ(parse_diff_ids(json{{"rootfs", {{"diff_ids", {good}}}}}),
            std::vector<std::string>{good});
  for (const std::string& bad : {std::string("sha256:../../x"), "sha512:" + std::string(128, 'a'),
                                 "sha256:" + std::string(64, 'A'), std::string("")}) {
    EXPECT_THROW(parse_diff_ids(json{{"rootfs", {{"diff_ids", {bad}}}}}), Error) << bad;
  }
  EXPECT_THROW(parse_diff_ids(json::object()), Error);
}

TEST(image_config, ImportChanges) {
  json config = new_image_config({}, "imported");
  EXPECT_EQ(config["os"], "linux");
  EXPECT_EQ(config["comment"], "imported");
  apply_change(config, R"(CMD ["sh", "-c", "echo hi"])");
  apply_change(config, "ENTRYPOINT /init --flag");
  apply_change(config, "ENV A=1 B=\"two words\"");
  apply_change(config, "ENV A 3 and more");
  apply_change(config, "WORKDIR /srv");
  apply_change(config, "WORKDIR app");
  apply_change(config, "USER 1000:1000");
  apply_change(config, "LABEL version=1.0 \"maintainer\"=me");
  apply_change(config, "EXPOSE 80 53/udp");
  apply_change(config, "STOPSIGNAL SIGTERM");
  apply_change(config, "volume [\"/data\"]");
  auto d = parse_container_defaults(config);
  EXPECT_EQ(d.cmd, (std::vector<std::string>{"sh", "-c", "echo hi"}));
  EXPECT_EQ(d.entrypoint, (std::vector<std::string>{"/bin/sh", "-c", "/init --flag"}));
  EXPECT_EQ(d.env, (std::vector<std::string>{"A=3 and more", "B=two words"}));
  EXPECT_EQ(d.working_dir, "/srv/app");
  EXPECT_EQ(d.user, "1000:1000");
  EXPECT_EQ(d.labels,
            (std::map<std::string, std::string>{{"maintainer", "me"}, {"version", "1.0"}}));
  EXPECT_EQ(d.exposed_ports, (std::vector<std::string>{"53/udp", "80/tcp"}));
  EXPECT_EQ(d.stop_signal, "SIGTERM");
  EXPECT_TRUE(config["config"]["Volumes"].contains("/data"));
  EXPECT_THROW(apply_change(config, "RUN rm -rf /"), Error);
  EXPECT_THROW(apply_change(config, "ENV"), Error);
  EXPECT_THROW(apply_change(config, "ENV A=\"unterminated"), Error);
}

}  // namespace
}  // namespace berth::image

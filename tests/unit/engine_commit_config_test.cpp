// docker commit's config: -c instructions read by the build's parser and applied as dockerd's
// BuildFromConfig applies them, dockerd's merge with the container's Config, the new image's
// layers, history, author and comment.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "engine/commit_config.hpp"
#include "image/commit_changes.hpp"

namespace berth::engine {
namespace {

using json = nlohmann::json;

json changed(json config, std::vector<std::string> changes) {
  return image::apply_commit_changes(std::move(config), changes);
}

std::string error_of(std::vector<std::string> changes) {
  try {
    changed(json::object(), changes);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kGeneric);
    return e.what();
  }
  return "no error";
}

TEST(CommitChanges, OnlyDockersInstructionsAreTaken) {
  EXPECT_TRUE(image::is_commit_instruction("cmd"));
  EXPECT_TRUE(image::is_commit_instruction("WORKDIR"));
  EXPECT_FALSE(image::is_commit_instruction("STOPSIGNAL"));  // not in dockerd's list
  EXPECT_EQ(error_of({"RUN echo hi"}), "run is not a valid change command");
  EXPECT_EQ(error_of({"FOO bar"}), "foo is not a valid change command");
  EXPECT_EQ(error_of({"MAINTAINER me"}), "maintainer is not a valid change command");
  EXPECT_EQ(error_of({"EXPOSE"}), "EXPOSE requires at least one argument");
}

TEST(CommitChanges, AppliedOnTheContainersConfig) {
  json c = {{"Env", {"A=0", "PATH=/bin"}}, {"WorkingDir", "/tmp"}, {"Cmd", {"sh"}}};
  json out = changed(c, {"ENV A=1 B=$PATH", "WORKDIR sub", "LABEL k=v", "EXPOSE 80 53/udp",
                         "CMD echo hi", "USER nobody", "VOLUME /data", "ONBUILD RUN x"});
  EXPECT_EQ(out["Env"], json({"A=1", "PATH=/bin", "B=/bin"}));  // in place, $VARs from its Env
  EXPECT_EQ(out["WorkingDir"], "/tmp/sub");                      // relative to the container's
  EXPECT_EQ(out["Labels"], json({{"k", "v"}}));
  EXPECT_EQ(out["ExposedPorts"], json({{"53/udp", json::object()}, {"80/tcp", json::object()}}));
  EXPECT_EQ(out["Cmd"], json({"/bin/sh", "-c", "echo hi"}));
  EXPECT_EQ(out["User"], "nobody");
  EXPECT_EQ(out["Volumes"], json({{"/data", json::object()}}));
  EXPECT_EQ(out["OnBuild"], json({"RUN x"}));
}

TEST(CommitChanges, EntrypointClearsCmdUnlessCmdCameFirst) {
  json c = {{"Cmd", {"sh"}}};
  EXPECT_FALSE(changed(c, {"ENTRYPOINT [\"echo\"]"}).contains("Cmd"));
  EXPECT_EQ(changed(c, {"CMD [\"hi\"]", "ENTRYPOINT [\"echo\"]"})["Cmd"], json({"hi"}));
}

TEST(CommitMerge, DockerdsMergeFillsWhatTheChangesLeftEmpty) {
  json container = {{"User", "u"},
                    {"Env", {"A=0", "PATH=/bin"}},
                    {"Labels", {{"x", "y"}}},
                    {"Cmd", {"sh"}},
                    {"Entrypoint", nullptr},
                    {"ExposedPorts", {{"80/tcp", json::object()}}},
                    {"Volumes", {{"/v", json::object()}}},
                    {"WorkingDir", "/w"}};
  json mine = {{"Env", {"A=1"}}, {"Labels", {{"x", "z"}}}, {"Cmd", json::array()},
               {"ExposedPorts", {{"53/udp", json::object()}}}};
  json out = merge_commit_config(mine, container);
  EXPECT_EQ(out["User"], "u");
  EXPECT_EQ(out["Env"], json({"A=1", "PATH=/bin"}));
  EXPECT_EQ(out["Labels"], json({{"x", "z"}}));
  EXPECT_EQ(out["Cmd"], json({"sh"}));  // CMD [] and no entrypoint: the container's again
  EXPECT_EQ(out["ExposedPorts"].size(), 2u);
  EXPECT_EQ(out["Volumes"], json({{"/v", json::object()}}));
  EXPECT_EQ(out["WorkingDir"], "/w");
  // With an entrypoint of its own the Cmd is not taken back.
  json ep = merge_commit_config({{"Entrypoint", {"echo"}}}, container);
  EXPECT_TRUE(ep["Cmd"].is_null());
}

ContainerRecord record() {
  ContainerRecord r;
  r.id = std::string(64, 'c');
  r.config.image = "busybox";
  r.config.cmd = {"sh", "-c", "echo hi > /x"};
  r.config.env = {"PATH=/bin", "A=0"};
  r.config.working_dir = "/tmp";
  r.config.hostname = "cccccccccccc";
  return r;
}

TEST(CommitImageConfig, LayersHistoryAuthorCommentContainer) {
  json base = {{"architecture", "amd64"},
               {"os", "linux"},
               {"config", {{"ExposedPorts", {{"80/tcp", json::object()}}}}},
               {"rootfs", {{"type", "layers"}, {"diff_ids", {"sha256:aa"}}}},
               {"history", {{{"created", "t0"}, {"comment", "Imported from -"}}}}};
  CommitMessage m{"me", "msg", {"ENV A=1"}};
  json out = commit_image_config(base, record(), m, "sha256:bb", "t1");
  EXPECT_EQ(out["rootfs"]["diff_ids"], json({"sha256:aa", "sha256:bb"}));
  EXPECT_EQ(out["history"].size(), 2u);
  EXPECT_EQ(out["history"][1], json({{"created", "t1"}, {"author", "me"},
                                     {"created_by", "sh -c echo hi > /x"}, {"comment", "msg"}}));
  EXPECT_EQ(out["author"], "me");
  EXPECT_EQ(out["comment"], "msg");
  EXPECT_EQ(out["created"], "t1");
  EXPECT_EQ(out["container"], std::string(64, 'c'));
  EXPECT_EQ(out["architecture"], "amd64");
  EXPECT_EQ(out["config"]["Env"], json({"PATH=/bin", "A=1"}));
  EXPECT_EQ(out["config"]["ExposedPorts"], json({{"80/tcp", json::object()}}));  // the image's
  EXPECT_FALSE(out["config"].contains("StopSignal"));  // nobody chose one
  EXPECT_EQ(out["container_config"]["Env"], json({"PATH=/bin", "A=0"}));
  EXPECT_EQ(out["container_config"]["Cmd"], json({"sh", "-c", "echo hi > /x"}));
}

TEST(CommitImageConfig, NothingChangedAddsNoLayer) {
  json base = {{"os", "linux"}, {"rootfs", {{"type", "layers"}, {"diff_ids", {"sha256:aa"}}}}};
  json out = commit_image_config(base, record(), {}, "", "t1");
  EXPECT_EQ(out["rootfs"]["diff_ids"], json({"sha256:aa"}));
  EXPECT_EQ(out["history"][0]["empty_layer"], true);
  EXPECT_FALSE(out.contains("author"));
  EXPECT_FALSE(out["history"][0].contains("comment"));
}

}  // namespace
}  // namespace berth::engine

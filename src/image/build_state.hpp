// The builder's state between steps (internal to builder*.cpp).
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "image/build_cache.hpp"
#include "image/builder.hpp"
#include "image/dockerfile_parse.hpp"
#include "image/shell_words.hpp"

namespace berth::image {

struct StageState {
  std::string name;      // the "AS" name, lower case
  nlohmann::json config;  // the image config as the stage stands
  std::string digest;    // sha256 of the config: the parent part of the next step's cache key
  std::string base_id;   // the base image's id while no step has changed it
  BuildEnv args;         // ARGs declared in this stage that have a value
  bool cmd_set = false;  // CMD given in this stage (ENTRYPOINT then keeps it)
  std::vector<std::string> shell{"/bin/sh", "-c"};

  std::vector<std::string> diff_ids() const;
  // What $VAR sees: the stage's ARGs, overridden by its ENV.
  BuildEnv expansion_env() const;
  std::vector<std::string> env() const;  // config.Env
};

// The outcome of a step that missed the cache.
struct StepResult {
  nlohmann::json config;
  std::string diff_id;  // empty: no layer
};

// The docker image config after a step: `diff_id` appended (when any), a history entry, the
// step's time as "created".
nlohmann::json commit_config(nlohmann::json config, const std::string& created_by, const std::string& diff_id);
// An empty config (FROM scratch).
nlohmann::json scratch_config();
// Docker's default PATH, added to a stage's Env when it has none.
inline constexpr const char* kDefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
void set_env(nlohmann::json& config, const std::string& key, const std::string& value);

// ENV, LABEL, EXPOSE, USER, CMD, ENTRYPOINT, STOPSIGNAL, VOLUME, SHELL, MAINTAINER,
// HEALTHCHECK, ONBUILD: applies `ins` to `config` and returns the step's text for the cache
// key and history ("ENV A=1"), after substitution. Updates the stage's shell and cmd_set.
std::string apply_metadata(StageState& stage, const Instruction& ins, nlohmann::json& config, char escape);
bool is_metadata_instruction(const std::string& keyword);
// The proxy variables docker passes to RUN without an ARG and keeps out of the history.
inline bool is_predefined_arg(const std::string& name) {
  static const std::set<std::string> kNames = {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
                                               "FTP_PROXY",  "ftp_proxy",  "NO_PROXY",    "no_proxy",
                                               "ALL_PROXY",  "all_proxy"};
  return kNames.contains(name);
}

}  // namespace berth::image

namespace berth::image {

// A failure that must reach the user unchanged (RUN's non-zero exit), without line context.
struct StepFailed : Error {
  using Error::Error;
};

class SourceTree;
struct CopySource;
class StepRootfs;

class Builder {
 public:
  Builder(Store& store, const BuildPaths& paths, const BuildOptions& options);
  std::string build();

 private:
  void dispatch(const Instruction& ins);
  void from(const Instruction& ins);
  void arg(const Instruction& ins);
  void metadata(const Instruction& ins);
  void workdir(const Instruction& ins);
  void run(const Instruction& ins);
  void copy(const Instruction& ins);
  std::string finish();

  // Looks the step up in the cache, or makes it with `produce` and records it.
  void cached_step(const std::string& text, const std::string& sources, const std::function<StepResult()>& produce);
  void adopt(const nlohmann::json& config);
  // Mounts the stage's layers, lets `act` change them, returns the diff id of the change.
  std::string in_rootfs(const StageState& stage, const std::function<void(StepRootfs&)>& act);
  std::vector<std::string> layer_dirs(const std::vector<std::string>& diff_ids) const;
  bool layers_exist(const nlohmann::json& config) const;
  SourceTree& context();
  void say(const std::string& line) const;
  size_t last_instruction() const;

  Store& store_;
  const BuildPaths& paths_;
  const BuildOptions& options_;
  Dockerfile df_;
  BuildCache cache_;
  std::unique_ptr<SourceTree> context_;
  std::vector<StageState> stages_;
  BuildEnv meta_args_;  // ARGs before the first FROM that have a value
  std::set<std::string> consumed_args_;
  UniqueFd quiet_output_;  // quiet mode: RUN's output, shown only when the step fails
};

}  // namespace berth::image

// docker commit --change, through the build's parser and instruction handlers.
#include "image/commit_changes.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>

#include "base/error.hpp"
#include "base/safe_path.hpp"
#include "base/strings.hpp"
#include "image/build_state.hpp"
#include "image/dockerfile_parse.hpp"
#include "image/shell_words.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

// What a change starts with: dockerd checks it before it reads the arguments.
std::string first_word(std::string_view change) {
  change = trim(change);
  return std::string(change.substr(0, change.find_first_of(" \t\n")));
}

void check_commit_instruction(const std::string& keyword) {
  if (!is_commit_instruction(keyword))
    throw Error(fmt::format("{} is not a valid change command", to_lower(keyword)));
}

// The parser's errors without its "Dockerfile parse error line N: ", as dockerd words them.
Error as_change_error(const Error& e) {
  constexpr std::string_view kPrefix = "Dockerfile parse error line ";
  std::string_view text = e.what();
  if (size_t colon = text.find(": "); text.starts_with(kPrefix) && colon != std::string_view::npos)
    text.remove_prefix(colon + 2);
  return Error(std::string(text));
}

// dockerd's normalizeWorkdir: a relative path goes below the current one.
void apply_workdir(StageState& stage, const Instruction& ins, char escape) {
  check_flags(ins, {});
  json& cfg = stage.config["config"];
  std::string dir = expand_word(ins.words[0], stage.expansion_env(), escape);
  if (!dir.starts_with('/')) dir = cfg.value("WorkingDir", "") + "/" + dir;
  cfg["WorkingDir"] = clean_path(dir);
}

}  // namespace

bool is_commit_instruction(std::string_view keyword) {
  static constexpr std::array<std::string_view, 10> kAllowed = {
      "cmd",   "entrypoint", "env",  "expose", "healthcheck",
      "label", "onbuild",    "user", "volume", "workdir"};
  return std::ranges::find(kAllowed, to_lower(std::string(keyword))) != kAllowed.end();
}

json apply_commit_changes(json config, const std::vector<std::string>& changes) {
  if (changes.empty()) return config;
  std::string text = join(changes, "\n");
  for (const auto& change : changes) {
    if (std::string k = first_word(change); !k.empty()) check_commit_instruction(k);
  }
  StageState stage;
  stage.config = {{"config", std::move(config)}};
  try {
    Dockerfile df = parse_dockerfile(text);
    for (const auto& ins : df.instructions) {
      check_commit_instruction(ins.keyword);
      if (ins.keyword == "WORKDIR") apply_workdir(stage, ins, df.escape);
      else apply_metadata(stage, ins, stage.config, df.escape);
    }
  } catch (const Error& e) {
    throw as_change_error(e);
  }
  return std::move(stage.config["config"]);
}

}  // namespace berth::image

// docker commit --change: Dockerfile instructions applied to a container's config, as dockerd's
// BuildFromConfig does it, with the builder's own parser (dockerfile_parse.hpp) and handlers
// (build_metadata.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace berth::image {

// The instructions a commit takes (dockerd's validCommitCommands): CMD, ENTRYPOINT, ENV, EXPOSE,
// HEALTHCHECK, LABEL, ONBUILD, USER, VOLUME, WORKDIR, in any case.
bool is_commit_instruction(std::string_view keyword);

// Applies `changes` (joined by newlines and read as one Dockerfile) in order to `config`, docker's
// "config" object of an image ("Env", "Cmd", "WorkingDir"...): $VARs see its Env, a relative
// WORKDIR is taken from its WorkingDir, an ENTRYPOINT clears the Cmd unless a CMD came first.
// Throws Error (exit 1) in dockerd's words: "run is not a valid change command", "EXPOSE
// requires at least one argument".
nlohmann::json apply_commit_changes(nlohmann::json config, const std::vector<std::string>& changes);

}  // namespace berth::image

// docker commit's image config, planned from plain values: the container's Config with the
// --change instructions applied and merged as dockerd merges them, on top of its image's config.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/container_record.hpp"

namespace berth::engine {

struct CommitMessage {
  std::string author;                // -a
  std::string comment;               // -m
  std::vector<std::string> changes;  // -c, Dockerfile instructions
};

// The container's Config as docker holds it (container_config_json), with what docker copies
// into it from the image at create and berth's record does not keep: ExposedPorts, Healthcheck.
// StopSignal only when the image or the user chose one.
nlohmann::json commit_container_config(const ContainerRecord& r,
                                       const nlohmann::json& image_config);

// dockerd's merge(): what the changed config lacks is taken from the container's (User,
// WorkingDir, StopSignal when empty; Env entries, Labels, ExposedPorts, Volumes it does not have;
// Cmd when neither Entrypoint nor Cmd is set, Entrypoint when it is null).
nlohmann::json merge_commit_config(nlohmann::json changed, const nlohmann::json& container);

// The new image's config: `base` (the container's image) with `diff_id` appended to its layers
// (none when empty), a history entry (created_by: the container's Cmd joined by spaces, as
// dockerd writes it), author, comment, "container" and "container_config", created at `now`.
// Throws Error (exit 1) with dockerd's words for a bad change.
nlohmann::json commit_image_config(const nlohmann::json& base, const ContainerRecord& r,
                                   const CommitMessage& message, const std::string& diff_id,
                                   const std::string& now);

}  // namespace berth::engine

// Docker/OCI image configs: what a container inherits from its image, and new configs for
// `import` (with docker's --change instructions).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "image/store.hpp"

namespace berth::image {

// The "config" object of an image config as ContainerDefaults. Missing or null fields are
// defaults; a field of the wrong type throws Error (exit 125) naming it.
ContainerDefaults parse_container_defaults(const nlohmann::json& image_config);
// rootfs.diff_ids, each checked to be "sha256:<64 hex>" (they become paths in the store).
std::vector<std::string> parse_diff_ids(const nlohmann::json& image_config);

// A config for an image of the given layers, as `docker import` makes it.
nlohmann::json new_image_config(const std::vector<std::string>& diff_ids, std::string_view comment);
// Applies one Dockerfile instruction to the config, like `docker import --change`: CMD,
// ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR. Throws Error naming the
// change when it is not one of those or is malformed.
void apply_change(nlohmann::json& image_config, std::string_view change);

// The Go name of this machine's architecture ("amd64", "arm64"...), as image configs spell it.
std::string host_architecture();

}  // namespace berth::image

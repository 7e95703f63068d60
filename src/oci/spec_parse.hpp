// Reading config.json into oci::Spec, with the JSON path named in every error.
#pragma once

#include <string>
#include <string_view>

#include "oci/spec.hpp"

namespace berth::oci {

// Parses and validates a runtime-spec config. `origin` names the file in errors
// ("config.json"). Throws berth::Error; nothing is changed on failure.
Spec parse_spec(std::string_view text, const std::string& origin = "config.json");

// Semantic checks that the JSON schema alone cannot express (known namespace types, no
// duplicates, absolute paths, ociVersion 1.x). Called by parse_spec.
void validate_spec(const Spec& spec, const std::string& origin = "config.json");

}  // namespace berth::oci

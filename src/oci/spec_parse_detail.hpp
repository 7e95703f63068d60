// Pieces of the config.json reader shared between its files; not for use outside src/oci.
#pragma once

#include <string>
#include <vector>

#include "oci/json_reader.hpp"
#include "oci/spec.hpp"

namespace berth::oci::detail {

std::vector<IdMapping> parse_id_mappings(const JsonReader& r);
Linux parse_linux(const JsonReader& r);

// Throws berth::Error "origin: path: what".
[[noreturn]] void fail(const std::string& origin, const std::string& path, const std::string& what);
// Mapping ranges that the kernel would refuse: empty, or running past 2^32.
void validate_id_mappings(const std::vector<IdMapping>& maps, const std::string& origin,
                          const std::string& path);
void validate_linux(const Spec& spec, const std::string& origin);

}  // namespace berth::oci::detail

// ps --format: docker's Go-template fields for containers.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/container_record.hpp"

namespace berth::cli {

// dockerd's Command of a container: the path, then each argument, quoted in '' when it holds a
// space (nothing inside is escaped: docker does not either).
std::string docker_command(const std::vector<std::string>& argv);
// docker's Ellipsis: at most `max_chars` characters, the last one "…" when it cut.
std::string ellipsis(std::string_view s, size_t max_chars);

inline constexpr const char* kDefaultPsFormat =
    "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

// Docker's Size of a container: its writable layer, and with the image under it the "virtual"
// size: "12kB (virtual 1.99MB)".
using SizeText = std::function<std::string(const engine::ContainerRecord&)>;

// The fields docker's ps templates see: ID, Image, Command, CreatedAt, RunningFor, Ports,
// Status, State, Size, Names, Labels, LocalVolumes, Mounts, Networks. `size` is asked only
// when given (sizing walks the writable layer).
nlohmann::json ps_fields(const engine::ContainerRecord& r, bool no_trunc, const SizeText* size = nullptr);
// Prints `records` through `format` ("table …" adds a header row), sizing containers only when
// the format shows Size (as docker's CLI asks the daemon for sizes only then). Returns the exit code.
int print_ps_format(const std::vector<engine::ContainerRecord>& records, const std::string& format, bool no_trunc,
                    const SizeText& size);

}  // namespace berth::cli

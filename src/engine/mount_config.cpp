// Mount checks, in the order dockerd makes them, so the first problem named is docker's.
#include "engine/mount_config.hpp"

#include <algorithm>
#include <array>
#include <filesystem>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"

namespace berth::engine {
namespace {

constexpr std::array<std::string_view, 6> kPropagations = {"shared", "rshared", "slave", "rslave", "private", "rprivate"};

[[noreturn]] void refuse(const MountSpec& m, const std::string& why) {
  throw Error(fmt::format("invalid mount config for type \"{}\": {}", m.type, why), ExitCode::kEngine);
}

// dockerd cleans the path first: "//" and "/." are the root too.
bool is_root(const std::string& target) {
  return std::filesystem::path(target).lexically_normal() == "/" ||
         target.find_first_not_of('/') == std::string::npos;
}

std::string target_problem(const std::string& target) {
  if (!target.empty() && is_root(target)) return "invalid specification: destination can't be '/'";
  if (target.empty() || target[0] != '/')
    return fmt::format("invalid mount path: '{}' mount path must be absolute", target);
  return "";
}

}  // namespace

bool is_propagation(std::string_view word) {
  return std::find(kPropagations.begin(), kPropagations.end(), word) != kPropagations.end();
}

std::string mount_propagation(const MountSpec& m) {
  for (const auto& o : m.options)
    if (is_propagation(o)) return o;
  return "";
}

void check_mount_target(const std::string& target) {
  if (auto why = target_problem(target); !why.empty()) throw Error(why, ExitCode::kEngine);
}

void check_mount_config(const MountSpec& m, bool bind_source_must_exist) {
  if (m.destination.empty()) refuse(m, "field Target must not be empty");
  if (auto why = target_problem(m.destination); !why.empty()) refuse(m, why);
  std::string propagation = mount_propagation(m);
  if (m.type == "bind") {
    if (m.source.empty()) refuse(m, "field Source must not be empty");
    if (m.no_copy || !m.volume_labels.empty()) refuse(m, "field VolumeOptions must not be specified");
    if (m.source[0] != '/') refuse(m, fmt::format("invalid mount path: '{}' mount path must be absolute", m.source));
    if (bind_source_must_exist && !m.create_missing_source && !path_exists(m.source))
      refuse(m, "bind source path does not exist: " + m.source);
  } else if (m.type == "volume") {
    if (!propagation.empty() || !m.recursive) refuse(m, "field BindOptions must not be specified");
    if (m.anonymous && m.read_only) refuse(m, "must not set ReadOnly mode when using anonymous volumes");
  } else if (m.type == "tmpfs") {
    if (!propagation.empty() || !m.recursive) refuse(m, "field BindOptions must not be specified");
    if (!m.source.empty()) refuse(m, "field Source must not be specified");
  } else {
    refuse(m, "mount type unknown");
  }
}

}  // namespace berth::engine

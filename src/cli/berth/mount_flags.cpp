// The mount flags. The docker CLI reads the text (its errors name the flag: `invalid argument
// "..." for "--mount" flag: ...`), then dockerd checks the mount (its errors do not).
#include "cli/berth/mount_flags.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "engine/container_store.hpp"
#include "engine/mount_config.hpp"

namespace berth::cli {
namespace {

[[noreturn]] void refuse(const std::string& why) { throw Error(why, ExitCode::kEngine); }

[[noreturn]] void bad_mount_flag(const std::string& value, const std::string& why) {
  refuse(fmt::format("invalid argument \"{}\" for \"--mount\" flag: {}", value, why));
}

// A -v mode: each word known, and no two words of one kind ("ro,rw" is refused).
bool is_volume_mode(const std::string& mode) {
  if (mode.empty()) return true;
  std::array<int, 5> counts{};  // rw, label, propagation, copy, consistency
  for (const auto& o : split(mode, ',')) {
    if (o == "rw" || o == "ro") ++counts[0];
    else if (o == "z" || o == "Z") ++counts[1];
    else if (engine::is_propagation(o)) ++counts[2];
    else if (o == "nocopy") ++counts[3];
    else if (o == "consistent" || o == "cached" || o == "delegated") ++counts[4];
    else return false;
  }
  return std::all_of(counts.begin(), counts.end(), [](int n) { return n <= 1; });
}

// The CLI makes ./x and ../x absolute against the working directory, without resolving links.
std::string absolute_if_dotted(const std::string& source) {
  if (source.empty() || source[0] != '.') return source;
  return (std::filesystem::current_path() / source).lexically_normal().string();
}

// One CSV record as Go's encoding/csv reads it (RFC 4180 quotes), with its error words.
std::vector<std::string> csv_fields(const std::string& text) {
  if (text.empty()) throw std::runtime_error("EOF");
  std::vector<std::string> fields;
  size_t i = 0;
  for (;;) {
    std::string field;
    if (i < text.size() && text[i] == '"') {
      for (++i;; ++i) {
        if (i >= text.size())
          throw std::runtime_error(fmt::format("parse error on line 1, column {}: extraneous or missing \" in quoted-field",
                                               text.size() + 1));
        if (text[i] != '"') {
          field += text[i];
        } else if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else if (i + 1 == text.size() || text[i + 1] == ',') {
          ++i;
          break;
        } else {
          throw std::runtime_error(
              fmt::format("parse error on line 1, column {}: extraneous or missing \" in quoted-field", i + 2));
        }
      }
    } else {
      size_t end = std::min(text.find(',', i), text.size());
      field = text.substr(i, end - i);
      if (auto q = field.find('"'); q != std::string::npos)
        throw std::runtime_error(fmt::format("parse error on line 1, column {}: bare \" in non-quoted-field", i + q + 1));
      i = end;
    }
    fields.push_back(field);
    if (i >= text.size()) return fields;
    ++i;  // the comma
  }
}

bool mount_bool(const std::string& value, const std::string& key, const std::string& val, bool has_value) {
  if (!has_value || val == "true" || val == "1") return true;
  if (val == "false" || val == "0") return false;
  bad_mount_flag(value, fmt::format("invalid value for {}: {}", key, val));
}

// Which kinds of type-specific options a --mount text used: each kind only fits its own type.
struct OptionKinds {
  bool bind = false, volume = false, tmpfs = false;
};

void read_mount_field(const std::string& value, const std::string& field, engine::MountSpec& m, OptionKinds& kinds,
                      std::string& propagation) {
  auto eq = field.find('=');
  bool has_value = eq != std::string::npos;
  std::string key = to_lower(field.substr(0, eq)), val = has_value ? field.substr(eq + 1) : "";
  if (!has_value && key != "readonly" && key != "ro" && key != "volume-nocopy" && key != "bind-nonrecursive" &&
      key != "bind-create-mountpoint")
    bad_mount_flag(value, fmt::format("invalid field '{}' must be a key=value pair", field));
  if (key == "type") {
    m.type = to_lower(val);
  } else if (key == "source" || key == "src") {
    m.source = absolute_if_dotted(val);
  } else if (key == "target" || key == "dst" || key == "destination") {
    m.destination = val;
  } else if (key == "readonly" || key == "ro") {
    m.read_only = mount_bool(value, key, val, has_value);
  } else if (key == "consistency") {
    // macOS's file sharing modes: nothing to do on Linux, as for docker.
  } else if (key == "bind-propagation") {
    kinds.bind = true;
    propagation = to_lower(val);
  } else if (key == "bind-nonrecursive") {
    kinds.bind = true;
    m.recursive = !mount_bool(value, key, val, has_value);
  } else if (key == "bind-recursive") {
    kinds.bind = true;
    if (val == "disabled") m.recursive = false;
    else if (val == "readonly") m.options.push_back("rro");
    else if (val != "enabled" && val != "writable") bad_mount_flag(value, fmt::format("invalid value for {}: {}", key, val));
  } else if (key == "bind-create-mountpoint") {
    kinds.bind = true;
    m.create_missing_source = mount_bool(value, key, val, has_value);
  } else if (key == "volume-nocopy") {
    kinds.volume = true;
    m.no_copy = mount_bool(value, key, val, has_value);
  } else if (key == "volume-label") {
    kinds.volume = true;
    auto label_eq = val.find('=');
    m.volume_labels[val.substr(0, label_eq)] = label_eq == std::string::npos ? "" : val.substr(label_eq + 1);
  } else if (key == "volume-driver") {
    kinds.volume = true;
    if (val != "local")
      refuse(fmt::format("error looking up volume plugin {}: plugin \"{}\" not found", val, val));
  } else if (key == "volume-opt" || key == "volume-subpath" || key == "image-subpath") {
    refuse(fmt::format("--mount {} is not supported by berth (its local volumes take no options)", key));
  } else if (key == "tmpfs-size") {
    kinds.tmpfs = true;
    auto bytes = parse_ram_size(val);
    if (!bytes) bad_mount_flag(value, fmt::format("invalid value for {}: {}", key, val));
    m.options.push_back(fmt::format("size={}", *bytes));
  } else if (key == "tmpfs-mode") {
    kinds.tmpfs = true;
    char* end = nullptr;
    errno = 0;
    unsigned long mode = val.empty() ? 0 : std::strtoul(val.c_str(), &end, 8);
    if (val.empty() || *end != '\0' || errno != 0 || mode > 0xffffffffUL || val[0] == '-' || val[0] == '+')
      bad_mount_flag(value, fmt::format("invalid value for {}: {}", key, val));
    m.options.push_back(fmt::format("mode={:o}", mode));
  } else {
    bad_mount_flag(value, fmt::format("unexpected key '{}' in '{}'", key, field));
  }
}

}  // namespace

engine::MountSpec parse_volume_flag(const std::string& value) {
  if (value.empty()) refuse("invalid empty volume spec");
  auto parts = split(value, ':');
  if (value.size() > 2 && std::any_of(parts.begin(), parts.end(), [](const auto& p) { return p.empty(); }))
    refuse(fmt::format("invalid spec: {}: empty section between colons", value));
  const std::string invalid = fmt::format("invalid volume specification: '{}'", value);
  if (parts.size() > 3 || parts[0].empty()) refuse(invalid);
  engine::MountSpec m;
  m.flag = "-v";
  m.flag_value = value;
  std::string mode;
  if (parts.size() == 1) {
    m.type = "volume";
    m.source = engine::new_container_id();
    m.anonymous = true;
    m.destination = parts[0];
  } else {
    if (parts.size() == 2 && is_volume_mode(parts[1])) refuse(invalid);  // "/x:ro": a mode, no target
    if (parts.size() == 3) mode = parts[2];
    if (!is_volume_mode(mode)) refuse("invalid mode: " + mode);
    m.source = absolute_if_dotted(parts[0]);
    m.destination = parts[1];
    m.type = m.source[0] == '/' ? "bind" : "volume";
    m.create_missing_source = m.type == "bind";  // dockerd makes a missing host directory for -v
  }
  for (const auto& o : split(mode, ',')) {
    if (o == "ro") m.read_only = true;
    else if (o == "nocopy") m.no_copy = true;
    else if (engine::is_propagation(o)) m.options.push_back(o);
  }
  try {
    engine::check_mount_config(m, false);
  } catch (const Error& e) {
    refuse(fmt::format("{}: {}", invalid, e.what()));
  }
  return m;
}

engine::MountSpec parse_mount_flag(const std::string& value) {
  std::vector<std::string> fields;
  try {
    fields = csv_fields(value);
  } catch (const std::runtime_error& e) {
    bad_mount_flag(value, e.what());
  }
  engine::MountSpec m;
  m.flag = "--mount";
  m.type = "volume";
  OptionKinds kinds;
  std::string propagation;
  for (const auto& field : fields) read_mount_field(value, field, m, kinds, propagation);
  if (m.type.empty()) bad_mount_flag(value, "type is required");
  if (m.destination.empty()) bad_mount_flag(value, "target is required");
  if (kinds.volume && m.type != "volume")
    bad_mount_flag(value, fmt::format("cannot mix 'volume-*' options with mount type '{}'", m.type));
  if (kinds.bind && m.type != "bind")
    bad_mount_flag(value, fmt::format("cannot mix 'bind-*' options with mount type '{}'", m.type));
  if (kinds.tmpfs && m.type != "tmpfs")
    bad_mount_flag(value, fmt::format("cannot mix 'tmpfs-*' options with mount type '{}'", m.type));
  if (m.type == "volume" && m.source.empty()) {
    m.source = engine::new_container_id();
    m.anonymous = true;
  }
  engine::check_mount_config(m, true);
  if (!propagation.empty()) {
    if (!engine::is_propagation(propagation))
      refuse(fmt::format("invalid mount config for type \"{}\": invalid propagation mode: {}", m.type, propagation));
    m.options.push_back(propagation);
  }
  bool rro = std::find(m.options.begin(), m.options.end(), "rro") != m.options.end();
  if (rro && !m.read_only) refuse("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
  return m;
}

engine::MountSpec parse_tmpfs_flag(const std::string& value) {
  engine::MountSpec m;
  m.type = "tmpfs";
  m.flag = "--tmpfs";
  m.flag_value = value;
  auto colon = value.find(':');
  m.destination = value.substr(0, colon);
  if (colon != std::string::npos)
    for (const auto& o : split(value.substr(colon + 1), ','))
      if (!o.empty()) m.options.push_back(o);
  engine::check_mount_target(m.destination);
  return m;
}

}  // namespace berth::cli

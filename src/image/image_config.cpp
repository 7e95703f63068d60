// Image config parsing (docker's PascalCase "config" object) and import's --change instructions.
#include "image/image_config.hpp"

#include <fmt/core.h>
#include <sys/utsname.h>

#include <algorithm>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/strings.hpp"
#include "image/sha256.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

[[noreturn]] void bad_field(std::string_view field, std::string_view want) {
  throw Error(fmt::format("image config: {}: expected {}", field, want), ExitCode::kEngine);
}

std::optional<std::vector<std::string>> string_list(const json& obj, const char* field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) bad_field(field, "an array of strings");
  std::vector<std::string> out;
  for (const auto& v : *it) {
    if (!v.is_string()) bad_field(field, "an array of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::string string_field(const json& obj, const char* field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_string()) bad_field(field, "a string");
  return it->get<std::string>();
}

// Keys of an object of empty objects ({"80/tcp": {}}), or of a string map's keys.
std::vector<std::string> object_keys(const json& obj, const char* field) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_object()) bad_field(field, "an object");
  std::vector<std::string> keys;
  for (const auto& [k, v] : it->items()) keys.push_back(k);
  return keys;
}

// Words of an instruction's argument, honouring double and single quotes and backslashes.
std::vector<std::string> shell_words(std::string_view s, std::string_view change) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < s.size()) {
        word += s[++i];
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < s.size()) {
      word += s[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote)
    throw Error(fmt::format("--change \"{}\": unterminated quote", change), ExitCode::kEngine);
  if (in_word) words.push_back(std::move(word));
  return words;
}

// The JSON array form of CMD/ENTRYPOINT/VOLUME: ["a", "b"].
std::optional<json> json_array_form(std::string_view args) {
  if (!args.starts_with('[')) return std::nullopt;
  auto parsed = json::parse(args, nullptr, false);
  if (!parsed.is_array() ||
      !std::all_of(parsed.begin(), parsed.end(), [](const json& v) { return v.is_string(); }))
    return std::nullopt;
  return parsed;
}

// CMD/ENTRYPOINT: the JSON array form, or the shell form run by /bin/sh -c.
json exec_or_shell(std::string_view args) {
  if (auto list = json_array_form(args)) return *list;
  return json::array({"/bin/sh", "-c", std::string(args)});
}

// ENV and LABEL: "K=V K2=V2", or the legacy "K V with spaces".
std::vector<std::pair<std::string, std::string>> key_values(std::string_view args,
                                                            std::string_view change) {
  std::vector<std::pair<std::string, std::string>> out;
  auto words = shell_words(args, change);
  if (words.empty())
    throw Error(fmt::format("--change \"{}\": missing arguments", change), ExitCode::kEngine);
  if (words[0].find('=') == std::string::npos) {
    auto space = args.find_first_of(" \t");
    if (space == std::string_view::npos)
      throw Error(fmt::format("--change \"{}\": expected KEY=VALUE or KEY VALUE", change),
                  ExitCode::kEngine);
    out.emplace_back(std::string(args.substr(0, space)), std::string(trim(args.substr(space))));
    return out;
  }
  for (const auto& w : words) {
    auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error(fmt::format("--change \"{}\": \"{}\" is not KEY=VALUE", change, w),
                  ExitCode::kEngine);
    out.emplace_back(w.substr(0, eq), w.substr(eq + 1));
  }
  return out;
}

void set_env(json& cfg, const std::string& key, const std::string& value) {
  if (!cfg["Env"].is_array()) cfg["Env"] = json::array();
  std::string entry = key + "=" + value;
  for (auto& e : cfg["Env"]) {
    if (e.is_string() && e.get<std::string>().starts_with(key + "=")) {
      e = entry;
      return;
    }
  }
  cfg["Env"].push_back(entry);
}

}  // namespace

ContainerDefaults parse_container_defaults(const json& image_config) {
  ContainerDefaults d;
  if (!image_config.is_object()) bad_field("(top level)", "an object");
  auto it = image_config.find("config");
  if (it == image_config.end() || it->is_null()) return d;
  if (!it->is_object()) bad_field("config", "an object");
  const json& cfg = *it;
  d.env = string_list(cfg, "Env").value_or(std::vector<std::string>{});
  d.entrypoint = string_list(cfg, "Entrypoint");
  d.cmd = string_list(cfg, "Cmd");
  d.working_dir = string_field(cfg, "WorkingDir");
  d.user = string_field(cfg, "User");
  d.stop_signal = string_field(cfg, "StopSignal");
  if (auto labels = cfg.find("Labels"); labels != cfg.end() && !labels->is_null()) {
    if (!labels->is_object()) bad_field("Labels", "an object of strings");
    for (const auto& [k, v] : labels->items()) {
      if (!v.is_string()) bad_field("Labels", "an object of strings");
      d.labels.emplace(k, v.get<std::string>());
    }
  }
  d.exposed_ports = object_keys(cfg, "ExposedPorts");
  return d;
}

std::vector<std::string> parse_diff_ids(const json& image_config) {
  if (!image_config.is_object()) bad_field("(top level)", "an object");
  auto rootfs = image_config.find("rootfs");
  if (rootfs == image_config.end() || !rootfs->is_object()) bad_field("rootfs", "an object");
  auto ids = string_list(*rootfs, "diff_ids").value_or(std::vector<std::string>{});
  for (const auto& id : ids) digest_hex(id, "image config: rootfs.diff_ids");
  return ids;
}

json new_image_config(const std::vector<std::string>& diff_ids, std::string_view comment) {
  std::string now = now_rfc3339();
  json history = json::object({{"created", now}});
  if (!comment.empty()) history["comment"] = comment;
  json config = {
      {"architecture", host_architecture()},
      {"os", "linux"},
      {"created", now},
      {"config", json::object()},
      {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}},
      {"history", json::array({history})},
  };
  if (!comment.empty()) config["comment"] = comment;
  return config;
}

void apply_change(json& image_config, std::string_view change) {
  std::string_view text = trim(change);
  auto space = text.find_first_of(" \t");
  std::string instruction(text.substr(0, space));
  std::string_view args =
      space == std::string_view::npos ? std::string_view{} : trim(text.substr(space));
  for (char& c : instruction) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!image_config["config"].is_object()) image_config["config"] = json::object();
  json& cfg = image_config["config"];
  if (args.empty() && instruction != "CMD" && instruction != "ENTRYPOINT")
    throw Error(fmt::format("--change \"{}\": {} needs an argument", change, instruction),
                ExitCode::kEngine);
  if (instruction == "CMD") {
    cfg["Cmd"] = exec_or_shell(args);
  } else if (instruction == "ENTRYPOINT") {
    cfg["Entrypoint"] = exec_or_shell(args);
  } else if (instruction == "ENV") {
    for (const auto& [k, v] : key_values(args, change)) set_env(cfg, k, v);
  } else if (instruction == "LABEL") {
    for (const auto& [k, v] : key_values(args, change)) cfg["Labels"][k] = v;
  } else if (instruction == "EXPOSE") {
    for (auto port : shell_words(args, change)) {
      if (port.find('/') == std::string::npos) port += "/tcp";
      cfg["ExposedPorts"][port] = json::object();
    }
  } else if (instruction == "VOLUME") {
    json list = json_array_form(args).value_or(json(shell_words(args, change)));
    for (const auto& v : list) cfg["Volumes"][v.get<std::string>()] = json::object();
  } else if (instruction == "WORKDIR") {
    std::string dir(args);
    std::string previous = cfg.value("WorkingDir", "");
    if (!dir.starts_with('/')) dir = (previous.empty() ? "/" : previous + "/") + dir;
    cfg["WorkingDir"] = dir;
  } else if (instruction == "USER") {
    cfg["User"] = std::string(args);
  } else if (instruction == "STOPSIGNAL") {
    cfg["StopSignal"] = std::string(args);
  } else {
    throw Error(
        fmt::format("--change \"{}\": unknown or unsupported instruction {}", change, instruction),
        ExitCode::kEngine);
  }
}

std::string host_architecture() {
  utsname u{};
  ::uname(&u);
  std::string_view m = u.machine;
  if (m == "x86_64") return "amd64";
  if (m == "aarch64") return "arm64";
  if (m == "armv7l" || m == "armv6l") return "arm";
  if (m == "i686" || m == "i386") return "386";
  if (m == "ppc64le") return "ppc64le";
  if (m == "s390x") return "s390x";
  if (m == "riscv64") return "riscv64";
  return std::string(m);
}

}  // namespace berth::image

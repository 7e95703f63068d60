// The instructions that only change the image config: ENV, LABEL, EXPOSE, USER, CMD,
// ENTRYPOINT, STOPSIGNAL, VOLUME, SHELL, MAINTAINER, HEALTHCHECK, ONBUILD.
#include <algorithm>
#include <cctype>

#include <fmt/core.h>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/signals.hpp"
#include "base/strings.hpp"
#include "image/build_state.hpp"
#include "image/image_config.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& what) { throw Error(what, ExitCode::kEngine); }

json& container_config(json& config) {
  if (!config.contains("config") || !config["config"].is_object()) config["config"] = json::object();
  return config["config"];
}

// "80", "80/udp", "8000-8002/tcp" -> the ports it names, "80/tcp" style.
std::vector<std::string> parse_ports(const std::string& spec) {
  std::string range = spec, proto = "tcp";
  if (size_t slash = spec.find('/'); slash != std::string::npos) {
    range = spec.substr(0, slash);
    proto = to_lower(spec.substr(slash + 1));
  }
  if (proto != "tcp" && proto != "udp" && proto != "sctp") fail(fmt::format("invalid proto: {}", proto));
  size_t dash = range.find('-');
  auto first = parse_uint(range.substr(0, dash));
  auto last = dash == std::string::npos ? first : parse_uint(range.substr(dash + 1));
  if (!first || !last || *first > 65535 || *last > 65535 || *last < *first)
    fail(fmt::format("invalid containerPort: {}", range));
  std::vector<std::string> out;
  for (auto p = *first; p <= *last; ++p) out.push_back(fmt::format("{}/{}", p, proto));
  return out;
}

// Go's time.ParseDuration for the units HEALTHCHECK takes; returns nanoseconds.
long long parse_duration(const std::string& s, const std::string& flag) {
  static const std::vector<std::pair<std::string, double>> kUnits = {
      {"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
  double total = 0;
  size_t i = 0;
  if (s.empty()) fail(fmt::format("invalid duration for --{}: empty", flag));
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (start == i) fail(fmt::format("invalid duration for --{}: {}", flag, s));
    double value = std::stod(s.substr(start, i - start));
    size_t ustart = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    std::string unit = s.substr(ustart, i - ustart);
    auto it = std::find_if(kUnits.begin(), kUnits.end(), [&](const auto& u) { return u.first == unit; });
    if (it == kUnits.end()) {
      if (unit.empty() && value == 0 && i == s.size()) return 0;
      fail(fmt::format("invalid duration for --{}: {}", flag, s));
    }
    total += value * it->second;
  }
  return static_cast<long long>(total);
}

std::vector<std::string> command_of(const StageState& stage, const Instruction& ins) {
  if (ins.json_form) return ins.words;
  std::vector<std::string> cmd = stage.shell;
  cmd.push_back(ins.args);
  return cmd;
}

std::string apply_healthcheck(const Instruction& ins, json& cfg) {
  check_flags(ins, {"interval", "timeout", "start-period", "start-interval", "retries"});
  std::string kind = ins.words.empty() ? "" : ins.words[0];
  for (auto& c : kind) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  json hc = json::object();
  if (kind == "NONE") {
    if (ins.words.size() != 1 || !ins.flags.empty()) fail("HEALTHCHECK NONE takes no arguments");
    hc["Test"] = {"NONE"};
  } else if (kind == "CMD") {
    std::string rest(trim(std::string_view(ins.args).substr(3)));
    if (rest.empty()) fail("Missing command after HEALTHCHECK CMD");
    auto j = json::parse(rest, nullptr, false);
    bool exec = j.is_array() && std::all_of(j.begin(), j.end(), [](const json& e) { return e.is_string(); });
    hc["Test"] = exec ? json::array({"CMD"}) : json::array({"CMD-SHELL", rest});
    if (exec)
      for (const auto& e : j) hc["Test"].push_back(e);
    const std::pair<const char*, const char*> kDurations[] = {
        {"interval", "Interval"}, {"timeout", "Timeout"}, {"start-period", "StartPeriod"},
        {"start-interval", "StartInterval"}};
    for (auto [flag, key] : kDurations)
      if (auto v = flag_value(ins, flag)) hc[key] = parse_duration(*v, flag);
    if (auto v = flag_value(ins, "retries")) {
      auto n = parse_uint(*v);
      if (!n || *n == 0) fail("--retries must be at least 1");
      hc["Retries"] = *n;
    }
  } else {
    fail(fmt::format("Unknown type \"{}\" in HEALTHCHECK (try CMD)", kind));
  }
  cfg["Healthcheck"] = hc;
  return "HEALTHCHECK " + hc.dump();
}

std::string apply_onbuild(const Instruction& ins, json& cfg) {
  std::string rest(trim(ins.args));
  std::string keyword = rest.substr(0, rest.find_first_of(" \t"));
  for (auto& c : keyword) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (keyword == "ONBUILD") fail("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  if (keyword == "FROM" || keyword == "MAINTAINER") fail(fmt::format("{} isn't allowed as an ONBUILD trigger", keyword));
  std::string trigger = keyword + rest.substr(std::min(rest.size(), keyword.size()));
  if (!cfg.contains("OnBuild") || !cfg["OnBuild"].is_array()) cfg["OnBuild"] = json::array();
  cfg["OnBuild"].push_back(trigger);
  return "ONBUILD " + trigger;
}

std::vector<std::string> expand_all(const std::vector<std::string>& words, const BuildEnv& env, char escape) {
  std::vector<std::string> out;
  for (const auto& w : words) out.push_back(expand_word(w, env, escape));
  return out;
}

// ENV and LABEL: every pair is expanded with the environment from before the instruction.
std::vector<std::pair<std::string, std::string>> expand_pairs(const Instruction& ins, const BuildEnv& env, char escape) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : ins.pairs) {
    std::string key = expand_word(p.key, env, escape);
    if (key.empty()) fail(fmt::format("{} names can not be blank", ins.keyword));
    out.emplace_back(key, expand_word(p.value.value_or(""), env, escape));
  }
  return out;
}

std::string apply_simple(StageState& stage, const Instruction& ins, json& cfg, char escape) {
  const std::string& k = ins.keyword;
  BuildEnv env = stage.expansion_env();
  if (k == "USER") {
    cfg["User"] = expand_word(ins.words[0], env, escape);
    return "USER " + cfg["User"].get<std::string>();
  }
  if (k == "STOPSIGNAL") {
    std::string sig = expand_word(ins.words[0], env, escape);
    if (!parse_signal(sig)) fail(fmt::format("Invalid signal: {}", sig));
    cfg["StopSignal"] = sig;
    return "STOPSIGNAL " + sig;
  }
  if (k == "MAINTAINER") return "MAINTAINER " + ins.words[0];  // the caller sets "author"
  if (k == "CMD" || k == "ENTRYPOINT") {
    json cmd = command_of(stage, ins);
    if (k == "CMD") {
      cfg["Cmd"] = cmd;
      stage.cmd_set = true;
    } else {
      cfg["Entrypoint"] = cmd;
      if (!stage.cmd_set) cfg.erase("Cmd");  // a base image's CMD does not survive a new ENTRYPOINT
    }
    return k + " " + cmd.dump();
  }
  if (k == "SHELL") {
    stage.shell = ins.words;
    cfg["Shell"] = ins.words;
    return "SHELL " + json(ins.words).dump();
  }
  return {};
}

}  // namespace

std::vector<std::string> StageState::diff_ids() const {
  std::vector<std::string> out;
  if (auto r = config.find("rootfs"); r != config.end() && r->contains("diff_ids"))
    for (const auto& d : (*r)["diff_ids"]) out.push_back(d.get<std::string>());
  return out;
}

std::vector<std::string> StageState::env() const {
  std::vector<std::string> out;
  auto c = config.find("config");
  if (c == config.end() || !c->is_object()) return out;
  if (auto e = c->find("Env"); e != c->end() && e->is_array())
    for (const auto& v : *e) out.push_back(v.get<std::string>());
  return out;
}

BuildEnv StageState::expansion_env() const {
  BuildEnv env = args;
  for (const auto& kv : this->env()) {
    size_t eq = kv.find('=');
    env[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
  }
  return env;
}

void set_env(json& config, const std::string& key, const std::string& value) {
  json& cfg = container_config(config);
  if (!cfg.contains("Env") || !cfg["Env"].is_array()) cfg["Env"] = json::array();
  std::string entry = key + "=" + value;
  for (auto& e : cfg["Env"]) {
    std::string s = e.get<std::string>();
    if (s.substr(0, s.find('=')) == key) {
      e = entry;
      return;
    }
  }
  cfg["Env"].push_back(entry);
}

json scratch_config() {
  return {{"architecture", host_architecture()},
          {"os", "linux"},
          {"config", json::object()},
          {"rootfs", {{"type", "layers"}, {"diff_ids", json::array()}}},
          {"history", json::array()}};
}

json commit_config(json config, const std::string& created_by, const std::string& diff_id) {
  std::string now = now_rfc3339();
  if (!diff_id.empty()) {
    if (!config.contains("rootfs")) config["rootfs"] = {{"type", "layers"}, {"diff_ids", json::array()}};
    config["rootfs"]["diff_ids"].push_back(diff_id);
  }
  json h = {{"created", now}, {"created_by", created_by}};
  if (diff_id.empty()) h["empty_layer"] = true;
  if (!config.contains("history") || !config["history"].is_array()) config["history"] = json::array();
  config["history"].push_back(h);
  config["created"] = now;
  return config;
}

bool is_metadata_instruction(const std::string& k) {
  static const std::set<std::string> kMeta = {"ENV",        "LABEL",   "EXPOSE", "USER",       "CMD",
                                              "ENTRYPOINT", "STOPSIGNAL", "VOLUME", "SHELL", "MAINTAINER",
                                              "HEALTHCHECK", "ONBUILD"};
  return kMeta.contains(k);
}

std::string apply_metadata(StageState& stage, const Instruction& ins, json& config, char escape) {
  const std::string& k = ins.keyword;
  if (k != "HEALTHCHECK") check_flags(ins, {});
  json& cfg = container_config(config);
  BuildEnv env = stage.expansion_env();
  if (k == "ENV" || k == "LABEL") {
    std::vector<std::string> parts;
    for (const auto& [key, value] : expand_pairs(ins, env, escape)) {
      if (k == "ENV") set_env(config, key, value);
      else cfg["Labels"][key] = value;
      parts.push_back(key + "=" + value);
    }
    return k + " " + join(parts, " ");
  }
  if (k == "EXPOSE") {
    std::vector<std::string> ports;
    for (const auto& w : expand_all(ins.words, env, escape))
      for (const auto& p : parse_ports(w)) {
        cfg["ExposedPorts"][p] = json::object();
        ports.push_back(p);
      }
    return "EXPOSE " + join(ports, " ");
  }
  if (k == "VOLUME") {
    auto vols = expand_all(ins.words, env, escape);
    for (const auto& v : vols) {
      if (trim(v).empty()) fail("VOLUME specified can not be an empty string");
      cfg["Volumes"][v] = json::object();
    }
    return "VOLUME " + json(vols).dump();
  }
  if (k == "HEALTHCHECK") return apply_healthcheck(ins, cfg);
  if (k == "ONBUILD") return apply_onbuild(ins, cfg);
  if (k == "MAINTAINER") config["author"] = ins.words[0];
  std::string text = apply_simple(stage, ins, cfg, escape);
  if (text.empty()) fail(fmt::format("unknown instruction: {}", k));
  return text;
}

}  // namespace berth::image

// docker commit's image config: the container's Config, the changes, dockerd's merge.
#include "engine/commit_config.hpp"

#include <utility>

#include "base/strings.hpp"
#include "engine/container_config_json.hpp"
#include "image/commit_changes.hpp"

namespace berth::engine {
namespace {

using json = nlohmann::json;

// Go's "nil or empty" of the Config fields: null, "", [], {}.
bool unset(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if (it->is_string()) return it->get<std::string>().empty();
  return (it->is_array() || it->is_object()) && it->empty();
}

// The keys of container's object `key` that changed's lacks are added to it.
void add_missing_keys(json& changed, const json& container, const char* key) {
  auto from = container.find(key);
  if (from == container.end() || !from->is_object() || from->empty()) return;
  if (!changed[key].is_object()) changed[key] = json::object();
  for (const auto& [k, v] : from->items())
    if (!changed[key].contains(k)) changed[key][k] = v;
}

std::string env_key(const std::string& entry) { return entry.substr(0, entry.find('=')); }

void merge_env(json& changed, const json& container) {
  auto from = container.find("Env");
  if (from == container.end() || !from->is_array()) return;
  if (unset(changed, "Env")) {
    changed["Env"] = *from;
    return;
  }
  for (const auto& entry : *from) {
    std::string key = env_key(entry.get<std::string>());
    bool found = false;
    for (const auto& mine : changed["Env"])
      found = found || env_key(mine.get<std::string>()) == key;
    if (!found) changed["Env"].push_back(entry);
  }
}

json value_or_null(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? json(nullptr) : *it;
}

json history_entry(const ContainerRecord& r, const CommitMessage& m, bool empty_layer,
                   const std::string& now) {
  json h = {{"created", now}};
  if (!m.author.empty()) h["author"] = m.author;
  h["created_by"] = join(r.config.cmd, " ");
  if (!m.comment.empty()) h["comment"] = m.comment;
  if (empty_layer) h["empty_layer"] = true;
  return h;
}

}  // namespace

json commit_container_config(const ContainerRecord& r, const json& image_config) {
  json c = container_config_json(r);
  json from_image = value_or_null(image_config, "config");
  if (!from_image.is_object()) from_image = json::object();
  if (!unset(from_image, "ExposedPorts")) c["ExposedPorts"] = from_image["ExposedPorts"];
  if (!unset(from_image, "Healthcheck")) c["Healthcheck"] = from_image["Healthcheck"];
  // The record holds docker's default when nothing chose a signal; docker's Config holds "".
  if (r.config.stop_signal == "SIGTERM" && unset(from_image, "StopSignal")) c.erase("StopSignal");
  return c;
}

json merge_commit_config(json changed, const json& container) {
  for (const char* key : {"User", "WorkingDir", "StopSignal"})
    if (unset(changed, key) && !unset(container, key)) changed[key] = container[key];
  add_missing_keys(changed, container, "ExposedPorts");
  merge_env(changed, container);
  if (!changed["Labels"].is_object()) changed["Labels"] = json::object();
  add_missing_keys(changed, container, "Labels");
  if (unset(changed, "Entrypoint")) {
    if (unset(changed, "Cmd")) changed["Cmd"] = value_or_null(container, "Cmd");
    if (value_or_null(changed, "Entrypoint").is_null())
      changed["Entrypoint"] = value_or_null(container, "Entrypoint");
  }
  if (unset(changed, "Healthcheck") && !unset(container, "Healthcheck"))
    changed["Healthcheck"] = container["Healthcheck"];
  add_missing_keys(changed, container, "Volumes");
  return changed;
}

json commit_image_config(const json& base, const ContainerRecord& r, const CommitMessage& message,
                         const std::string& diff_id, const std::string& now) {
  json container = commit_container_config(r, base);
  json changed = image::apply_commit_changes(container, message.changes);
  json config = merge_commit_config(std::move(changed), container);
  json out = json::object();
  for (const char* key : {"architecture", "os", "os.version", "os.features", "variant"})
    if (base.contains(key)) out[key] = base[key];
  if (!message.author.empty()) out["author"] = message.author;
  if (!message.comment.empty()) out["comment"] = message.comment;
  out["config"] = config;
  out["container"] = r.id;
  out["container_config"] = container;
  out["created"] = now;
  json history = value_or_null(base, "history");
  if (!history.is_array()) history = json::array();
  history.push_back(history_entry(r, message, diff_id.empty(), now));
  out["history"] = history;
  json diff_ids = json::array();
  if (auto rootfs = base.find("rootfs"); rootfs != base.end() && rootfs->contains("diff_ids"))
    diff_ids = (*rootfs)["diff_ids"];
  if (!diff_id.empty()) diff_ids.push_back(diff_id);
  out["rootfs"] = {{"type", "layers"}, {"diff_ids", diff_ids}};
  if (!out.contains("os")) out["os"] = "linux";
  return out;
}

}  // namespace berth::engine

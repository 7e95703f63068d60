// docker's Config object of a container, from its record.
#include "engine/container_config_json.hpp"

namespace berth::engine {
namespace {

using json = nlohmann::json;

// Config.Volumes: the destinations of volumes made for the container (-v /path, VOLUME).
json anonymous_volumes(const ContainerRecord& r) {
  json volumes = json::object();
  for (const auto& m : r.host_config.mounts)
    if (m.type == "volume" && m.anonymous) volumes[m.destination] = json::object();
  return volumes.empty() ? json(nullptr) : volumes;
}

}  // namespace

json container_config_json(const ContainerRecord& r) {
  const auto& c = r.config;
  json j = {{"Hostname", c.hostname}, {"User", c.user},      {"Tty", c.tty},       {"OpenStdin", c.open_stdin},
            {"Env", c.env},           {"Cmd", c.cmd},        {"Image", c.image},   {"WorkingDir", c.working_dir},
            {"Entrypoint", c.entrypoint.empty() ? json(nullptr) : json(c.entrypoint)},
            {"Labels", c.labels},     {"StopSignal", c.stop_signal},
            // As docker sets them: attached streams of a foreground run; none of the others.
            {"Domainname", ""},       {"AttachStdin", c.attach_stdin}, {"AttachStdout", c.attach_output},
            {"AttachStderr", c.attach_output}, {"StdinOnce", c.attach_stdin}, {"OnBuild", nullptr},
            {"Volumes", anonymous_volumes(r)}};
  if (c.stop_timeout >= 0) j["StopTimeout"] = c.stop_timeout;
  return j;
}

}  // namespace berth::engine

// The text of `berth info`, laid out as docker's CLI lays out its Info: the client's keys aligned,
// the server's one a line, nested lists one space further in.
#include "cli/berth/info_format.hpp"

#include <fmt/core.h>

#include "base/strings.hpp"
#include "cli/berth/human_units.hpp"

namespace berth::cli {
namespace {

using nlohmann::json;

std::string text_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

std::string words(const json& list) {
  std::vector<std::string> parts;
  if (list.is_array())
    for (const auto& e : list) parts.push_back(text_of(e));
  return join(parts, " ");
}

// docker's tabwriter aligns the client's values one space after the longest key ("Debug Mode:").
void client_section(const json& c, std::string& out) {
  out += "Client:\n";
  for (const auto& [key, field] : {std::pair{"Version", "Version"}, {"Context", "Context"}, {"Debug Mode", "Debug"}})
    out += fmt::format(" {:<12}{}\n", std::string(key) + ":", text_of(c[field]));
}

// "name=seccomp,profile=builtin" -> "  seccomp\n   Profile: builtin\n".
std::string security_option(const std::string& option) {
  std::string out;
  for (const auto& pair : split(option, ',')) {
    auto eq = pair.find('=');
    std::string key = pair.substr(0, eq), value = eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (key == "name") {
      out += fmt::format("  {}\n", value);
    } else {
      if (!key.empty()) key[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(key[0])));
      out += fmt::format("   {}: {}\n", key, value);
    }
  }
  return out;
}

void server_section(const json& s, std::string& out) {
  auto line = [&out](int indent, std::string_view key, const std::string& value) {
    out += fmt::format("{:{}}{}: {}\n", "", indent, key, value);
  };
  out += "Server:\n";
  line(1, "Containers", text_of(s["Containers"]));
  line(2, "Running", text_of(s["ContainersRunning"]));
  line(2, "Paused", text_of(s["ContainersPaused"]));
  line(2, "Stopped", text_of(s["ContainersStopped"]));
  line(1, "Images", text_of(s["Images"]));
  line(1, "Server Version", text_of(s["ServerVersion"]));
  line(1, "Storage Driver", text_of(s["Driver"]));
  for (const auto& pair : s["DriverStatus"]) line(2, text_of(pair[0]), text_of(pair[1]));
  line(1, "Logging Driver", text_of(s["LoggingDriver"]));
  line(1, "Cgroup Driver", text_of(s["CgroupDriver"]));
  line(1, "Cgroup Version", text_of(s["CgroupVersion"]));
  out += " Plugins:\n";
  line(2, "Volume", words(s["Plugins"]["Volume"]));
  line(2, "Network", words(s["Plugins"]["Network"]));
  line(2, "Log", words(s["Plugins"]["Log"]));
  line(1, "Swarm", text_of(s["Swarm"]["LocalNodeState"]));
  std::vector<std::string> runtimes;
  for (const auto& [name, _] : s["Runtimes"].items()) runtimes.push_back(name);
  line(1, "Runtimes", join(runtimes, " "));
  line(1, "Default Runtime", text_of(s["DefaultRuntime"]));
  if (!s["InitBinary"].get<std::string>().empty()) line(1, "Init Binary", text_of(s["InitBinary"]));
  out += " Security Options:\n";
  for (const auto& option : s["SecurityOptions"]) out += security_option(text_of(option));
  line(1, "Kernel Version", text_of(s["KernelVersion"]));
  line(1, "Operating System", text_of(s["OperatingSystem"]));
  line(1, "OSType", text_of(s["OSType"]));
  line(1, "Architecture", text_of(s["Architecture"]));
  line(1, "CPUs", text_of(s["NCPU"]));
  line(1, "Total Memory", bytes_size(s["MemTotal"].get<uint64_t>()));
  line(1, "Name", text_of(s["Name"]));
  line(1, "ID", text_of(s["ID"]));
  line(1, "Docker Root Dir", text_of(s["DockerRootDir"]));
  line(1, "Debug Mode", text_of(s["Debug"]));
  line(1, "Experimental", text_of(s["ExperimentalBuild"]));
}

}  // namespace

std::string info_text(const json& info) {
  std::string out;
  client_section(info["ClientInfo"], out);
  out += "\n";
  server_section(info, out);
  out += "\n";
  return out;
}

}  // namespace berth::cli

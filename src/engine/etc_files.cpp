// A loopback nameserver (systemd-resolved's 127.0.0.53, a local dnsmasq) answers on the host's
// loopback, which a container with its own network namespace cannot reach: dockerd drops it.
#include "engine/etc_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "base/unique_fd.hpp"

namespace berth::engine {
namespace {

constexpr const char* kLocalhostHosts =
    "127.0.0.1\tlocalhost\n"
    "::1\tlocalhost ip6-localhost ip6-loopback\n"
    "fe00::0\tip6-localnet\n"
    "ff00::0\tip6-mcastprefix\n"
    "ff02::1\tip6-allnodes\n"
    "ff02::2\tip6-allrouters\n";

bool covered_by_user_mount(const ContainerRecord& r, const std::string& destination) {
  return std::any_of(r.host_config.mounts.begin(), r.host_config.mounts.end(),
                     [&](const MountSpec& m) { return m.destination == destination; });
}

bool is_loopback_nameserver(std::string_view line) {
  auto words = split_fields(line);
  if (words.size() < 2 || words[0] != "nameserver") return false;
  return words[1].starts_with("127.") || words[1] == "::1";
}

std::string host_file(const std::string& path) { return path_exists(path) ? read_file(path) : ""; }

// Written in place, not through a temporary and a rename (~0.2 ms a start saved): only a start
// of this container reads them, and each start writes them again whole.
void write_in_place(const std::string& path, std::string_view text) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!fd) throw Error::last_errno("open", path);
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    throw Error::last_errno("write", path);
}

}  // namespace

std::vector<EtcFile> etc_files(const Paths& paths, const ContainerRecord& r) {
  std::vector<EtcFile> out;
  for (const char* name : {"hostname", "hosts", "resolv.conf"}) {
    std::string destination = std::string("/etc/") + name;
    if (!covered_by_user_mount(r, destination)) out.push_back({destination, paths.container_dir(r.id) + "/" + name});
  }
  return out;
}

std::string container_resolv_conf(const std::string& host_text) {
  std::string out;
  bool any_nameserver = false;
  for (const auto& line : split(host_text, '\n')) {
    if (is_loopback_nameserver(line)) continue;
    if (split_fields(line).size() >= 2 && split_fields(line)[0] == "nameserver") any_nameserver = true;
    if (!line.empty() || !out.empty()) out += line + "\n";
  }
  while (out.ends_with("\n\n")) out.pop_back();
  if (!any_nameserver) out += "\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n";
  return out;
}

void write_etc_files(const Paths& paths, const ContainerRecord& r) {
  bool host_network = r.host_config.network_mode == "host";
  std::string dir = paths.container_dir(r.id);
  for (const auto& f : etc_files(paths, r)) {
    std::string text;
    if (f.destination == "/etc/hostname") text = r.config.hostname + "\n";
    else if (f.destination == "/etc/hosts") text = host_network ? host_file("/etc/hosts") : kLocalhostHosts;
    else text = host_network ? host_file("/etc/resolv.conf") : container_resolv_conf(host_file("/etc/resolv.conf"));
    write_in_place(f.source, text);
  }
}

}  // namespace berth::engine

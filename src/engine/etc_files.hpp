// The three files dockerd gives every container, kept in its directory and bind-mounted over
// the image's: /etc/hostname, /etc/hosts and /etc/resolv.conf.
#pragma once

#include <string>
#include <vector>

#include "engine/container_record.hpp"
#include "engine/paths.hpp"

namespace berth::engine {

struct EtcFile {
  std::string destination;  // /etc/hostname, ...
  std::string source;       // <container dir>/hostname, ...
};

// The files a start mounts: each of the three that no user mount (-v, --mount) covers.
std::vector<EtcFile> etc_files(const Paths& paths, const ContainerRecord& r);

// Writes them, as dockerd does at each start: the hostname; localhost's lines in hosts (the
// host's file with --network host); the host's resolv.conf, without its loopback nameservers
// when the container has its own network namespace (Google's public ones if none remain).
void write_etc_files(const Paths& paths, const ContainerRecord& r);

// resolv.conf for a container with its own network namespace, from the host's text.
std::string container_resolv_conf(const std::string& host_text);

}  // namespace berth::engine

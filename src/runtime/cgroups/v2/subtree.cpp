// v2 controller delegation: a controller works in a cgroup only when every ancestor lists it
// in cgroup.subtree_control.
#include <fmt/core.h>

#include "base/error.hpp"
#include "base/log.hpp"
#include "base/strings.hpp"
#include "runtime/cgroups/v2/controllers.hpp"

namespace berth::cgroups::v2 {
namespace {

std::vector<std::string> available(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& c : split(read_knob(dir + "/cgroup.controllers"), ' ')) {
    if (!c.empty()) out.push_back("+" + c);
  }
  return out;
}

void enable_in(const std::string& dir) {
  auto controllers = available(dir);
  if (controllers.empty()) return;  // e.g. a hybrid host's empty unified hierarchy
  std::string control = dir + "/cgroup.subtree_control";
  try {
    write_knob(control, join(controllers, " "));
  } catch (const Error&) {
    // One refusal (cpu with realtime tasks about, a threaded subtree) fails the whole write;
    // enable the rest one by one, as runc does. What stays off shows up when a limit needs it.
    for (const auto& c : controllers) {
      try {
        write_knob(control, c);
      } catch (const Error& e) {
        log::debug(e.what());
      }
    }
  }
}

}  // namespace

void enable_controllers(const std::string& root, const std::string& path) {
  std::string dir = root;
  auto parts = split(path, '/');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!parts[i].empty()) dir += "/" + parts[i];
    enable_in(dir);
  }
}

}  // namespace berth::cgroups::v2

// v2 freezer: cgroup.freeze, with cgroup.events telling when every task is really stopped.
#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "runtime/cgroups/v2/controllers.hpp"

namespace berth::cgroups::v2 {
namespace {

using namespace std::chrono_literals;

bool events_say(const std::string& dir, const std::string& line) {
  for (const auto& l : split(read_knob(dir + "/cgroup.events"), '\n')) {
    if (trim(l) == line) return true;
  }
  return false;
}

}  // namespace

void freeze(const std::string& dir) {
  write_knob(dir + "/cgroup.freeze", "1");
  if (wait_until([&] { return events_say(dir, "frozen 1"); }, 5s)) return;
  // Half-frozen is the worst outcome: leave the container running and report.
  write_knob(dir + "/cgroup.freeze", "0");
  throw Error(fmt::format("cgroup: freeze {}: not frozen after 5s", dir));
}

void thaw(const std::string& dir) {
  write_knob(dir + "/cgroup.freeze", "0");
  if (!wait_until([&] { return events_say(dir, "frozen 0"); }, 5s)) {
    throw Error(fmt::format("cgroup: thaw {}: still frozen after 5s", dir));
  }
}

bool frozen(const std::string& dir) { return events_say(dir, "frozen 1"); }

}  // namespace berth::cgroups::v2

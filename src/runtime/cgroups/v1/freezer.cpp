// v1 freezer controller: FROZEN / THAWED through freezer.state, waiting for the transition.
#include <fmt/core.h>

#include "base/error.hpp"
#include "runtime/cgroups/v1/controllers.hpp"

namespace berth::cgroups::v1 {
namespace {

using namespace std::chrono_literals;

std::string state_file(const std::string& dir) { return dir + "/freezer.state"; }

// The kernel can stay in FREEZING while tasks fork or sit in uninterruptible sleep; writing
// FROZEN again restarts the attempt (runc does the same), so it is rewritten on every poll.
bool try_freeze(const std::string& dir) {
  write_knob(state_file(dir), "FROZEN");
  std::string state = read_knob(state_file(dir));
  if (state == "FROZEN") return true;
  if (state != "FREEZING") {
    throw Error(fmt::format("cgroup: {} is \"{}\" after writing FROZEN", state_file(dir), state));
  }
  return false;
}

}  // namespace

void freeze(const std::string& dir) {
  if (wait_until([&] { return try_freeze(dir); }, 5s)) return;
  // Half-frozen is the worst outcome: leave the container running and report.
  write_knob(state_file(dir), "THAWED");
  throw Error(fmt::format("cgroup: freeze {}: still FREEZING after 5s", dir));
}

void thaw(const std::string& dir) {
  write_knob(state_file(dir), "THAWED");
  if (!wait_until([&] { return read_knob(state_file(dir)) == "THAWED"; }, 5s)) {
    throw Error(fmt::format("cgroup: thaw {}: not THAWED after 5s", dir));
  }
}

bool frozen(const std::string& dir) { return read_knob(state_file(dir)) == "FROZEN"; }

}  // namespace berth::cgroups::v1

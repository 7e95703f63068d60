// The child's half of cgroups::Placement (see placement.hpp for why).
#include "runtime/cgroups/placement.hpp"

#include <unistd.h>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"

namespace berth::cgroups {

void place_self(Placement& placement) {
  for (auto& file : placement.tasks_files) {
    if (::write(file.fd.get(), "0", 1) != 1) throw Error::last_errno("cgroup: move into", file.path);
    file.fd.reset();
  }
  placement.tasks_files.clear();
}

std::string tasks_paths_text(const Placement& placement) {
  std::string text;
  for (const auto& file : placement.tasks_files) text += file.path + "\n";
  return text;
}

std::vector<int> tasks_fds(const Placement& placement) {
  std::vector<int> fds;
  for (const auto& file : placement.tasks_files) fds.push_back(file.fd.get());
  return fds;
}

Placement placement_from(std::string_view paths_text, std::vector<UniqueFd> fds) {
  std::vector<std::string> paths;
  for (auto& line : split(paths_text, '\n'))
    if (!line.empty()) paths.push_back(std::move(line));
  if (paths.size() != fds.size())
    throw Error(fmt::format("cgroup: {} tasks files named but {} received", paths.size(), fds.size()));
  Placement placement;
  for (size_t i = 0; i < fds.size(); ++i) placement.tasks_files.push_back({std::move(fds[i]), std::move(paths[i])});
  return placement;
}

}  // namespace berth::cgroups

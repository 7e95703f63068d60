// Knob I/O for both cgroup versions: one write per value, errors that name file and value.
#include "runtime/cgroups/knobs.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "base/unique_fd.hpp"

namespace berth::cgroups {
namespace fs = std::filesystem;

void write_knob(const std::string& path, const std::string& value, const std::string& label) {
  auto fail = [&](int err) {
    return Error::from_errno(err, fmt::format("cgroup: {}write {} to", label, value), path);
  };
  // O_TRUNC is harmless on cgroupfs and makes a fake cgroupfs of plain files show the last value.
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!fd) throw fail(errno);
  ssize_t n;
  do {
    n = ::write(fd.get(), value.data(), value.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) throw fail(errno);
}

std::string read_knob(const std::string& path) {
  try {
    return std::string(trim(read_file(path)));
  } catch (Error& e) {
    throw std::move(e).context("cgroup");
  }
}

void execute(const std::string& dir, const Plan& plan) {
  for (const auto& w : plan) {
    std::string path = dir + "/" + w.file;
    if (w.skip_if_missing && !path_exists(path)) continue;
    try {
      write_knob(path, w.value);
    } catch (const Error& e) {
      if (!(w.ignore_einval && e.err() == EINVAL)) throw;
    }
  }
}

std::vector<pid_t> read_procs_recursive(const std::string& dir) {
  std::vector<pid_t> pids;
  std::string procs;
  try {
    procs = read_knob(dir + "/cgroup.procs");
  } catch (const Error& e) {
    // Not made (yet): a create killed between its mkdirs leaves some v1 hierarchies without the
    // cgroup, and delete --force must still get through. Nothing can run in a missing cgroup.
    if (e.err() == ENOENT && !path_exists(dir)) return pids;
    throw;
  }
  for (const auto& line : split(procs, '\n')) {
    if (auto pid = parse_int(trim(line))) pids.push_back(static_cast<pid_t>(*pid));
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_directory(ec) || entry.is_symlink(ec)) continue;
    auto sub = read_procs_recursive(entry.path().string());
    pids.insert(pids.end(), sub.begin(), sub.end());
  }
  return pids;
}

namespace {

void rmdir_retrying(const std::string& dir) {
  using namespace std::chrono_literals;
  auto deadline = std::chrono::steady_clock::now() + 1s;
  for (;;) {
    if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return;
    // A killed task stays counted until it has fully exited; give it a moment.
    if (errno != EBUSY || std::chrono::steady_clock::now() >= deadline) {
      throw Error::last_errno("cgroup: remove", dir);
    }
    std::this_thread::sleep_for(10ms);
  }
}

}  // namespace

void remove_cgroup_dir(const std::string& dir) {
  // Usually the cgroup has no children and no tasks left: one rmdir. Listing it first read a
  // kernfs directory of some 30 knobs in every hierarchy for nothing (9 of them on v1).
  if (::rmdir(dir.c_str()) == 0 || errno == ENOENT) return;
  std::error_code ec;
  std::vector<std::string> children;  // collected first: removing while iterating is undefined
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_directory(ec) && !entry.is_symlink(ec)) children.push_back(entry.path().string());
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw Error::from_errno(ec.value(), "cgroup: list", dir);
  }
  for (const auto& child : children) remove_cgroup_dir(child);
  rmdir_retrying(dir);
}

bool wait_until(const std::function<bool()>& reached, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (reached()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace berth::cgroups

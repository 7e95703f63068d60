// Choosing a container's runtime: --runtime NAME|PATH resolved once, at create.
#include "engine/runtime_client.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"

namespace berth::engine {
namespace {

bool is_executable_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string find_in_path(const std::string& name) {
  const char* env = std::getenv("PATH");
  for (const auto& dir : split(env && *env ? env : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ':')) {
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + name;
    if (is_executable_file(candidate)) return candidate;
  }
  return "";
}

std::string absolute(const std::string& path) {
  char* real = ::realpath(path.c_str(), nullptr);
  if (!real) return "";
  std::string out(real);
  std::free(real);
  return out;
}

}  // namespace

RuntimeChoice resolve_runtime(const std::string& name) {
  if (name.empty() || name == kInProcessRuntime) return {kInProcessRuntime, ""};
  std::string path = name.find('/') != std::string::npos ? name : find_in_path(name);
  if (!path.empty()) path = absolute(path);
  if (path.empty() || !is_executable_file(path))
    throw Error(fmt::format("unknown or invalid runtime name: {}", name), ExitCode::kEngine);
  return {name, path};
}

std::unique_ptr<RuntimeClient> runtime_client(const Paths& paths, const HostConfig& host) {
  if (host.runtime.empty() || host.runtime == kInProcessRuntime) return in_process_runtime(paths);
  RuntimeChoice choice{host.runtime, host.runtime_path};
  if (choice.path.empty()) choice = resolve_runtime(host.runtime);
  return external_runtime(paths, choice);
}

}  // namespace berth::engine

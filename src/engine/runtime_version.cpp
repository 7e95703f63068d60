#include "engine/runtime_version.hpp"

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "engine/runtime_call.hpp"

namespace berth::engine {

RuntimeVersion parse_runtime_version(std::string_view text) {
  RuntimeVersion v;
  bool first = true;
  for (const std::string& whole : split(text, '\n')) {
    std::string_view line = trim(whole);
    if (line.empty()) continue;
    if (first) {
      first = false;
      // "runc version 1.1.5", "crun version 1.8.1": the version is the word after "version".
      size_t at = line.find(" version ");
      if (at != std::string_view::npos) v.version = std::string(trim(line.substr(at + 9)));
      continue;
    }
    if (line.starts_with("spec:")) v.spec = std::string(trim(line.substr(5)));
  }
  return v;
}

RuntimeVersion query_runtime_version(const Paths& paths, const RuntimeChoice& choice) {
  std::string name = choice.path.substr(choice.path.rfind('/') + 1);
  RuntimeCall call(choice.path, paths.external_runtime_root(name), {"--version"});
  try {
    return parse_runtime_version(call.run());
  } catch (const Error& e) {
    throw Error(fmt::format("runtime {}: --version failed: {}", choice.name, e.what()), ExitCode::kEngine);
  }
}

}  // namespace berth::engine

// `berth build`: evaluates a Dockerfile the way docker's classic builder does and stores the
// resulting image. Steps print "Step N/M : ...", " ---> Using cache", " ---> <id>".
#pragma once

#include <map>
#include <string>
#include <vector>

#include "image/build_run.hpp"
#include "image/store.hpp"

namespace berth::image {

struct BuildOptions {
  std::string context_dir;
  std::string dockerfile;                         // its text
  std::vector<std::string> tags;                  // as the user typed them (validated here)
  std::map<std::string, std::string> build_args;  // --build-arg K=V
  std::map<std::string, std::string> labels;      // --label K=V, added to the final image
  std::string target;                             // --target: the last stage to build
  bool no_cache = false;
  bool quiet = false;  // print only the image id
  // linux.seccomp for RUN containers, given by the engine (its default profile, as docker's
  // builder applies it); null: none.
  nlohmann::json run_seccomp;
};

// Builds the image and returns its id (64 hex). Throws Error: exit 125 for a bad Dockerfile or
// a failed step (naming the Dockerfile line), exit 1 for a RUN that returned non-zero
// ("The command '/bin/sh -c false' returned a non-zero code: 1").
std::string build_image(Store& store, const BuildPaths& paths, const BuildOptions& options);

// Whether a Dockerfile has a RUN step (then the build must run from a sealed copy of berth).
bool dockerfile_has_run(const std::string& dockerfile);

}  // namespace berth::image

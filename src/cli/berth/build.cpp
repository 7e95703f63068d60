// berth build: build an image from a Dockerfile and a context directory.
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "cli/berth/argument_errors.hpp"
#include "cli/berth/command.hpp"
#include "engine/default_seccomp.hpp"
#include "engine/spec_builder.hpp"
#include "image/builder.hpp"
#include "image/reference.hpp"
#include "image/store.hpp"
#include "runtime/self_clone.hpp"

namespace berth::cli {
namespace {

struct BuildArgs {
  std::string context;
  std::string file;  // empty: <context>/Dockerfile; "-": stdin
  std::vector<std::string> tags;
  std::vector<std::string> build_args;
  std::vector<std::string> labels;
  std::string target;
  bool no_cache = false;
  bool quiet = false;
  bool rm = true;
  bool force_rm = false;
};

// "K=V" pairs; a --build-arg without '=' takes the value from our environment, as docker does
// (and is dropped when the variable is unset).
std::map<std::string, std::string> parse_pairs(const std::vector<std::string>& items, bool from_env, const char* flag) {
  std::map<std::string, std::string> out;
  for (const auto& item : items) {
    size_t eq = item.find('=');
    if (eq == 0) throw Error(fmt::format("invalid {} \"{}\": empty name", flag, item), ExitCode::kEngine);
    if (eq != std::string::npos) {
      out[item.substr(0, eq)] = item.substr(eq + 1);
    } else if (!from_env) {
      out[item] = "";
    } else if (const char* v = std::getenv(item.c_str())) {
      out[item] = v;
    }
  }
  return out;
}

std::string read_dockerfile(const BuildArgs& a) {
  if (a.file == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::string path = a.file.empty() ? a.context + "/Dockerfile" : a.file;
  if (!path_exists(path))
    throw Error(fmt::format("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat {}: "
                            "no such file or directory",
                            path),
                ExitCode::kEngine);
  return read_file(path);
}

int build(const Globals& g, const BuildArgs& a) {
  if (a.context == "-" || a.context.find("://") != std::string::npos)
    throw Error("berth build takes a context directory (no tar on stdin, no URL)", ExitCode::kEngine);
  struct stat st;
  if (::stat(a.context.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw Error(fmt::format("unable to prepare context: path \"{}\" not found", a.context), ExitCode::kEngine);
  // RUN puts a process of ours into a container: run from a sealed copy (CVE-2019-5736). With
  // the Dockerfile on stdin, before reading it, since the re-execution cannot read it again.
  if (a.file == "-") runtime::ensure_sealed_self(g.argv, g.envp);
  image::BuildOptions o;
  o.context_dir = a.context;
  o.dockerfile = read_dockerfile(a);
  if (a.file != "-" && image::dockerfile_has_run(o.dockerfile)) runtime::ensure_sealed_self(g.argv, g.envp);
  o.tags = a.tags;
  o.build_args = parse_pairs(a.build_args, true, "--build-arg");
  o.labels = parse_pairs(a.labels, false, "--label");
  o.target = a.target;
  o.no_cache = a.no_cache;
  o.quiet = a.quiet;
  // RUN containers get docker's default capabilities, and so the filter that goes with them.
  o.run_seccomp = engine::default_seccomp_profile(engine::effective_capabilities(engine::HostConfig{}));
  image::Store store(g.root);
  image::build_image(store, {g.root, g.runroot, g.cgroup_parent}, o);
  return 0;
}

}  // namespace

void add_build(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<BuildArgs>();
  auto* cmd = app.add_subcommand("build", "Build an image from a Dockerfile");
  cmd->add_option("-t,--tag", a->tags, "name and optionally a tag in the name:tag format")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->each([](const std::string& tag) {
        // The docker CLI checks each tag as it reads the flag (exit 125, the flag named).
        try {
          image::validate_reference(tag);
        } catch (const Error& e) {
          throw BadFlagValue(tag, "-t, --tag", e.what());
        }
      });
  cmd->add_option("-f,--file", a->file, "name of the Dockerfile (default: CONTEXT/Dockerfile, - for stdin)");
  cmd->add_option("--build-arg", a->build_args, "set a build-time variable (K=V)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--label", a->labels, "set a label on the image (K=V)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--target", a->target, "the build stage to stop at");
  cmd->add_flag("--no-cache", a->no_cache, "do not use the cache when building the image");
  cmd->add_flag("-q,--quiet", a->quiet, "print only the image id");
  cmd->add_flag("--rm{true}", a->rm, "accepted: intermediate containers are always removed");
  cmd->add_flag("--force-rm", a->force_rm, "accepted: intermediate containers are always removed");
  cmd->add_option("context", a->context, "the build context directory")->required();
  cmd->callback([&g, &action, a] { action = [&g, a] { return build(g, *a); }; });
}

}  // namespace berth::cli

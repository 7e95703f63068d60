// berth image inspect: docker's JSON array of image objects, or --format per image.
#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "cli/berth/go_template.hpp"
#include "cli/berth/image_commands.hpp"
#include "image/store.hpp"

namespace berth::cli {
namespace {

using nlohmann::json;

struct InspectOptions {
  std::string format;
  std::vector<std::string> images;
};

std::string string_or_empty(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The image config's "config", with the keys docker always shows filled in.
json container_config(const image::Image& img) {
  json cfg = img.config.contains("config") && img.config["config"].is_object()
                 ? img.config["config"]
                 : json::object();
  for (const char* key : {"Hostname", "Domainname", "User", "WorkingDir"}) cfg.emplace(key, "");
  for (const char* key :
       {"AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce"})
    cfg.emplace(key, false);
  for (const char* key : {"Env", "Cmd", "Volumes", "Entrypoint", "OnBuild", "Labels"})
    cfg.emplace(key, nullptr);
  cfg.emplace("Image", "");
  return cfg;
}

json inspect_object(const image::Store& store, const image::Image& img) {
  std::vector<std::string> lower;
  for (const auto& dir : store.layer_dirs(img)) lower.insert(lower.begin(), dir);
  json obj = {
      {"Id", "sha256:" + img.id},
      {"RepoTags", img.repo_tags},
      {"RepoDigests", json::array()},
      {"Parent", ""},
      {"Comment", string_or_empty(img.config, "comment")},
      {"Created", img.created},
      {"Container", string_or_empty(img.config, "container")},  // set by commit
      {"DockerVersion", string_or_empty(img.config, "docker_version")},
      {"Author", string_or_empty(img.config, "author")},
      {"Config", container_config(img)},
      {"Architecture", string_or_empty(img.config, "architecture")},
      {"Os", string_or_empty(img.config, "os")},
      {"Size", img.size},
      {"VirtualSize", img.size},
      {"GraphDriver", {{"Name", "overlay"}, {"Data", {{"LowerDir", join(lower, ":")}}}}},
      {"RootFS", {{"Type", "layers"}, {"Layers", img.diff_ids}}},
      {"Metadata", {{"LastTagTime", "0001-01-01T00:00:00Z"}}},
  };
  if (auto variant = string_or_empty(img.config, "variant"); !variant.empty())
    obj["Variant"] = variant;
  return obj;
}

int run(const Globals& g, const InspectOptions& o) {
  image::Store store(g.root);
  json all = json::array();
  std::vector<std::string> errors;
  for (const auto& ref : o.images) {
    try {
      all.push_back(inspect_object(store, store.must_find(ref)));
    } catch (const Error& e) {
      errors.push_back(e.what());
    }
  }
  if (!o.format.empty()) {
    for (const auto& obj : all) print_line(render_template(o.format, obj));
  } else {
    print_line(all.dump(4));
  }
  std::fflush(stdout);
  for (const auto& e : errors) fmt::print(stderr, "Error: {}\n", e);
  return errors.empty() ? 0 : 1;
}

}  // namespace

CLI::App* add_image_inspect_command(CLI::App& parent, const std::string& name, Globals& g,
                                    Action& action) {
  auto o = std::make_shared<InspectOptions>();
  CLI::App* cmd = parent.add_subcommand(name, "Display detailed information on one or more images");
  cmd->add_option("-f,--format", o->format, "Format output using a Go template");
  cmd->add_option("images", o->images, "IMAGE...")->required();
  cmd->callback([&g, &action, o] { action = [&g, o] { return run(g, *o); }; });
  return cmd;
}

}  // namespace berth::cli

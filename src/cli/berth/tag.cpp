// berth tag SOURCE TARGET: another name for an image.
#include <memory>

#include <fmt/core.h>

#include "base/error.hpp"

#include "cli/berth/image_commands.hpp"
#include "image/reference.hpp"
#include "image/store.hpp"

namespace berth::cli {
namespace {

struct TagOptions {
  std::string source;
  std::string target;
};

int run(const Globals& g, const TagOptions& o) {
  try {
    image::validate_reference(o.target);  // the docker CLI parses the target before asking
  } catch (const Error& e) {
    throw Error(fmt::format("Error parsing reference: \"{}\" is not a valid repository/tag: {}", o.target, e.what()));
  }
  image::Store store(g.root);
  store.tag(o.source, o.target);
  return 0;
}

}  // namespace

CLI::App* add_tag_command(CLI::App& parent, const std::string& name, Globals& g, Action& action) {
  auto o = std::make_shared<TagOptions>();
  CLI::App* cmd =
      parent.add_subcommand(name, "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE");
  cmd->add_option("source", o->source, "SOURCE_IMAGE[:TAG]")->required();
  cmd->add_option("target", o->target, "TARGET_IMAGE[:TAG]")->required();
  cmd->callback([&g, &action, o] { action = [&g, o] { return run(g, *o); }; });
  return cmd;
}

}  // namespace berth::cli

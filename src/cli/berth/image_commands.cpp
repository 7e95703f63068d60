// Registers the image commands: images, import, load, save, tag, rmi, history and the `image` group.
#include "cli/berth/image_commands.hpp"

namespace berth::cli {

void add_image_commands(CLI::App& app, Globals& g, Action& action) {
  add_images_command(app, "images", g, action);
  add_import_command(app, "import", g, action);
  add_load_command(app, "load", g, action);
  add_save_command(app, "save", g, action);
  add_tag_command(app, "tag", g, action);
  add_rmi_command(app, "rmi", g, action);
  add_history_command(app, "history", g, action);

  CLI::App* image = app.add_subcommand("image", "Manage images");
  image->require_subcommand(1);
  add_images_command(*image, "ls", g, action)->alias("list");
  add_rmi_command(*image, "rm", g, action)->alias("remove");
  add_tag_command(*image, "tag", g, action);
  add_save_command(*image, "save", g, action);
  add_load_command(*image, "load", g, action);
  add_import_command(*image, "import", g, action);
  add_image_inspect_command(*image, "inspect", g, action);
  add_image_prune_command(*image, "prune", g, action);
  add_history_command(*image, "history", g, action);
}

}  // namespace berth::cli

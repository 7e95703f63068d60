// The image commands. Each registers itself under `parent` (the top level, or the `image` group)
// as `name` and returns the subcommand so the caller can add aliases.
#pragma once

#include <string>

#include "cli/berth/command.hpp"

namespace berth::cli {

CLI::App* add_images_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);
CLI::App* add_import_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);
CLI::App* add_load_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);
CLI::App* add_save_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);
CLI::App* add_tag_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);
CLI::App* add_rmi_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);
CLI::App* add_image_inspect_command(CLI::App& parent, const std::string& name, Globals& g,
                                    Action& action);
CLI::App* add_image_prune_command(CLI::App& parent, const std::string& name, Globals& g,
                                  Action& action);
CLI::App* add_history_command(CLI::App& parent, const std::string& name, Globals& g, Action& action);

}  // namespace berth::cli

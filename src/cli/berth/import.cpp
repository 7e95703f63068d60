// berth import FILE|DIR|- [REF]: a root filesystem (tar or directory) becomes a one-layer image.
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "cli/berth/image_commands.hpp"
#include "image/image_config.hpp"
#include "image/reference.hpp"
#include "image/store.hpp"

namespace berth::cli {
namespace {

struct ImportOptions {
  std::string source;  // a tar (plain or compressed), a directory, or "-" for stdin
  std::string reference;
  std::vector<std::string> changes;
  std::string message;
  std::string platform;
};

std::string import_layer(image::Store& store, const std::string& source) {
  if (source == "-") return store.add_layer_from_archive(STDIN_FILENO, "stdin");
  if (source.find("://") != std::string::npos)
    throw Error(fmt::format("import {}: importing from a URL is not supported", source),
                ExitCode::kEngine);
  struct stat st;
  if (::stat(source.c_str(), &st) != 0)
    throw go_open_error(errno, source);  // docker's words
  if (S_ISDIR(st.st_mode)) return store.add_layer_from_dir(source);
  UniqueFd fd(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw go_open_error(errno, source);
  return store.add_layer_from_archive(fd.get(), source);
}

int run(const Globals& g, const ImportOptions& o) {
  if (!o.reference.empty()) image::validate_reference(o.reference);
  if (!o.platform.empty() && o.platform != "linux/" + image::host_architecture() &&
      o.platform != "linux")
    throw Error(fmt::format("import: platform \"{}\" is not this machine's (linux/{})", o.platform,
                            image::host_architecture()),
                ExitCode::kEngine);
  // Check the changes before reading a possibly large archive.
  nlohmann::json config = image::new_image_config({}, {});
  for (const auto& c : o.changes) image::apply_change(config, c);
  image::Store store(g.root);
  std::string diff_id = import_layer(store, o.source);
  config = image::new_image_config({diff_id},
                                   o.message.empty() ? "Imported from " + o.source : o.message);
  for (const auto& c : o.changes) image::apply_change(config, c);
  std::string id = store.add_image(config, o.reference);
  print_line("sha256:" + id);
  return 0;
}

}  // namespace

CLI::App* add_import_command(CLI::App& parent, const std::string& name, Globals& g,
                             Action& action) {
  auto o = std::make_shared<ImportOptions>();
  CLI::App* cmd = parent.add_subcommand(
      name, "Import the contents from a tarball or directory to create a filesystem image");
  cmd->add_option("source", o->source, "FILE (tar, optionally compressed), DIR, or - for stdin")
      ->required();
  cmd->add_option("reference", o->reference, "REPOSITORY[:TAG]");
  cmd->add_option("-c,--change", o->changes, "Apply a Dockerfile instruction to the created image")
      ->allow_extra_args(false);  // one instruction per -c; the REF after it stays positional
  cmd->add_option("-m,--message", o->message, "Set a commit message for the imported image");
  cmd->add_option("--platform", o->platform, "Set the platform (only this machine's)");
  cmd->callback([&g, &action, o] { action = [&g, o] { return run(g, *o); }; });
  return cmd;
}

}  // namespace berth::cli

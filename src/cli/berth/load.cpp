// berth load [-i FILE]: images from a docker-save archive or an OCI image layout tar.
#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <memory>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "cli/berth/image_commands.hpp"
#include "image/image_archive.hpp"

namespace berth::cli {
namespace {

struct LoadOptions {
  std::string input;
  bool quiet = false;  // docker's -q hides progress; berth shows none, so it changes nothing
};

int run(const Globals& g, const LoadOptions& o) {
  UniqueFd file;
  int fd = STDIN_FILENO;
  std::string what = "stdin";
  if (!o.input.empty() && o.input != "-") {
    file.reset(::open(o.input.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file) throw go_open_error(errno, o.input);  // docker's words
    fd = file.get();
    what = o.input;
  } else if (::isatty(STDIN_FILENO)) {
    throw Error("requested load from stdin, but stdin is empty", ExitCode::kEngine);
  }
  image::Store store(g.root);
  for (const auto& img : image::load_image_archive(store, fd, what)) {
    if (img.tags.empty()) print_line("Loaded image ID: sha256:" + img.id);
    for (const auto& t : img.tags) print_line("Loaded image: " + t);
  }
  return 0;
}

}  // namespace

CLI::App* add_load_command(CLI::App& parent, const std::string& name, Globals& g, Action& action) {
  auto o = std::make_shared<LoadOptions>();
  CLI::App* cmd = parent.add_subcommand(name, "Load an image from a tar archive or STDIN");
  cmd->add_option("-i,--input", o->input, "Read from tar archive file, instead of STDIN");
  cmd->add_flag("-q,--quiet", o->quiet, "Suppress the load output");
  cmd->callback([&g, &action, o] { action = [&g, o] { return run(g, *o); }; });
  return cmd;
}

}  // namespace berth::cli

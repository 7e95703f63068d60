// berth save [-o FILE] IMAGE...: a docker-save archive, to a file or to stdout when redirected.
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

struct SaveOptions {
  std::string output;
  std::vector<std::string> images;
};

// The archive goes to a temp file beside the target, renamed into place when complete: a failed
// save leaves no truncated archive behind (and no clobbered old one).
void save_to_file(const image::Store& store, const SaveOptions& o) {
  std::string tmp = fmt::format("{}.tmp-{}", o.output, ::getpid());
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) throw Error::last_errno("create", tmp).with_exit_code(ExitCode::kEngine);
  try {
    image::save_image_archive(store, o.images, fd.get());
    if (::fsync(fd.get()) != 0)
      throw Error::last_errno("fsync", tmp).with_exit_code(ExitCode::kEngine);
    if (::rename(tmp.c_str(), o.output.c_str()) != 0)
      throw Error::last_errno("rename", tmp + " to " + o.output).with_exit_code(ExitCode::kEngine);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
}

int run(const Globals& g, const SaveOptions& o) {
  image::Store store(g.root);
  if (!o.output.empty() && o.output != "-") {
    save_to_file(store, o);
    return 0;
  }
  if (::isatty(STDOUT_FILENO))
    throw Error("cowardly refusing to save to a terminal. Use the -o flag or redirect",
                ExitCode::kGeneric);
  std::fflush(stdout);
  image::save_image_archive(store, o.images, STDOUT_FILENO);
  return 0;
}

}  // namespace

CLI::App* add_save_command(CLI::App& parent, const std::string& name, Globals& g, Action& action) {
  auto o = std::make_shared<SaveOptions>();
  CLI::App* cmd = parent.add_subcommand(
      name, "Save one or more images to a tar archive (streamed to STDOUT by default)");
  cmd->add_option("-o,--output", o->output, "Write to a file, instead of STDOUT");
  cmd->add_option("images", o->images, "IMAGE...")->required();
  cmd->callback([&g, &action, o] { action = [&g, o] { return run(g, *o); }; });
  return cmd;
}

}  // namespace berth::cli

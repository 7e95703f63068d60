// Files of an unpacked image archive, opened with openat2(RESOLVE_IN_ROOT).
#include "image/archive_dir.hpp"

#include <fcntl.h>
#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/safe_path.hpp"

namespace berth::image {

ArchiveDir::ArchiveDir(const std::string& path, std::string_view what) : what_(what) {
  root_.reset(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_) throw Error::last_errno("open", path).with_exit_code(ExitCode::kEngine);
}

UniqueFd ArchiveDir::open(std::string_view name) const {
  try {
    return open_in_root(root_.get(), name, O_RDONLY);
  } catch (Error& e) {
    throw std::move(e).context(what_).with_exit_code(ExitCode::kEngine);
  }
}

std::string ArchiveDir::read(std::string_view name) const {
  UniqueFd fd = open(name);
  try {
    return read_fd(fd.get());
  } catch (Error& e) {
    throw std::move(e)
        .context(fmt::format("{}: {}", what_, name))
        .with_exit_code(ExitCode::kEngine);
  }
}

bool ArchiveDir::exists(std::string_view name) const {
  try {
    open_in_root(root_.get(), name, O_PATH);
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace berth::image

// The two directions of docker cp, step by step in docker's order: what its CLI checks locally,
// then what dockerd checks in the container, then the copy.
#include "engine/container_copy.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <climits>
#include <optional>

#include "base/error.hpp"
#include "base/safe_path.hpp"
#include "engine/copy_archive.hpp"
#include "engine/copy_ends.hpp"
#include "engine/copy_paths.hpp"
#include "engine/copy_stream.hpp"
#include "engine/copy_view.hpp"
#include "engine/user_lookup.hpp"
#include "image/layer_unpack.hpp"

namespace berth::engine {
namespace {

// dockerd's prefix for whatever its extraction into the container reports.
constexpr std::string_view kExtractFailed = "Error processing tar file(exit status 1)";

std::string current_dir() {
  char buf[PATH_MAX];
  if (!::getcwd(buf, sizeof buf)) throw Error::last_errno("getcwd");
  return buf;
}

// dockerd 20.10's words, its missing space included.
void require_path(const std::string& path) {
  if (path.empty()) throw Error("bad parameter: pathcannot be empty");
}

// The name dockerd gives the archive's top entry: the base of the path asked for ("." for the
// root, whose contents it holds).
std::string archive_name(const std::string& abs_path) {
  std::string base = path_base(abs_path);
  return base == "/" ? "." : base;
}

// -a: dockerd gives every file the container's user, when it has one; else the archive's owners.
image::UnpackOptions into_container_options(const CopyView& view, const std::string& shown_dest,
                                            bool archive) {
  image::UnpackOptions options;
  options.overlay_whiteouts = false;
  options.merge_into_existing = true;
  options.shown_dest = shown_dest;
  const std::string& user = view.record().config.user;
  if (archive && !user.empty()) {
    ResolvedUser u = resolve_user(fd_path(view.root()), user);
    options.owner = std::pair{static_cast<uid_t>(u.uid), static_cast<gid_t>(u.gid)};
  }
  return options;
}

}  // namespace

CopyOutcome copy_from_container(const ContainerStore& store, const std::string& ref,
                                const std::string& src, const std::string& dest,
                                const CopyOptions& options, int out_fd) {
  std::string local = dest == "-" ? dest : local_abs_path(dest, current_dir());
  if (dest != "-") validate_output_path(local);
  ContainerRecord record = store.resolve(ref);
  CopyView view(store, record, ref);
  std::string src_path = src;
  std::string rebase;
  if (options.follow_link) {
    // docker follows one link, then asks for its target; the copy keeps the name given.
    std::string abs = container_abs_path(src_path);
    if (auto link = try_find_in_container(view, abs); link && S_ISLNK(link->st.st_mode))
      std::tie(src_path, rebase) = rebase_name(abs, container_link_target(*link, abs));
  }
  require_path(src_path);
  std::string abs = container_abs_path(src_path);
  ContainerEntry entry = find_in_container(view, abs, ref);
  if (dest == "-") return {write_copy_archive(entry.fd.get(), archive_name(abs), out_fd, abs), ""};

  CopyInfo src_info{src_path, true, S_ISDIR(entry.st.st_mode), rebase};
  LocalDestination to = local_destination(local);
  CopyPlacement placement = place_copy(src_info, rebase.empty() ? archive_name(abs) : rebase,
                                       CopyInfo{to.path, to.exists, to.is_dir, ""});
  UniqueFd dir(::open(placement.dest_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir) throw Error(fmt::format("open {}: {}", placement.dest_dir, go_errno_text(errno)));
  image::UnpackOptions unpack;
  unpack.overlay_whiteouts = false;
  unpack.merge_into_existing = true;
  unpack.shown_dest = placement.dest_dir;
  unpack.keep_owners = false;  // the caller's, as docker's CLI leaves them
  uint64_t bytes = stream_copy(entry.fd.get(), placement.top_name, abs, dir.get(), "", unpack);
  return {bytes, local};
}

CopyOutcome copy_to_container(const ContainerStore& store, const std::string& src, int in_fd,
                              const std::string& ref, const std::string& dest,
                              const CopyOptions& options) {
  std::string local = src == "-" ? src : local_abs_path(src, current_dir());
  // docker's CLI only learns that the container is missing when it sends the archive: the local
  // checks come first.
  std::optional<ContainerRecord> record = store.find(ref);
  std::optional<CopyView> view;
  if (record) view.emplace(store, *record, ref);

  CopyInfo to{dest, false, false, ""};
  // An empty path is dockerd's "bad parameter": to the CLI, a destination it could not stat.
  std::optional<ContainerEntry> found =
      view && !dest.empty() ? try_find_in_container(*view, container_abs_path(dest)) : std::nullopt;
  if (found && S_ISLNK(found->st.st_mode)) {
    to.path = container_link_target(*found, container_abs_path(dest));
    found = try_find_in_container(*view, to.path);
  }
  if (found) {
    if (auto why = output_mode_refusal(found->st.st_mode))
      throw Error(fmt::format("destination \"{}:{}\" must be a directory or a regular file: {}",
                              ref, dest, *why));
    to.exists = true;
    to.is_dir = S_ISDIR(found->st.st_mode);
  }

  std::optional<LocalSource> from;
  std::string extract_into = to.path;
  std::string top_name;
  if (src == "-") {
    if (!to.is_dir)
      throw Error(fmt::format("destination \"{}:{}\" must be a directory", ref, dest));
  } else {
    from = local_source(local, options.follow_link);
    std::string name =
        from->rebase_name.empty() ? split_path_dir_entry(from->path).second : from->rebase_name;
    CopyPlacement placement =
        place_copy(CopyInfo{from->path, true, from->is_dir, from->rebase_name}, name, to);
    extract_into = placement.dest_dir;
    top_name = placement.top_name;
  }
  if (!view) throw Error(fmt::format("No such container: {}", ref));

  require_path(extract_into);
  std::string abs = container_abs_path(extract_into);
  UniqueFd dir = open_extraction_dir(*view, abs, ref);
  std::string resolved = view->container_path(dir.get());
  const HostConfig& host = view->record().host_config;
  if (auto why = read_only_refusal(host.mounts, host.read_only_rootfs, resolved)) throw Error(*why);
  image::UnpackOptions unpack = into_container_options(*view, resolved, options.archive);
  uint64_t bytes = 0;
  if (from) {
    bytes = stream_copy(from->fd.get(), top_name, from->path, dir.get(), kExtractFailed, unpack);
  } else {
    image::unpack_layer_at(in_fd, dir.get(), kExtractFailed, unpack);
  }
  view->sync_layer();
  return {bytes, fmt::format("{}:{}", ref, to.path)};
}

}  // namespace berth::engine

// The image store: finding images by tag or id, storing layers and configs, tags, removal.
#include "image/store.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/file_lock.hpp"
#include "base/strings.hpp"
#include "base/unique_fd.hpp"
#include "image/image_config.hpp"
#include "image/layer_pack.hpp"
#include "image/layer_unpack.hpp"
#include "image/reference.hpp"
#include "image/repositories.hpp"
#include "image/sha256.hpp"

namespace berth::image {
namespace {

// Layers hold set-id binaries and device-free but otherwise arbitrary trees: only root may
// walk into them (overlay reads its lowerdirs with the mounter's credentials).
constexpr unsigned kPrivateDir = 0700;

std::string repositories_path(const std::string& dir) { return dir + "/repositories.json"; }
std::string blobs_dir(const std::string& dir) { return dir + "/blobs/sha256"; }
std::string layers_dir(const std::string& dir) { return dir + "/layers"; }
std::string tmp_dir(const std::string& dir) { return dir + "/tmp"; }
std::string lock_path(const std::string& dir) { return dir + "/.lock"; }

// The tag a reference names, as stored: "busybox" -> "busybox:latest".
std::string canonical_tag(std::string_view ref) {
  return familiar_reference(normalize_reference(ref));
}

bool is_valid_reference(std::string_view ref) {
  try {
    validate_reference(ref);
    return true;
  } catch (const Error&) {
    return false;
  }
}

// How a missing reference is shown: docker names tags in their normalised form.
std::string shown_reference(std::string_view ref) {
  if (ref.starts_with("sha256:") || !is_valid_reference(ref)) return std::string(ref);
  return canonical_tag(ref);
}

std::vector<std::string> list_names(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    if (errno == ENOENT) return names;
    throw Error::last_errno("open", dir).with_exit_code(ExitCode::kEngine);
  }
  while (dirent* e = ::readdir(d)) {
    if (is_hex64(e->d_name)) names.emplace_back(e->d_name);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

std::string repository_of(const std::string& tag) {
  auto colon = tag.rfind(':');
  auto slash = tag.rfind('/');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) return tag;
  return tag.substr(0, colon);
}

// Docker's chain ids: a layer's id given everything below it (printed by rmi as docker does).
std::vector<std::string> chain_ids(const std::vector<std::string>& diff_ids) {
  std::vector<std::string> out;
  for (const auto& d : diff_ids) {
    out.push_back(out.empty() ? d : "sha256:" + sha256_hex(out.back() + " " + d));
  }
  return out;
}

}  // namespace

void validate_tag(std::string_view ref) {
  validate_reference(ref);
  if (ref.find('@') != std::string_view::npos)
    throw Error(fmt::format("refusing to create a tag with a digest reference: \"{}\"", ref),
                ExitCode::kEngine);
  std::string name = repository_of(canonical_tag(ref));
  if (is_hex64(name.substr(name.rfind('/') + 1)))  // npos + 1 == 0: the whole name
    throw Error(
        fmt::format("invalid repository name ({}), cannot specify 64-byte hexadecimal strings",
                    name),
        ExitCode::kEngine);
}

Store::Store(std::string root) : dir_(std::move(root) + "/image") {}

void Store::ensure_layout() {
  mkdir_all(dir_, kPrivateDir);
  mkdir_all(blobs_dir(dir_), kPrivateDir);
  mkdir_all(layers_dir(dir_), kPrivateDir);
  mkdir_all(tmp_dir(dir_), kPrivateDir);
}

TempDir Store::make_temp_dir(std::string_view kind) {
  ensure_layout();
  remove_stale_temps(tmp_dir(dir_));
  return TempDir(tmp_dir(dir_), kind);
}

bool Store::has_layer(const std::string& hex) const {
  return path_exists(layers_dir(dir_) + "/" + hex + "/diff");
}

std::string Store::layer_tar(std::string_view diff_id) const {
  return layers_dir(dir_) + "/" + digest_hex(diff_id, "layer") + "/layer.tar";
}

std::string Store::config_blob(std::string_view id) const {
  std::string hex = strip_digest_prefix(id);
  if (!is_hex64(hex)) throw Error(fmt::format("invalid image id \"{}\"", id), ExitCode::kEngine);
  return read_file(blobs_dir(dir_) + "/" + hex);
}

uint64_t Store::layer_size(std::string_view diff_id) const {
  std::string path = layers_dir(dir_) + "/" + digest_hex(diff_id, "layer") + "/size";
  if (!path_exists(path)) return 0;
  return parse_uint(trim(read_file(path))).value_or(0);
}

std::vector<std::string> Store::image_ids() const { return list_names(blobs_dir(dir_)); }

Image Store::load(const std::string& id, const TagMap& tags) const {
  std::string path = blobs_dir(dir_) + "/" + id;
  Image image;
  image.id = id;
  try {
    image.config = nlohmann::json::parse(read_file(path));
    image.diff_ids = parse_diff_ids(image.config);
    image.defaults = parse_container_defaults(image.config);
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: corrupt image config: {}", path, e.what()), ExitCode::kEngine);
  } catch (Error& e) {
    throw std::move(e).context(path);
  }
  image.repo_tags = tags_of(tags, id);
  if (auto c = image.config.find("created"); c != image.config.end() && c->is_string())
    image.created = *c;
  for (const auto& d : image.diff_ids) image.size += layer_size(d);
  return image;
}

Store::Resolved Store::resolve(std::string_view ref) const {
  Resolved r;
  if (!ref.starts_with("sha256:") && is_valid_reference(ref)) {
    auto tags = read_tags(repositories_path(dir_));
    std::string tag = canonical_tag(ref);
    if (auto it = tags.find(tag); it != tags.end()) {
      r.id = it->second;
      r.tag = tag;
      r.id_matches = 1;
      return r;
    }
  }
  if (!looks_like_id(ref)) return r;
  std::string prefix = strip_digest_prefix(ref);
  for (const auto& id : image_ids()) {
    if (!id.starts_with(prefix)) continue;
    if (++r.id_matches == 1) r.id = id;
  }
  if (r.id_matches > 1) r.id.clear();
  return r;
}

std::optional<Image> Store::find(std::string_view ref) const {
  Resolved r = resolve(ref);
  if (r.id.empty()) return std::nullopt;
  try {
    return load(r.id, read_tags(repositories_path(dir_)));
  } catch (const Error& e) {
    if (!path_exists(blobs_dir(dir_) + "/" + r.id)) return std::nullopt;  // removed meanwhile
    throw;
  }
}

Image Store::must_find(std::string_view ref) const {
  Resolved r = resolve(ref);
  if (r.id_matches > 1)
    throw Error(
        fmt::format("ambiguous image id prefix \"{}\": it matches {} images", ref, r.id_matches),
        ExitCode::kEngine);
  auto image = find(ref);
  if (!image)
    throw Error(fmt::format("No such image: {}", shown_reference(ref)), ExitCode::kEngine);
  return *image;
}

std::vector<Image> Store::list() const {
  auto tags = read_tags(repositories_path(dir_));
  std::vector<Image> images;
  for (const auto& id : image_ids()) {
    try {
      images.push_back(load(id, tags));
    } catch (const Error&) {
      if (path_exists(blobs_dir(dir_) + "/" + id)) throw;  // else removed while we listed
    }
  }
  return images;
}

std::vector<std::string> Store::layer_dirs(const Image& image) const {
  std::vector<std::string> dirs;
  for (const auto& d : image.diff_ids)
    dirs.push_back(layers_dir(dir_) + "/" + digest_hex(d, "layer") + "/diff");
  return dirs;
}

std::string Store::commit_layer(TempDir& tmp, const std::string& diff_id, uint64_t size) {
  std::string hex = digest_hex(diff_id, "layer");
  write_file_atomic(tmp.path() + "/size", std::to_string(size) + "\n");
  UniqueFd fd(::open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  // The layer's files must be on disk before its name appears: one syncfs, not an fsync each.
  if (!fd || ::syncfs(fd.get()) != 0)
    throw Error::last_errno("sync", tmp.path()).with_exit_code(ExitCode::kEngine);
  FileLock lock(lock_path(dir_));
  // When another writer stored the same layer meanwhile, ours is dropped with `tmp`.
  if (!has_layer(hex)) tmp.rename_to(layers_dir(dir_) + "/" + hex);
  return diff_id;
}

std::string Store::add_layer_from_archive(int fd, std::string_view what,
                                          std::string_view expected_diff_id) {
  ensure_layout();
  std::string expected(expected_diff_id);
  if (!expected.empty() && has_layer(digest_hex(expected, what))) {
    std::string got = digest_layer(fd, what);
    if (got != expected)
      throw Error(fmt::format("{}: layer digest {} does not match the image config's {}", what, got,
                              expected),
                  ExitCode::kEngine);
    return expected;
  }
  TempDir tmp = make_temp_dir("layer");
  mkdir_all(tmp.path() + "/diff", 0755);
  UnpackOptions options;
  options.tee_path = tmp.path() + "/layer.tar";
  UnpackResult r = unpack_layer(fd, tmp.path() + "/diff", what, options);
  if (!expected.empty() && r.diff_id != expected)
    throw Error(fmt::format("{}: layer digest {} does not match the image config's {}", what,
                            r.diff_id, expected),
                ExitCode::kEngine);
  return commit_layer(tmp, r.diff_id, r.size);
}

std::string Store::add_layer_from_dir(const std::string& dir, bool changes_from_overlay,
                                      const std::set<std::string>& leave_out) {
  TempDir tmp = make_temp_dir("layer");
  std::string tar = tmp.path() + "/layer.tar";
  {
    UniqueFd out(::open(tar.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (!out) throw Error::last_errno("create", tar).with_exit_code(ExitCode::kEngine);
    pack_layer(dir, out.get(), changes_from_overlay, leave_out);
  }
  UniqueFd in(::open(tar.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in) throw Error::last_errno("open", tar).with_exit_code(ExitCode::kEngine);
  mkdir_all(tmp.path() + "/diff", 0755);
  UnpackResult r = unpack_layer(in.get(), tmp.path() + "/diff", dir);
  return commit_layer(tmp, r.diff_id, r.size);
}

std::string Store::add_image(const nlohmann::json& config, std::string_view tag) {
  return add_image_blob(config.dump(), tag);
}

std::string Store::add_image_blob(std::string_view config_json, std::string_view tag) {
  auto config = nlohmann::json::parse(config_json, nullptr, false);
  if (config.is_discarded()) throw Error("image config: not valid JSON", ExitCode::kEngine);
  auto diff_ids = parse_diff_ids(config);
  parse_container_defaults(config);  // refuse a config whose fields have the wrong types now
  if (!tag.empty()) validate_tag(tag);
  std::string id = sha256_hex(config_json);
  ensure_layout();
  FileLock lock(lock_path(dir_));
  for (const auto& d : diff_ids) {
    if (!has_layer(digest_hex(d, "image config")))
      throw Error(fmt::format("image config names layer {}, which is not stored", d),
                  ExitCode::kEngine);
  }
  std::string blob = blobs_dir(dir_) + "/" + id;
  if (!path_exists(blob)) write_file_atomic(blob, config_json, 0644);
  if (!tag.empty()) {
    auto tags = read_tags(repositories_path(dir_));
    tags[canonical_tag(tag)] = id;
    write_tags(repositories_path(dir_), tags);
  }
  return id;
}

void Store::tag(std::string_view source_ref, std::string_view target_ref) {
  validate_tag(target_ref);
  ensure_layout();
  FileLock lock(lock_path(dir_));
  Image image = must_find(source_ref);
  auto tags = read_tags(repositories_path(dir_));
  tags[canonical_tag(target_ref)] = image.id;
  write_tags(repositories_path(dir_), tags);
}

void Store::delete_image(const std::string& id, std::vector<std::string>& lines) {
  Image image = load(id, {});
  if (::unlink((blobs_dir(dir_) + "/" + id).c_str()) != 0)
    throw Error::last_errno("remove image", id).with_exit_code(ExitCode::kEngine);
  lines.push_back("Deleted: sha256:" + id);
  std::set<std::string> used;
  for (const auto& other : image_ids()) {
    try {
      for (const auto& d : load(other, {}).diff_ids) used.insert(d);
    } catch (const Error&) {
      // A corrupt config elsewhere must not stop this removal; its layers are kept (unknown use).
    }
  }
  auto chains = chain_ids(image.diff_ids);
  for (size_t i = image.diff_ids.size(); i-- > 0;) {
    const std::string& d = image.diff_ids[i];
    std::string hex = digest_hex(d, "layer");
    if (used.contains(d) || !has_layer(hex)) continue;
    used.insert(d);  // a layer listed twice in one image is removed once
    // Renamed away first, so a crash mid-removal leaves a temp dir, never a partial layer.
    TempDir doomed(tmp_dir(dir_), "layer-rm");  // rename(2) replaces the empty directory
    if (::rename((layers_dir(dir_) + "/" + hex).c_str(), doomed.path().c_str()) != 0)
      throw Error::last_errno("remove layer", d).with_exit_code(ExitCode::kEngine);
    lines.push_back("Deleted: " + chains[i]);
  }
}

std::vector<std::string> Store::remove(std::string_view ref, bool force) {
  ensure_layout();
  FileLock lock(lock_path(dir_));
  Resolved r = resolve(ref);
  if (r.id.empty()) {
    must_find(ref);  // throws "No such image" or "ambiguous"
    throw Error(fmt::format("No such image: {}", shown_reference(ref)), ExitCode::kEngine);
  }
  auto tags = read_tags(repositories_path(dir_));
  std::vector<std::string> lines;
  std::vector<std::string> untag;
  if (!r.tag.empty()) {
    untag.push_back(r.tag);
  } else {
    untag = tags_of(tags, r.id);
    std::set<std::string> repositories;
    for (const auto& t : untag) repositories.insert(repository_of(t));
    if (!force && repositories.size() > 1)
      throw Error(fmt::format(
          "conflict: unable to delete {} (must be forced) - image is referenced in multiple "
          "repositories",
          r.id.substr(0, 12)));
  }
  for (const auto& t : untag) {
    tags.erase(t);
    lines.push_back("Untagged: " + t);
  }
  if (!untag.empty()) write_tags(repositories_path(dir_), tags);
  if (tags_of(tags, r.id).empty()) delete_image(r.id, lines);
  return lines;
}

std::vector<std::string> Store::prune(bool all, const std::vector<std::string>& in_use_ids) {
  ensure_layout();
  FileLock lock(lock_path(dir_));
  std::set<std::string> in_use;
  for (const auto& id : in_use_ids) in_use.insert(strip_digest_prefix(id));
  auto tags = read_tags(repositories_path(dir_));
  std::vector<std::string> removed;
  for (const auto& id : image_ids()) {
    auto image_tags = tags_of(tags, id);
    if (in_use.contains(id) || (!all && !image_tags.empty())) continue;
    for (const auto& t : image_tags) tags.erase(t);
    write_tags(repositories_path(dir_), tags);
    std::vector<std::string> lines;
    delete_image(id, lines);
    removed.push_back(id);
  }
  return removed;
}

}  // namespace berth::image

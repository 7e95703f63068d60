// Loading and writing docker-save archives (see docker_archive.hpp for the format).
#include "image/docker_archive.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <set>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "image/archive_util.hpp"
#include "image/image_config.hpp"
#include "image/sha256.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

[[noreturn]] void bad_manifest(const ArchiveDir& archive, std::string_view why) {
  throw Error(fmt::format("{}: manifest.json: {}", archive.what(), why), ExitCode::kEngine);
}

std::vector<std::string> strings_of(const json& item, const char* field,
                                    const ArchiveDir& archive) {
  std::vector<std::string> out;
  auto it = item.find(field);
  if (it == item.end() || it->is_null()) return out;
  if (!it->is_array()) bad_manifest(archive, fmt::format("{} is not an array", field));
  for (const auto& v : *it) {
    if (!v.is_string()) bad_manifest(archive, fmt::format("{} holds a non-string", field));
    out.push_back(v.get<std::string>());
  }
  return out;
}

LoadedImage load_one(Store& store, const ArchiveDir& archive, const json& item) {
  if (!item.is_object() || !item.contains("Config") || !item["Config"].is_string())
    bad_manifest(archive, "an entry without a Config file name");
  std::string config_name = item["Config"];
  std::string config_bytes = archive.read(config_name);
  auto config = json::parse(config_bytes, nullptr, false);
  if (config.is_discarded())
    throw Error(fmt::format("{}: {}: not valid JSON", archive.what(), config_name),
                ExitCode::kEngine);
  std::vector<std::string> diff_ids;
  try {
    diff_ids = parse_diff_ids(config);
  } catch (Error& e) {
    throw std::move(e).context(fmt::format("{}: {}", archive.what(), config_name));
  }
  auto layers = strings_of(item, "Layers", archive);
  if (layers.size() != diff_ids.size())
    bad_manifest(archive, fmt::format("{} lists {} layers, its config {}", config_name,
                                      layers.size(), diff_ids.size()));
  for (size_t i = 0; i < layers.size(); ++i) {
    UniqueFd fd = archive.open(layers[i]);
    store.add_layer_from_archive(fd.get(), fmt::format("{}: {}", archive.what(), layers[i]),
                                 diff_ids[i]);
  }
  LoadedImage loaded;
  loaded.id = store.add_image_blob(config_bytes);
  for (const auto& tag : strings_of(item, "RepoTags", archive)) {
    store.tag(loaded.id, tag);
    loaded.tags.push_back(tag);
  }
  return loaded;
}

class TarWriter {
 public:
  explicit TarWriter(int fd) : writer_(archive_write_new()) {
    if (!writer_) throw Error("archive_write_new: out of memory", ExitCode::kEngine);
    archive_write_set_format_pax_restricted(writer_.get());
    if (archive_write_open_fd(writer_.get(), fd) != ARCHIVE_OK) fail("open");
  }

  void directory(const std::string& name) {
    ArchiveEntry e = entry(name, AE_IFDIR, 0755, 0);
    header(e.get(), name);
  }

  void file(const std::string& name, std::string_view data) {
    ArchiveEntry e = entry(name, AE_IFREG, 0644, data.size());
    header(e.get(), name);
    if (!data.empty() && archive_write_data(writer_.get(), data.data(), data.size()) < 0)
      fail("write " + name);
  }

  void file_from(const std::string& name, const std::string& path) {
    UniqueFd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st;
    if (!in || ::fstat(in.get(), &st) != 0)
      throw Error::last_errno("open", path).with_exit_code(ExitCode::kEngine);
    ArchiveEntry e = entry(name, AE_IFREG, 0644, static_cast<uint64_t>(st.st_size));
    header(e.get(), name);
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(in.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw Error::last_errno("read", path).with_exit_code(ExitCode::kEngine);
      if (n == 0) break;
      if (archive_write_data(writer_.get(), buf, static_cast<size_t>(n)) < 0) fail("write " + name);
    }
  }

  void close() {
    if (archive_write_close(writer_.get()) != ARCHIVE_OK) fail("close");
  }

 private:
  static ArchiveEntry entry(const std::string& name, mode_t type, mode_t perm, uint64_t size) {
    ArchiveEntry e(archive_entry_new());
    archive_entry_set_pathname(e.get(), name.c_str());
    archive_entry_set_filetype(e.get(), type);
    archive_entry_set_perm(e.get(), perm);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(size));
    archive_entry_set_mtime(e.get(), 0, 0);
    return e;
  }

  void header(archive_entry* e, const std::string& name) {
    if (archive_write_header(writer_.get(), e) < ARCHIVE_WARN) fail("write " + name);
  }

  [[noreturn]] void fail(const std::string& op) {
    throw Error(fmt::format("save: {}: {}", op, archive_error(writer_.get())), ExitCode::kEngine);
  }

  ArchiveWriter writer_;
};

std::string repository_of(const std::string& tag) { return tag.substr(0, tag.rfind(':')); }

}  // namespace

std::vector<LoadedImage> load_docker_archive(Store& store, const ArchiveDir& archive) {
  auto manifest = json::parse(archive.read("manifest.json"), nullptr, false);
  if (!manifest.is_array()) bad_manifest(archive, "not a JSON array");
  std::vector<LoadedImage> loaded;
  for (const auto& item : manifest) loaded.push_back(load_one(store, archive, item));
  return loaded;
}

void save_docker_archive(const Store& store, const std::vector<SavedImage>& images, int out_fd) {
  TarWriter tar(out_fd);
  std::set<std::string> written;
  json manifest = json::array();
  json repositories = json::object();
  for (const auto& [image, tags] : images) {
    json layers = json::array();
    for (const auto& d : image.diff_ids) {
      std::string hex = digest_hex(d, "layer");
      layers.push_back(hex + "/layer.tar");
      if (!written.insert(hex).second) continue;
      tar.directory(hex + "/");
      tar.file_from(hex + "/layer.tar", store.layer_tar(d));
    }
    std::string config_name = image.id + ".json";
    if (written.insert(config_name).second) tar.file(config_name, store.config_blob(image.id));
    manifest.push_back({{"Config", config_name},
                        {"RepoTags", tags.empty() ? json(nullptr) : json(tags)},
                        {"Layers", layers}});
    for (const auto& tag : tags) {
      if (!image.diff_ids.empty())
        repositories[repository_of(tag)][tag.substr(tag.rfind(':') + 1)] =
            digest_hex(image.diff_ids.back(), "layer");
    }
  }
  if (!repositories.empty()) tar.file("repositories", repositories.dump() + "\n");
  tar.file("manifest.json", manifest.dump() + "\n");
  tar.close();
}

}  // namespace berth::image

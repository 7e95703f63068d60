// The build cache: what each Dockerfile step produced, keyed by what it started from and did.
//
//   key  = sha256(version, parent state digest, instruction text after substitution,
//                 digest of COPY/ADD sources (paths, modes, owners, contents; not times))
//   file = <root>/image/build-cache/<key>.json  {"config": <image config after the step>,
//                                                "diff_id": "sha256:..." | null}
// The parent state digest is the sha256 of the previous step's image config (or the base
// image's id), so a hit at step N implies every step before it was identical too. An entry is
// used only while every layer its config names is still in the store.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace berth::image {

struct CacheEntry {
  nlohmann::json config;  // the image config after the step
  std::string diff_id;    // the layer the step added, or empty
};

class Sha256;
// Adds `data` with its length first, so that ("ab","c") and ("a","bc") hash differently.
void add_field(Sha256& h, std::string_view data);

std::string cache_key(std::string_view parent_digest, std::string_view instruction, std::string_view sources_digest);

class BuildCache {
 public:
  // `dir`: <root>/image/build-cache (created on the first store).
  explicit BuildCache(std::string dir) : dir_(std::move(dir)) {}

  // The entry for `key`; nullopt when absent or unreadable (a damaged entry is a miss).
  std::optional<CacheEntry> lookup(const std::string& key) const;
  void store(const std::string& key, const CacheEntry& entry);

 private:
  std::string dir_;
};

}  // namespace berth::image

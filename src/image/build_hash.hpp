// SHA-256 for the builder's cache keys and source digests.
// TODO(merge image-store): use image/sha256.hpp once that branch is in.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace berth::image {

class BuildHasher {
 public:
  BuildHasher();
  ~BuildHasher();
  BuildHasher(const BuildHasher&) = delete;
  BuildHasher& operator=(const BuildHasher&) = delete;
  void update(std::string_view data);
  // Adds `data` with its length first, so that ("ab","c") and ("a","bc") differ.
  void field(std::string_view data);
  std::string hex();  // 64 lowercase hex digits; no update afterwards

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

std::string sha256_of(std::string_view data);

}  // namespace berth::image

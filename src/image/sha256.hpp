// Streaming SHA-256 (OpenSSL): layer and config digests.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace berth::image {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(const void* data, size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  // 64 lowercase hex digits; the hasher cannot be updated afterwards.
  std::string hex_digest();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

// sha256 of `data` as 64 hex digits.
std::string sha256_hex(std::string_view data);
// sha256 of everything readable from `fd` (from its current offset) as 64 hex digits.
std::string sha256_hex_of_fd(int fd);
// True for exactly 64 lowercase hex digits.
bool is_hex64(std::string_view s);
// "sha256:<64 hex>" -> "<64 hex>"; throws Error (exit 125) naming `what` otherwise.
std::string digest_hex(std::string_view digest, std::string_view what);

}  // namespace berth::image

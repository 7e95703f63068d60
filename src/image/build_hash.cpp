// SHA-256 through OpenSSL's EVP interface.
#include "image/build_hash.hpp"

#include <openssl/evp.h>

#include <fmt/core.h>

#include "base/error.hpp"

namespace berth::image {

struct BuildHasher::Ctx {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ~Ctx() { EVP_MD_CTX_free(md); }
};

BuildHasher::BuildHasher() : ctx_(std::make_unique<Ctx>()) {
  if (!ctx_->md || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1) throw Error("sha256: init failed");
}

BuildHasher::~BuildHasher() = default;

void BuildHasher::update(std::string_view data) { EVP_DigestUpdate(ctx_->md, data.data(), data.size()); }

void BuildHasher::field(std::string_view data) {
  update(fmt::format("{}:", data.size()));
  update(data);
}

std::string BuildHasher::hex() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx_->md, out, &len);
  std::string s;
  for (unsigned i = 0; i < len; ++i) s += fmt::format("{:02x}", out[i]);
  return s;
}

std::string sha256_of(std::string_view data) {
  BuildHasher h;
  h.update(data);
  return h.hex();
}

}  // namespace berth::image

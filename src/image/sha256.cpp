// Streaming SHA-256 over OpenSSL's EVP interface.
#include "image/sha256.hpp"

#include <fmt/core.h>
#include <openssl/evp.h>
#include <unistd.h>

#include "base/error.hpp"

namespace berth::image {

struct Sha256::Ctx {
  EVP_MD_CTX* md = nullptr;
  ~Ctx() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {
  ctx_->md = EVP_MD_CTX_new();
  if (!ctx_->md || EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) != 1)
    throw Error("sha256: cannot initialise the digest", ExitCode::kEngine);
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, size_t size) {
  if (size && EVP_DigestUpdate(ctx_->md, data, size) != 1)
    throw Error("sha256: digest update failed", ExitCode::kEngine);
}

std::string Sha256::hex_digest() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_->md, out, &len) != 1)
    throw Error("sha256: digest final failed", ExitCode::kEngine);
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) hex += fmt::format("{:02x}", out[i]);
  return hex;
}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.hex_digest();
}

std::string sha256_hex_of_fd(int fd) {
  Sha256 h;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error::last_errno("read").with_exit_code(ExitCode::kEngine);
    if (n == 0) break;
    h.update(buf, static_cast<size_t>(n));
  }
  return h.hex_digest();
}

bool is_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string digest_hex(std::string_view digest, std::string_view what) {
  constexpr std::string_view kPrefix = "sha256:";
  if (!digest.starts_with(kPrefix) || !is_hex64(digest.substr(kPrefix.size())))
    throw Error(
        fmt::format("{}: invalid digest \"{}\" (want sha256:<64 hex digits>)", what, digest),
        ExitCode::kEngine);
  return std::string(digest.substr(kPrefix.size()));
}

}  // namespace berth::image

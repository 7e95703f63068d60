// Streaming SHA-256 with OpenSSL's SHA256_* functions.
//
// Not EVP: in a static binary EVP_sha256 links OpenSSL's provider machinery, its object and
// parameter tables and every algorithm they name: 2.2 MB of code and 336 KB of pointers that
// each `berth` start relocated, ~1.7 ms of every command (bench/RESULTS.md). The one-shot
// digest functions are deprecated in OpenSSL 3 in favour of EVP but kept and tested; they run
// the same assembly.
#include "image/sha256.hpp"

#include <fmt/core.h>
#define OPENSSL_SUPPRESS_DEPRECATED  // SHA256_Init & co.: see above
#include <openssl/sha.h>
#include <unistd.h>

#include "base/error.hpp"

namespace berth::image {

struct Sha256::Ctx {
  SHA256_CTX md;
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) {
  if (SHA256_Init(&ctx_->md) != 1) throw Error("sha256: cannot initialise the digest", ExitCode::kEngine);
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, size_t size) {
  if (size && SHA256_Update(&ctx_->md, data, size) != 1)
    throw Error("sha256: digest update failed", ExitCode::kEngine);
}

std::string Sha256::hex_digest() {
  unsigned char out[SHA256_DIGEST_LENGTH];
  unsigned int len = SHA256_DIGEST_LENGTH;
  if (SHA256_Final(out, &ctx_->md) != 1)
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

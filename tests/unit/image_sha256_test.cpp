// SHA-256 against FIPS 180-2's test vectors, whole and streamed in uneven pieces, and from an fd.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "base/error.hpp"
#include "image/sha256.hpp"

namespace berth::image {
namespace {

constexpr const char* kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* kEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kTwoBlocks = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr const char* kMillionA = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
constexpr const char* kTwoBlocksInput = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

TEST(Sha256, MatchesTheStandardsVectors) {
  EXPECT_EQ(sha256_hex("abc"), kAbc);
  EXPECT_EQ(sha256_hex(""), kEmpty);
  EXPECT_EQ(sha256_hex(kTwoBlocksInput), kTwoBlocks);
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), kMillionA);
}

TEST(Sha256, StreamedInPiecesEqualsWhole) {
  std::string million(1000000, 'a');
  Sha256 h;
  size_t at = 0;
  for (size_t piece = 1; at < million.size(); piece = piece * 3 + 1) {
    size_t n = std::min(piece, million.size() - at);
    h.update(million.data() + at, n);
    h.update("", 0);  // empty updates change nothing
    at += n;
  }
  EXPECT_EQ(h.hex_digest(), kMillionA);
}

TEST(Sha256, OfAnFdFromItsOffset) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "xxabc", 5), 5);
  ::close(fds[1]);
  char skip[2];
  ASSERT_EQ(::read(fds[0], skip, 2), 2);
  EXPECT_EQ(sha256_hex_of_fd(fds[0]), kAbc);
  ::close(fds[0]);
}

TEST(Sha256, DigestStringsAreChecked) {
  EXPECT_EQ(digest_hex(std::string("sha256:") + kAbc, "layer"), kAbc);
  EXPECT_THROW(digest_hex("sha512:00", "layer"), Error);
  EXPECT_THROW(digest_hex(std::string("sha256:") + std::string(63, 'a'), "layer"), Error);
  EXPECT_THROW(digest_hex(std::string("sha256:") + std::string(64, 'A'), "layer"), Error);
}

}  // namespace
}  // namespace berth::image

// Detach keys (docker's --detach-keys syntax and matching) and the attach socket's frames.
#include <gtest/gtest.h>

#include "engine/attach_frames.hpp"
#include "engine/detach_keys.hpp"

namespace berth::engine {
namespace {

TEST(DetachKeys, ParsesDockerSyntax) {
  EXPECT_EQ(parse_detach_keys("ctrl-p,ctrl-q").value(), "\x10\x11");
  EXPECT_EQ(parse_detach_keys("ctrl-a,x").value(), std::string("\x01x"));
  EXPECT_EQ(parse_detach_keys("ctrl-@").value(), std::string(1, '\0'));
  EXPECT_EQ(parse_detach_keys("ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_").value(), "\x1b\x1c\x1d\x1e\x1f");
  EXPECT_EQ(parse_detach_keys("ctrl-z,A,_").value(), "\x1a" "A_");
  EXPECT_EQ(parse_detach_keys(kDefaultDetachKeys).value(), "\x10\x11");
}

TEST(DetachKeys, RefusesWhatDockerRefuses) {
  for (const char* bad : {"", "ctrl-", "ctrl-A", "ctrl-1", "ctrl-ab", "ab", "ctrl-p,", ",x", "ctrl-p,,ctrl-q"})
    EXPECT_FALSE(parse_detach_keys(bad).has_value()) << bad;
  EXPECT_NE(parse_detach_keys("ctrl-A").error().find("ctrl-A"), std::string::npos);
}

TEST(DetachKeyMatcher, WholeSequenceDetachesAndIsNotForwarded) {
  DetachKeyMatcher m("\x10\x11");
  auto r = m.feed("ls\x10\x11more");
  EXPECT_TRUE(r.detached);
  EXPECT_EQ(r.forward, "ls");
}

TEST(DetachKeyMatcher, SequenceSplitAcrossReads) {
  DetachKeyMatcher m("\x10\x11");
  auto first = m.feed("a\x10");
  EXPECT_FALSE(first.detached);
  EXPECT_EQ(first.forward, "a");  // ctrl-p held back until the next byte decides
  auto second = m.feed("\x11");
  EXPECT_TRUE(second.detached);
  EXPECT_EQ(second.forward, "");
}

TEST(DetachKeyMatcher, PartialSequenceIsForwardedUnchanged) {
  DetachKeyMatcher m("\x10\x11");
  EXPECT_EQ(m.feed("\x10").forward, "");
  auto r = m.feed("z");
  EXPECT_FALSE(r.detached);
  EXPECT_EQ(r.forward, "\x10z");
}

TEST(DetachKeyMatcher, RepeatedFirstKeyStillDetaches) {
  DetachKeyMatcher m("\x10\x11");
  auto r = m.feed("\x10\x10\x11");
  EXPECT_TRUE(r.detached);
  EXPECT_EQ(r.forward, "\x10");
  DetachKeyMatcher overlap("aab");
  auto o = overlap.feed("aaab");
  EXPECT_TRUE(o.detached);
  EXPECT_EQ(o.forward, "a");
}

TEST(DetachKeyMatcher, EmptyKeysNeverDetach) {
  DetachKeyMatcher m("");
  auto r = m.feed("\x10\x11");
  EXPECT_FALSE(r.detached);
  EXPECT_EQ(r.forward, "\x10\x11");
}

TEST(AttachFrames, RoundTripAcrossPartialReads) {
  std::string bytes = frame::encode(frame::kStdout, "hello") + frame::encode_u32(frame::kExit, 137) +
                      frame::encode_resize(24, 80) + frame::encode(frame::kStdinEnd, "");
  frame::Reader reader;
  std::vector<frame::Frame> got;
  for (char c : bytes) {  // one byte at a time: frames come out only when whole
    reader.append(std::string_view(&c, 1));
    while (auto f = reader.next()) got.push_back(*f);
  }
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].kind, frame::kStdout);
  EXPECT_EQ(got[0].payload, "hello");
  EXPECT_EQ(frame::decode_u32(got[1].payload), 137u);
  auto size = frame::decode_resize(got[2].payload);
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(size->first, 24);
  EXPECT_EQ(size->second, 80);
  EXPECT_EQ(got[3].kind, frame::kStdinEnd);
  EXPECT_FALSE(frame::decode_u32("abc").has_value());
}

TEST(AttachFrames, OversizedFrameBreaksTheReader) {
  frame::Reader reader;
  reader.append(std::string("0\xff\xff\xff\x7f", 5));
  EXPECT_FALSE(reader.next().has_value());
  EXPECT_TRUE(reader.broken());
}

}  // namespace
}  // namespace berth::engine

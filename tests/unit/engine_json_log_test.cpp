// docker's json-file log: one JSON object a line, partial lines, rotation, and reading back.
#include "engine/json_log.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "base/error.hpp"

namespace berth::engine {
namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/berth-log-test.XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

std::vector<LogEntry> read_all(const std::string& path, LogReadOptions o = {}) {
  std::vector<LogEntry> out;
  read_json_log(path, o, [&](const LogEntry& e) { out.push_back(e); });
  return out;
}

TEST(JsonLog, OneEntryPerLineWithStreamAndNanosecondTime) {
  TempDir d;
  std::string path = d.path + "/c-json.log";
  {
    JsonLogWriter w(path, {});
    w.write("stdout", "Produced: 3f\nProd");
    w.write("stderr", "oops\n");
    w.write("stdout", "uced: 0a\n");
  }
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["log"], "Produced: 3f\n");
  EXPECT_EQ(j["stream"], "stdout");
  EXPECT_EQ(j["time"].get<std::string>().size(), std::string("2026-11-27T03:41:07.123456789Z").size());
  auto all = read_all(path);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].stream, "stderr");
  EXPECT_EQ(all[2].log, "Produced: 0a\n");
}

TEST(JsonLog, FlushWritesAPartialLine) {
  TempDir d;
  std::string path = d.path + "/c-json.log";
  JsonLogWriter w(path, {});
  w.write("stdout", "no newline");
  w.flush();
  auto all = read_all(path);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].log, "no newline");
}

TEST(JsonLog, RotatesAndReadsOldestFirst) {
  TempDir d;
  std::string path = d.path + "/c-json.log";
  JsonLogWriter w(path, parse_log_rotation("200", "3"));
  for (int i = 0; i < 20; ++i) w.write("stdout", "line " + std::to_string(i) + "\n");
  EXPECT_TRUE(std::filesystem::exists(path + ".1"));
  EXPECT_TRUE(std::filesystem::exists(path + ".2"));
  EXPECT_FALSE(std::filesystem::exists(path + ".3"));
  auto all = read_all(path);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.back().log, "line 19\n");
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LE(all[i - 1].time, all[i].time);
}

TEST(JsonLog, TailKeepsTheLastN) {
  TempDir d;
  std::string path = d.path + "/c-json.log";
  {
    JsonLogWriter w(path, {});
    for (int i = 0; i < 10; ++i) w.write("stdout", std::to_string(i) + "\n");
  }
  LogReadOptions o;
  o.tail = 2;
  auto all = read_all(path, o);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].log, "8\n");
}

TEST(JsonLog, RotationOptionsAreValidated) {
  EXPECT_EQ(parse_log_rotation("10k", "").max_size, 10240u);
  EXPECT_EQ(parse_log_rotation("1m", "5").max_file, 5);
  EXPECT_THROW(parse_log_rotation("ten", ""), Error);
  EXPECT_THROW(parse_log_rotation("", "3"), Error);
  EXPECT_THROW(parse_log_rotation("1m", "0"), Error);
}

}  // namespace
}  // namespace berth::engine

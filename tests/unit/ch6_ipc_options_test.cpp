// The ipc example's command line: the book's single-dash roles, options, and usage errors.
#include <gtest/gtest.h>

#include "options.hpp"

namespace ch6_ipc {
namespace {

using namespace std::chrono_literals;

Options parsed(std::vector<std::string> args) {
  auto options = parse_options(args);
  EXPECT_TRUE(options.has_value()) << (options ? "" : options.error().text);
  return options.value_or(Options{});
}

int exit_status(std::vector<std::string> args) {
  auto options = parse_options(args);
  return options ? -1 : options.error().status;
}

TEST(Ch6IpcOptions, BookSpellingOfTheRoles) {
  EXPECT_EQ(parsed({"-producer"}).role, Role::kProducer);
  EXPECT_EQ(parsed({"-consumer"}).role, Role::kConsumer);
  EXPECT_EQ(parsed({"--producer"}).role, Role::kProducer);
  EXPECT_EQ(parsed({"--consumer"}).role, Role::kConsumer);
  EXPECT_EQ(parsed({"--bench-ping"}).role, Role::kBenchPing);
  EXPECT_EQ(parsed({"--bench-pong"}).role, Role::kBenchPong);
}

TEST(Ch6IpcOptions, Defaults) {
  Options o = parsed({"-producer"});
  EXPECT_EQ(o.transport, TransportKind::kMqueue);
  EXPECT_EQ(o.interval, 1s);
  EXPECT_FALSE(o.count.has_value());
  EXPECT_EQ(o.size, 64u);
}

TEST(Ch6IpcOptions, IntervalCountTransport) {
  Options o =
      parsed({"-producer", "--interval", "10ms", "--count", "5", "--transport", "sysv-shm"});
  EXPECT_EQ(o.interval, 10ms);
  ASSERT_TRUE(o.count.has_value());
  EXPECT_EQ(*o.count, 5u);
  EXPECT_EQ(o.transport, TransportKind::kSysvShm);
  EXPECT_EQ(parsed({"-producer", "-interval=0", "-count", "0"}).interval, 0ns);
  EXPECT_EQ(*parsed({"-producer", "-count", "0"}).count, 0u);
}

TEST(Ch6IpcOptions, EveryTransportByName) {
  for (auto name : transport_names()) {
    std::vector<std::string> args = {"--bench-pong", "--transport", std::string(name)};
    EXPECT_EQ(transport_name(parsed(args).transport), name);
  }
}

TEST(Ch6IpcOptions, UsageErrorsExitTwo) {
  EXPECT_EQ(exit_status({}), 2);
  EXPECT_EQ(exit_status({"-producer", "-consumer"}), 2);
  EXPECT_EQ(exit_status({"-producer", "--interval", "5"}), 2);
  EXPECT_EQ(exit_status({"-producer", "--transport", "pigeon"}), 2);
  EXPECT_EQ(exit_status({"-producer", "--transport", "spin-floor"}), 2);
  EXPECT_EQ(exit_status({"--bench-ping", "--size", "4096"}), 2);
  EXPECT_EQ(exit_status({"-producer", "extra"}), 2);
}

TEST(Ch6IpcOptions, HelpExitsZeroAndNamesTheTransports) {
  auto options = parse_options({"--help"});
  ASSERT_FALSE(options.has_value());
  EXPECT_EQ(options.error().status, 0);
  EXPECT_NE(options.error().text.find("sysv-shm"), std::string::npos);
  EXPECT_EQ(exit_status({"-help"}), 0);
}

}  // namespace
}  // namespace ch6_ipc

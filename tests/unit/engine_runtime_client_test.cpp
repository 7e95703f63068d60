// Choosing the runtime (--runtime), the external runtime's command line, and reading its errors.
#include "engine/runtime_client.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "base/error.hpp"
#include "engine/runtime_call.hpp"

namespace berth::engine {
namespace {

// A directory on $PATH holding one executable `fake-runc` and one non-executable `not-runc`.
struct FakePath {
  std::string dir;
  std::string saved_path;
  FakePath() {
    char tmpl[] = "/tmp/berth-runtime-test.XXXXXX";
    dir = ::mkdtemp(tmpl);
    std::ofstream(dir + "/fake-runc") << "#!/bin/sh\n";
    ::chmod((dir + "/fake-runc").c_str(), 0755);
    std::ofstream(dir + "/not-runc") << "";
    ::chmod((dir + "/not-runc").c_str(), 0644);
    const char* old = std::getenv("PATH");
    saved_path = old ? old : "";
    ::setenv("PATH", ("/nonexistent:" + dir).c_str(), 1);
  }
  ~FakePath() {
    ::setenv("PATH", saved_path.c_str(), 1);
    std::filesystem::remove_all(dir);
  }
};

TEST(ResolveRuntime, EmptyAndBerthMeanInProcess) {
  EXPECT_EQ(resolve_runtime("").name, "berth");
  EXPECT_EQ(resolve_runtime("").path, "");
  EXPECT_EQ(resolve_runtime("berth").path, "");
}

TEST(ResolveRuntime, ANameIsLookedUpInPath) {
  FakePath fake;
  RuntimeChoice c = resolve_runtime("fake-runc");
  EXPECT_EQ(c.name, "fake-runc");
  EXPECT_EQ(c.path, std::filesystem::canonical(fake.dir + "/fake-runc").string());
}

TEST(ResolveRuntime, APathIsTakenAsIsWhenExecutable) {
  FakePath fake;
  EXPECT_EQ(resolve_runtime(fake.dir + "/fake-runc").name, fake.dir + "/fake-runc");
}

TEST(ResolveRuntime, UnknownOrNotExecutableIsDockersError) {
  FakePath fake;
  for (const std::string& bad : {std::string("no-such-runtime"), std::string("not-runc"), fake.dir + "/not-runc",
                                 fake.dir, std::string("/nonexistent/runc")}) {
    try {
      resolve_runtime(bad);
      FAIL() << bad << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), "unknown or invalid runtime name: " + bad);
      EXPECT_EQ(e.exit_code(), ExitCode::kEngine);
    }
  }
}

TEST(RuntimeArgv, RuncsGlobalFlagsThenTheCommand) {
  auto argv = runtime_argv("/usr/sbin/runc", "/run/berth/runtimes/runc", {"kill", "abc", "15"});
  std::vector<std::string> want = {"/usr/sbin/runc", "--root", "/run/berth/runtimes/runc", "--log", "/proc/self/fd/3",
                                   "--log-format", "json", "kill", "abc", "15"};
  EXPECT_EQ(argv, want);
}

TEST(RuntimeErrorText, TheLastErrorOfTheJsonLogWins) {
  std::string log =
      R"({"level":"warning","msg":"cgroup v1 is deprecated","time":"t"})"
      "\n"
      R"({"level":"error","msg":"first","time":"t"})"
      "\n"
      R"({"level":"error","msg":"runc create failed: exec: \"x\": executable file not found in $PATH","time":"t"})"
      "\n";
  EXPECT_EQ(runtime_error_text(log, "ignored\n"), "runc create failed: exec: \"x\": executable file not found in $PATH");
}

TEST(RuntimeErrorText, FallsBackToTheLastLineOfStderrAndIsOneLine) {
  EXPECT_EQ(runtime_error_text("not json\n", "usage:\n  bad flag --bogus\n\n"), "bad flag --bogus");
  EXPECT_EQ(runtime_error_text(R"({"level":"fatal","msg":"a\nb"})", ""), "a b");
  EXPECT_EQ(runtime_error_text("", ""), "");
}

TEST(RuntimeCall, AFailingRuntimeReportsItsLoggedErrorAsOneLine) {
  FakePath fake;
  // Writes an error to --log (fd 3, as runc does) and fails.
  std::ofstream(fake.dir + "/fake-runc")
      << "#!/bin/sh\necho '{\"level\":\"error\",\"msg\":\"container does not exist\"}' >&3\necho noise >&2\nexit 1\n";
  RuntimeCall call(fake.dir + "/fake-runc", fake.dir + "/root", {"state", "abc"});
  try {
    call.run();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "fake-runc state: container does not exist");
  }
}

TEST(RuntimeCall, StdoutIsReturnedAndTheInputFileIsReadable) {
  FakePath fake;
  // argv: … exec --process FILE; only shell builtins, as PATH is the fake one.
  std::ofstream(fake.dir + "/fake-runc") << "#!/bin/sh\nIFS= read -r line < \"$9\"; printf %s \"$line\"\n";
  RuntimeCall call(fake.dir + "/fake-runc", fake.dir + "/root", {"exec", "--process", kRuntimeInputPath});
  call.set_input(R"({"args":["sh"]})");
  EXPECT_EQ(call.run(), R"({"args":["sh"]})");
}

TEST(ContainerRecordJson, TheRuntimeRoundTripsAndDefaultsToBerth) {
  ContainerRecord r;
  EXPECT_EQ(r.host_config.runtime, "berth");
  r.host_config.runtime = "runc";
  r.host_config.runtime_path = "/usr/sbin/runc";
  ContainerRecord back = record_from_json(to_json(r));
  EXPECT_EQ(back.host_config.runtime, "runc");
  EXPECT_EQ(back.host_config.runtime_path, "/usr/sbin/runc");
  auto old = to_json(ContainerRecord{});
  old["host_config"].erase("runtime");  // a record written before --runtime existed
  EXPECT_EQ(record_from_json(old).host_config.runtime, "berth");
}

}  // namespace
}  // namespace berth::engine

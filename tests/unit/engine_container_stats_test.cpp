// docker stats' numbers: cgroup files parsed into runc's shape, cpu % and memory as the docker
// CLI computes them, /proc parsing, and the formatted row.
#include <gtest/gtest.h>

#include "cli/berth/human_units.hpp"
#include "cli/berth/stats_format.hpp"
#include "engine/container_stats.hpp"
#include "runtime/cgroups/stats_reader.hpp"

namespace berth {
namespace {

using engine::StatsSample;

TEST(CgroupStatsParsing, FlatKeyedFileBecomesAMapOfNumbers) {
  auto raw = cgroups::parse_flat_keyed("cache 4096\nrss 8192\ntotal_inactive_file 1024\nbogus line here\n");
  EXPECT_EQ(raw["cache"], 4096u);
  EXPECT_EQ(raw["rss"], 8192u);
  EXPECT_EQ(raw["total_inactive_file"], 1024u);
  EXPECT_FALSE(raw.contains("bogus"));
}

TEST(CgroupStatsParsing, V1ServiceBytesKeepDeviceEntriesAndSkipTotal) {
  auto e = cgroups::parse_blkio_service_bytes("8:0 Read 4096\n8:0 Write 512\n8:0 Sync 0\n8:0 Total 4608\nTotal 4608\n");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0], (nlohmann::json{{"major", 8}, {"minor", 0}, {"op", "Read"}, {"value", 4096}}));
  EXPECT_EQ(e[1]["op"], "Write");
  EXPECT_EQ(e[1]["value"], 512u);
}

TEST(CgroupStatsParsing, V2IoStatReadsRbytesAndWbytesAsReadAndWrite) {
  auto e = cgroups::parse_io_stat(
      "8:16 rbytes=1048576 wbytes=2048 rios=10 wios=2 dbytes=0 dios=0\n259:0 rbytes=1 wbytes=0 rios=1 wios=0\n");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0], (nlohmann::json{{"major", 8}, {"minor", 16}, {"op", "Read"}, {"value", 1048576}}));
  EXPECT_EQ(e[1], (nlohmann::json{{"major", 8}, {"minor", 16}, {"op", "Write"}, {"value", 2048}}));
  EXPECT_EQ(e[2]["major"], 259u);
  EXPECT_TRUE(cgroups::parse_io_stat("").empty());
}

TEST(MemoryUsage, V1SubtractsTotalInactiveFile) {
  nlohmann::json m = {{"usage", {{"usage", 10000}, {"limit", 65536}}},
                      {"raw", {{"total_inactive_file", 3000}, {"inactive_file", 1}}}};
  EXPECT_EQ(engine::memory_usage(m), 7000u);
}

TEST(MemoryUsage, V2SubtractsInactiveFile) {
  nlohmann::json m = {{"usage", {{"usage", 10000}}}, {"raw", {{"inactive_file", 2500}, {"anon", 7000}}}};
  EXPECT_EQ(engine::memory_usage(m), 7500u);
}

TEST(MemoryUsage, KeepsUsageWhenInactiveIsNotSmallerOrMissing) {
  EXPECT_EQ(engine::memory_usage({{"usage", {{"usage", 100}}}, {"raw", {{"inactive_file", 100}}}}), 100u);
  EXPECT_EQ(engine::memory_usage({{"usage", {{"usage", 100}}}}), 100u);
  EXPECT_EQ(engine::memory_usage(nlohmann::json::object()), 0u);
}

TEST(ApplyCgroupStats, UnlimitedMemoryShowsTheHostsAndBlockIoSumsByOp) {
  nlohmann::json data = {
      {"cpu", {{"usage", {{"total", 5000}}}}},
      {"memory", {{"usage", {{"usage", 4096}, {"limit", 9223372036854771712ULL}}}}},
      {"pids", {{"current", 3}}},
      {"blkio",
       {{"ioServiceBytesRecursive",
         {{{"major", 8}, {"minor", 0}, {"op", "Read"}, {"value", 100}},
          {{"major", 8}, {"minor", 16}, {"op", "read"}, {"value", 20}},
          {{"major", 8}, {"minor", 0}, {"op", "Write"}, {"value", 7}},
          {{"major", 8}, {"minor", 0}, {"op", "Total"}, {"value", 127}}}}}}};
  StatsSample s;
  engine::apply_cgroup_stats(data, 1 << 30, s);
  EXPECT_EQ(s.cpu_total, 5000u);
  EXPECT_EQ(s.memory, 4096u);
  EXPECT_EQ(s.memory_limit, 1u << 30);
  EXPECT_EQ(s.pids, 3u);
  EXPECT_EQ(s.block_read, 120u);
  EXPECT_EQ(s.block_write, 7u);
}

TEST(ApplyCgroupStats, AMemoryLimitBelowTheHostsIsKept) {
  StatsSample s;
  engine::apply_cgroup_stats({{"memory", {{"usage", {{"usage", 1}, {"limit", 67108864}}}}}}, 1ULL << 34, s);
  EXPECT_EQ(s.memory_limit, 67108864u);
  // v2's "max" reads as UINT64_MAX.
  engine::apply_cgroup_stats({{"memory", {{"usage", {{"usage", 1}, {"limit", UINT64_MAX}}}}}}, 1ULL << 34, s);
  EXPECT_EQ(s.memory_limit, 1ULL << 34);
}

TEST(CpuPercent, ContainerDeltaOverSystemDeltaTimesOnlineCpus) {
  StatsSample a{.cpu_total = 1'000'000'000, .system_cpu = 10'000'000'000};
  StatsSample b{.cpu_total = 1'500'000'000, .system_cpu = 12'000'000'000, .online_cpus = 2};
  // 0.5s of the container's over 2s of all cpus' time, times 2 cpus: 50%.
  EXPECT_DOUBLE_EQ(engine::cpu_percent(a, b), 50.0);
  EXPECT_DOUBLE_EQ(engine::cpu_percent(b, b), 0.0);
  EXPECT_DOUBLE_EQ(engine::cpu_percent(b, a), 0.0);
}

TEST(ProcParsing, SystemCpuSumsTheFirstSevenFieldsOfTheCpuLine) {
  // 1+2+3+4+5+6+7 = 28 ticks at 100 Hz = 280ms; steal and guest are not counted.
  EXPECT_EQ(engine::parse_system_cpu("cpu  1 2 3 4 5 6 7 100 100 100\ncpu0 1 1 1 1 1 1 1 0 0 0\n", 100), 280'000'000u);
  EXPECT_EQ(engine::parse_system_cpu("", 100), 0u);
}

TEST(ProcParsing, NetDevSumsInterfacesButLo) {
  const char* dev =
      "Inter-|   Receive                                                |  Transmit\n"
      " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
      "    lo:    9999      10    0    0    0     0          0         0     9999      10    0    0    0     0       0          0\n"
      "  eth0:    1500      12    0    0    0     0          0         0      648       8    0    0    0     0       0          0\n"
      "  eth1:     500       1    0    0    0     0          0         0        2       1    0    0    0     0       0          0\n";
  uint64_t rx = 1, tx = 1;
  engine::parse_net_dev(dev, rx, tx);
  EXPECT_EQ(rx, 2000u);
  EXPECT_EQ(tx, 650u);
}

TEST(ProcParsing, MemTotalInBytes) {
  EXPECT_EQ(engine::parse_mem_total("MemTotal:       24683084 kB\nMemFree:  1 kB\n"), 24683084ULL * 1024);
}

TEST(BytesSize, BinaryUnitsWithFourSignificantDigits) {
  EXPECT_EQ(cli::bytes_size(0), "0B");
  EXPECT_EQ(cli::bytes_size(1536 * 1024), "1.5MiB");
  EXPECT_EQ(cli::bytes_size(262144), "256KiB");
  EXPECT_EQ(cli::bytes_size(25275478016ULL), "23.54GiB");
}

TEST(StatsFormat, FieldsAsDockersStatsFormatter) {
  cli::StatsEntry e{"web", "0123456789abcdef0123", "web", {}, {}};
  e.previous = {.cpu_total = 0, .system_cpu = 1000};
  e.current = {.cpu_total = 25, .system_cpu = 1100, .online_cpus = 1, .memory = 1536 * 1024,
               .memory_limit = 64 << 20, .net_rx = 1234, .net_tx = 0, .block_read = 4096, .block_write = 1000000,
               .pids = 4};
  auto f = cli::stats_fields(e, false);
  EXPECT_EQ(f["Container"], "web");
  EXPECT_EQ(f["ID"], "0123456789ab");
  EXPECT_EQ(f["CPUPerc"], "25.00%");
  EXPECT_EQ(f["MemUsage"], "1.5MiB / 64MiB");
  EXPECT_EQ(f["MemPerc"], "2.34%");
  EXPECT_EQ(f["NetIO"], "1.23kB / 0B");
  EXPECT_EQ(f["BlockIO"], "4.1kB / 1MB");
  EXPECT_EQ(f["PIDs"], "4");
  EXPECT_EQ(cli::stats_fields(e, true)["ID"], "0123456789abcdef0123");
}

TEST(StatsFormat, StoppedContainerShowsZeros) {
  cli::StatsEntry e{"abc", "abcdef", "old", {}, {}};
  EXPECT_EQ(cli::render_stats({e}, "{{.CPUPerc}} {{.MemUsage}} {{.MemPerc}} {{.NetIO}} {{.BlockIO}} {{.PIDs}}", false),
            "0.00% 0B / 0B 0.00% 0B / 0B 0B / 0B 0\n");
}

TEST(StatsFormat, DefaultTableHasDockersHeaders) {
  cli::StatsEntry e{"abc", "abcdef", "old", {}, {}};
  std::string text = cli::render_stats({e}, cli::kDefaultStatsFormat, false);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS");
  EXPECT_EQ(cli::render_stats({e}, "table {{.Container}}", false), "CONTAINER\nabc\n");
}

}  // namespace
}  // namespace berth

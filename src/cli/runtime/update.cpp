// berth-runtime update: change a running container's resource limits (runc's flags).
#include <unistd.h>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "cli/runtime/command.hpp"
#include "oci/process_parse.hpp"
#include "runtime/ops.hpp"

namespace berth::cli {
namespace {

struct UpdateArgs {
  std::string id, resources_file, memory, memory_reservation, memory_swap, cpuset_cpus, cpuset_mems;
  std::optional<uint64_t> cpu_shares, cpu_period, blkio_weight;
  std::optional<int64_t> cpu_quota, pids_limit;
};

// "64m", "1g", "512k", "1024", "-1": runc's RAMInBytes (binary units).
int64_t parse_bytes(const std::string& flag, const std::string& text) {
  if (text == "-1") return -1;
  std::string digits = text;
  int64_t unit = 1;
  if (!digits.empty()) {
    switch (std::tolower(static_cast<unsigned char>(digits.back()))) {
      case 'b': digits.pop_back(); break;
      case 'k': unit = 1LL << 10; digits.pop_back(); break;
      case 'm': unit = 1LL << 20; digits.pop_back(); break;
      case 'g': unit = 1LL << 30; digits.pop_back(); break;
      default: break;
    }
  }
  auto v = parse_uint(digits);
  if (!v || *v > static_cast<uint64_t>(INT64_MAX / unit))
    throw Error(fmt::format("{}: invalid size \"{}\"", flag, text));
  return static_cast<int64_t>(*v) * unit;
}

oci::Resources build_resources(const UpdateArgs& a) {
  if (!a.resources_file.empty()) {
    std::string text = a.resources_file == "-" ? read_fd(0) : read_file(a.resources_file);
    return oci::parse_resources_json(text, a.resources_file == "-" ? "stdin" : a.resources_file);
  }
  oci::Resources r;
  if (!a.memory.empty() || !a.memory_reservation.empty() || !a.memory_swap.empty()) {
    r.memory = oci::MemoryResources{};
    if (!a.memory.empty()) r.memory->limit = parse_bytes("--memory", a.memory);
    if (!a.memory_reservation.empty()) r.memory->reservation = parse_bytes("--memory-reservation", a.memory_reservation);
    if (!a.memory_swap.empty()) r.memory->swap = parse_bytes("--memory-swap", a.memory_swap);
  }
  if (a.cpu_shares || a.cpu_period || a.cpu_quota || !a.cpuset_cpus.empty() || !a.cpuset_mems.empty()) {
    r.cpu = oci::CpuResources{};
    r.cpu->shares = a.cpu_shares;
    r.cpu->period = a.cpu_period;
    r.cpu->quota = a.cpu_quota;
    r.cpu->cpus = a.cpuset_cpus;
    r.cpu->mems = a.cpuset_mems;
  }
  if (a.pids_limit) r.pids_limit = a.pids_limit;
  if (a.blkio_weight) {
    if (*a.blkio_weight > 1000) throw Error("--blkio-weight: must be between 10 and 1000");
    r.block_io = oci::BlockIoResources{};
    r.block_io->weight = static_cast<uint16_t>(*a.blkio_weight);
  }
  return r;
}

}  // namespace

void add_update(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<UpdateArgs>();
  auto* cmd = app.add_subcommand("update", "update a container's resource limits");
  cmd->add_option("-r,--resources", a->resources_file, "linux.resources JSON file (\"-\" for stdin)");
  cmd->add_option("--memory", a->memory, "memory limit (bytes, or with k, m, g)");
  cmd->add_option("--memory-reservation", a->memory_reservation, "memory soft limit");
  cmd->add_option("--memory-swap", a->memory_swap, "memory plus swap limit");
  cmd->add_option("--cpu-share", a->cpu_shares, "relative cpu weight");
  cmd->add_option("--cpu-period", a->cpu_period, "CFS period in microseconds");
  cmd->add_option("--cpu-quota", a->cpu_quota, "CFS quota in microseconds");
  cmd->add_option("--cpuset-cpus", a->cpuset_cpus, "CPUs allowed (0-3, 0,1)");
  cmd->add_option("--cpuset-mems", a->cpuset_mems, "memory nodes allowed");
  cmd->add_option("--pids-limit", a->pids_limit, "maximum number of processes");
  cmd->add_option("--blkio-weight", a->blkio_weight, "block IO weight (10-1000)");
  cmd->add_option("id", a->id, "container id")->required();
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = g.store();
      runtime::update_container(store, a->id, build_resources(*a));
      return 0;
    };
  });
}

}  // namespace berth::cli

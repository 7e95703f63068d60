// Resource limits: process.rlimits from the config, applied with setrlimit(2).
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/core.h>

#include "base/error.hpp"
#include "runtime/init/security.hpp"

namespace berth::runtime {
namespace {

struct RlimitName {
  std::string_view name;
  int resource;
};

// Every rlimit of the runtime spec (the RLIMIT_* of sys/resource.h).
constexpr std::array kRlimits = {
    RlimitName{"RLIMIT_CPU", RLIMIT_CPU},
    RlimitName{"RLIMIT_FSIZE", RLIMIT_FSIZE},
    RlimitName{"RLIMIT_DATA", RLIMIT_DATA},
    RlimitName{"RLIMIT_STACK", RLIMIT_STACK},
    RlimitName{"RLIMIT_CORE", RLIMIT_CORE},
    RlimitName{"RLIMIT_RSS", RLIMIT_RSS},
    RlimitName{"RLIMIT_NPROC", RLIMIT_NPROC},
    RlimitName{"RLIMIT_NOFILE", RLIMIT_NOFILE},
    RlimitName{"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},
    RlimitName{"RLIMIT_AS", RLIMIT_AS},
    RlimitName{"RLIMIT_LOCKS", RLIMIT_LOCKS},
    RlimitName{"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
    RlimitName{"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
    RlimitName{"RLIMIT_NICE", RLIMIT_NICE},
    RlimitName{"RLIMIT_RTPRIO", RLIMIT_RTPRIO},
    RlimitName{"RLIMIT_RTTIME", RLIMIT_RTTIME},
};

// Checks one entry; returns its resource number.
int check_rlimit(const oci::Rlimit& limit, size_t index) {
  try {
    int resource = rlimit_from_name(limit.type);
    if (limit.soft > limit.hard)
      throw Error(fmt::format("{}: soft limit {} is above hard limit {}", limit.type, limit.soft,
                              limit.hard));
    return resource;
  } catch (Error& e) {
    throw std::move(e.context(fmt::format("rlimits[{}]", index)));
  }
}

}  // namespace

int rlimit_from_name(const std::string& name) {
  auto it = std::ranges::find(kRlimits, std::string_view(name), &RlimitName::name);
  if (it == kRlimits.end()) throw Error(fmt::format("unknown rlimit \"{}\"", name));
  return it->resource;
}

std::string rlimit_name(int resource) {
  auto it = std::ranges::find(kRlimits, resource, &RlimitName::resource);
  if (it == kRlimits.end()) throw Error(fmt::format("unknown rlimit number {}", resource));
  return std::string(it->name);
}

void apply_rlimits(const std::vector<oci::Rlimit>& rlimits) {
  std::vector<int> resources;
  for (size_t i = 0; i < rlimits.size(); ++i) resources.push_back(check_rlimit(rlimits[i], i));
  for (size_t i = 0; i < rlimits.size(); ++i) {
    // The spec's values are u64 and so is rlim_t on Linux: UINT64_MAX is RLIM_INFINITY.
    rlimit value{.rlim_cur = rlimits[i].soft, .rlim_max = rlimits[i].hard};
    if (::setrlimit(static_cast<__rlimit_resource_t>(resources[i]), &value) != 0)
      throw Error::last_errno("setrlimit", rlimits[i].type).context("rlimits");
  }
}

}  // namespace berth::runtime

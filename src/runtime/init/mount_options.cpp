// Mount options: one declarative table, like crun's mount_flags.perf.
#include "runtime/init/mount_options.hpp"

#include <sys/mount.h>

namespace berth::runtime {
namespace {

struct OptionEntry {
  const char* name;
  bool clear;  // the option removes the flag ("rw" clears MS_RDONLY)
  unsigned long flag;
};

constexpr OptionEntry kOptions[] = {
    {"ro", false, MS_RDONLY},          {"rw", true, MS_RDONLY},
    {"nosuid", false, MS_NOSUID},      {"suid", true, MS_NOSUID},
    {"nodev", false, MS_NODEV},        {"dev", true, MS_NODEV},
    {"noexec", false, MS_NOEXEC},      {"exec", true, MS_NOEXEC},
    {"sync", false, MS_SYNCHRONOUS},   {"async", true, MS_SYNCHRONOUS},
    {"dirsync", false, MS_DIRSYNC},    {"remount", false, MS_REMOUNT},
    {"mand", false, MS_MANDLOCK},      {"nomand", true, MS_MANDLOCK},
    {"atime", true, MS_NOATIME},       {"noatime", false, MS_NOATIME},
    {"diratime", true, MS_NODIRATIME}, {"nodiratime", false, MS_NODIRATIME},
    {"relatime", false, MS_RELATIME},  {"norelatime", true, MS_RELATIME},
    {"strictatime", false, MS_STRICTATIME}, {"nostrictatime", true, MS_STRICTATIME},
    {"bind", false, MS_BIND},          {"rbind", false, MS_BIND | MS_REC},
    {"silent", false, MS_SILENT},      {"loud", true, MS_SILENT},
    {"lazytime", false, MS_LAZYTIME},  {"nolazytime", true, MS_LAZYTIME},
};

struct PropagationEntry {
  const char* name;
  unsigned long flag;
};

constexpr PropagationEntry kPropagation[] = {
    {"private", MS_PRIVATE},           {"rprivate", MS_PRIVATE | MS_REC},
    {"shared", MS_SHARED},             {"rshared", MS_SHARED | MS_REC},
    {"slave", MS_SLAVE},               {"rslave", MS_SLAVE | MS_REC},
    {"unbindable", MS_UNBINDABLE},     {"runbindable", MS_UNBINDABLE | MS_REC},
};

// Options that tell the runtime something but are not for the kernel.
constexpr const char* kIgnored[] = {"tmpcopyup", "idmap", "ridmap", "defaults"};

}  // namespace

bool MountFlags::is_bind() const { return (flags & MS_BIND) != 0; }

unsigned long propagation_flag(const std::string& word) {
  for (const auto& p : kPropagation)
    if (word == p.name) return p.flag;
  return 0;
}

MountFlags parse_mount_options(const std::vector<std::string>& options) {
  MountFlags out;
  for (const auto& opt : options) {
    bool known = false;
    for (const auto& o : kOptions) {
      if (opt != o.name) continue;
      if (o.clear) out.flags &= ~o.flag;
      else out.flags |= o.flag;
      known = true;
      break;
    }
    if (known) continue;
    if (unsigned long p = propagation_flag(opt)) {
      out.propagation = p;
      continue;
    }
    if (opt == "rro") {
      out.recursive_readonly = true;
      continue;
    }
    bool ignored = false;
    for (const char* i : kIgnored)
      if (opt == i) ignored = true;
    if (ignored) continue;
    if (!out.data.empty()) out.data += ',';
    out.data += opt;
  }
  return out;
}

}  // namespace berth::runtime

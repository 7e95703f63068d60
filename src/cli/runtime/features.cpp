// berth-runtime features: what this runtime implements, in the runtime-spec features format.
#include <seccomp.h>

#include <nlohmann/json.hpp>

#include "cli/runtime/command.hpp"
#include "oci/state.hpp"
#include "runtime/init/security.hpp"

namespace berth::cli {

void add_features(CLI::App& app, Globals&, Action& action) {
  auto* cmd = app.add_subcommand("features", "show the enabled features");
  cmd->callback([&action] {
    action = [] {
      std::vector<std::string> caps;
      for (int c = 0; c <= runtime::last_capability(); ++c) caps.push_back(runtime::capability_name(c));
      const scmp_version* v = seccomp_version();
      nlohmann::json j = {
          {"ociVersionMin", "1.0.0"},
          {"ociVersionMax", oci::kRuntimeSpecVersion},
          {"hooks", {"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"}},
          {"mountOptions",
           {"async", "atime", "bind", "dev", "diratime", "dirsync", "exec", "lazytime", "loud", "mand",
            "noatime", "nodev", "nodiratime", "noexec", "nolazytime", "nomand", "norelatime",
            "nostrictatime", "nosuid", "private", "rbind", "relatime", "remount", "ro", "rprivate",
            "rro", "rshared", "rslave", "runbindable", "rw", "shared", "silent", "slave",
            "strictatime", "suid", "sync", "unbindable"}},
          {"linux",
           {{"namespaces", {"cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts"}},
            {"capabilities", caps},
            {"cgroup", {{"v1", true}, {"v2", true}, {"systemd", false}, {"systemdUser", false}}},
            {"seccomp",
             {{"enabled", true},
              {"actions",
               {"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS",
                "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_TRAP"}},
              {"operators",
               {"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT",
                "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE"}},
              {"archs", {"SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"}},
              {"knownFlags", {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"}}}},
            {"apparmor", {{"enabled", false}}},
            {"selinux", {{"enabled", false}}}}},
          {"annotations",
           {{"org.opencontainers.runc.version", BERTH_VERSION},
            {"io.github.seccomp.libseccomp.version",
             std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->micro)}}}};
      print_line(j.dump(4));
      return 0;
    };
  });
}

}  // namespace berth::cli

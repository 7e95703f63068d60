// A foreground `berth run` (neither -d nor -it) makes this process the parent of the container's
// init, so run.cpp re-executes it from a read-only view of its binary (CVE-2019-5736). Deciding
// that here, in a constructor that runs before the other C++ static initializers (priority 101;
// glibc passes argc, argv and envp to constructors), spares the view's parent the static set-up
// and CLI11's parsing: about 1 ms of a `run --rm`.
//
// Only an optimisation: run.cpp still decides from the parsed flags. The scan looks for -d, -t
// and -i anywhere after `run`, also among the container's own arguments, since it cannot tell
// where the image name is without knowing which flags take values; a false alarm there only
// leaves the decision to run.cpp.
#include <string_view>

#include "cli/berth/command.hpp"
#include "runtime/self_clone.hpp"

namespace berth::cli {
namespace {

// True when `arg` sets the short flag `letter` (alone or in a group like -dit) or `long_name`
// ("--detach", "--detach=true"; "=false" and "=0" do not).
bool sets(std::string_view arg, char letter, std::string_view long_name) {
  if (arg.starts_with("--")) {
    if (!arg.starts_with(long_name)) return false;
    std::string_view rest = arg.substr(long_name.size());
    return rest.empty() || (rest.starts_with('=') && rest != "=false" && rest != "=0");
  }
  if (arg.size() < 2 || arg[0] != '-') return false;
  for (char c : arg.substr(1)) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;  // "-e=x", "-1"...
  }
  return arg.find(letter) != std::string_view::npos;
}

bool runs_in_foreground(int argc, char** argv) {
  if (berth_command_word(argc, argv) != "run") return false;
  bool detach = false, tty = false, interactive = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    detach = detach || sets(arg, 'd', "--detach");
    tty = tty || sets(arg, 't', "--tty");
    interactive = interactive || sets(arg, 'i', "--interactive");
  }
  return !detach && !(tty && interactive);
}

__attribute__((constructor(101))) void seal_foreground_run(int argc, char** argv, char** envp) {
  if (argc <= 0 || !argv || !runs_in_foreground(argc, argv)) return;
  try {
    runtime::ensure_sealed_self(argv, envp);
  } catch (...) {
    // run.cpp tries again after parsing and reports the error there.
  }
}

}  // namespace
}  // namespace berth::cli

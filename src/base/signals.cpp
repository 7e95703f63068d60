// Signal names <-> numbers: one declarative table.
#include "base/signals.hpp"

#include <csignal>
#include <cctype>

#include <fmt/core.h>

#include "base/strings.hpp"

namespace berth {
namespace {

struct SignalName {
  const char* name;
  int number;
};

constexpr SignalName kSignals[] = {
    {"HUP", SIGHUP},       {"INT", SIGINT},       {"QUIT", SIGQUIT},     {"ILL", SIGILL},
    {"TRAP", SIGTRAP},     {"ABRT", SIGABRT},     {"IOT", SIGIOT},       {"BUS", SIGBUS},
    {"FPE", SIGFPE},       {"KILL", SIGKILL},     {"USR1", SIGUSR1},     {"SEGV", SIGSEGV},
    {"USR2", SIGUSR2},     {"PIPE", SIGPIPE},     {"ALRM", SIGALRM},     {"TERM", SIGTERM},
    {"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD},     {"CONT", SIGCONT},     {"STOP", SIGSTOP},
    {"TSTP", SIGTSTP},     {"TTIN", SIGTTIN},     {"TTOU", SIGTTOU},     {"URG", SIGURG},
    {"XCPU", SIGXCPU},     {"XFSZ", SIGXFSZ},     {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF},
    {"WINCH", SIGWINCH},   {"IO", SIGIO},         {"POLL", SIGPOLL},     {"PWR", SIGPWR},
    {"SYS", SIGSYS},
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<int> parse_signal(std::string_view text) {
  if (auto n = parse_int(text)) {
    if (*n > 0 && *n <= SIGRTMAX) return static_cast<int>(*n);
    return std::nullopt;
  }
  std::string name = upper(text);
  if (name.starts_with("SIG")) name.erase(0, 3);
  for (const auto& s : kSignals)
    if (name == s.name) return s.number;
  auto rt = [&](std::string_view base, int origin, int dir) -> std::optional<int> {
    if (!name.starts_with(base)) return std::nullopt;
    std::string_view rest = std::string_view(name).substr(base.size());
    if (rest.empty()) return origin;
    if (rest[0] != (dir > 0 ? '+' : '-')) return std::nullopt;
    auto off = parse_int(rest.substr(1));
    if (!off || *off < 0) return std::nullopt;
    int sig = origin + dir * static_cast<int>(*off);
    if (sig < SIGRTMIN || sig > SIGRTMAX) return std::nullopt;
    return sig;
  };
  if (auto s = rt("RTMIN", SIGRTMIN, +1)) return s;
  if (auto s = rt("RTMAX", SIGRTMAX, -1)) return s;
  return std::nullopt;
}

std::string signal_name(int sig) {
  for (const auto& s : kSignals)
    if (s.number == sig) return fmt::format("SIG{}", s.name);
  return fmt::format("SIG{}", sig);
}

}  // namespace berth

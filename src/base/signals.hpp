// Signal names <-> numbers, as kill(1), runc and docker accept them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth {

// Accepts "KILL", "SIGKILL", "kill", "9", "RTMIN+3". nullopt when unknown.
std::optional<int> parse_signal(std::string_view text);
// "SIGKILL" for 9; "SIG<number>" for a number without a name.
std::string signal_name(int sig);

}  // namespace berth

// A container's environment, split as dockerd splits it: Config.Env (what inspect shows and
// commit keeps) is the image's Env with the user's -e/--env-file over it; PATH (when missing),
// HOSTNAME and, with a terminal, TERM are the engine's, added to the process only when it is
// built, so they never end up in Config.Env or in a committed image.
#pragma once

#include <string>
#include <vector>

#include "engine/container_record.hpp"

namespace berth::engine {

// `base` with each KEY=VALUE of `overrides` replacing the entry of the same KEY or appended
// (docker's ReplaceOrAppendEnvValues). A bare KEY counts as a key too.
std::vector<std::string> replace_or_append_env(std::vector<std::string> base, const std::vector<std::string>& overrides);

// The init's environment: PATH's default, HOSTNAME, TERM=xterm with a terminal, then Config.Env.
std::vector<std::string> process_env(const ContainerConfig& config);

}  // namespace berth::engine

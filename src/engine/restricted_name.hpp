// Docker's rule for the names users give containers and volumes: [a-zA-Z0-9][a-zA-Z0-9_.-]+
#pragma once

#include <string_view>

namespace berth::engine {

// True when `name` is at least two characters, starts with a letter or digit, and has only
// letters, digits, '_', '.' and '-'.
bool is_restricted_name(std::string_view name);

}  // namespace berth::engine

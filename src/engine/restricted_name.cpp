// Matched by hand: a std::regex costs tens of microseconds to compile at every command's start.
#include "engine/restricted_name.hpp"

namespace berth::engine {
namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

}  // namespace

bool is_restricted_name(std::string_view name) {
  if (name.size() < 2 || !is_alnum(name[0])) return false;
  for (char c : name.substr(1))
    if (!is_alnum(c) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

}  // namespace berth::engine

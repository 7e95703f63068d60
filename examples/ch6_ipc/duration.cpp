// Duration parser: a sum of <decimal number><unit> terms, in integer nanoseconds.
#include "duration.hpp"

#include <cstdint>
#include <utility>

namespace ch6_ipc {
namespace {

using Ns = std::int64_t;

// Longest spellings first, so "ms" is not read as "m" followed by "s".
constexpr std::pair<std::string_view, Ns> kUnits[] = {
    {"ns", 1},
    {"us", 1'000},
    {"\u00b5s", 1'000},
    {"ms", 1'000'000},
    {"s", 1'000'000'000},
    {"m", 60'000'000'000},
    {"h", 3'600'000'000'000},
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// One "<digits>[.<digits>]<unit>" term at the front of `rest`, which it consumes.
std::expected<Ns, std::string> parse_term(std::string_view& rest, std::string_view whole) {
  Ns whole_part = 0, frac = 0, frac_scale = 1;
  std::size_t i = 0;
  bool any_digit = false;
  for (; i < rest.size() && is_digit(rest[i]); ++i, any_digit = true) {
    if (__builtin_mul_overflow(whole_part, 10, &whole_part) ||
        __builtin_add_overflow(whole_part, rest[i] - '0', &whole_part)) {
      return std::unexpected("duration out of range: " + std::string(whole));
    }
  }
  if (i < rest.size() && rest[i] == '.') {
    for (++i; i < rest.size() && is_digit(rest[i]); ++i, any_digit = true) {
      if (frac_scale > 100'000'000'000'000) continue;  // beyond ns precision: drop the digit
      frac = frac * 10 + (rest[i] - '0');
      frac_scale *= 10;
    }
  }
  if (!any_digit) return std::unexpected("invalid duration: " + std::string(whole));
  rest.remove_prefix(i);
  for (const auto& [name, scale] : kUnits) {
    if (!rest.starts_with(name)) continue;
    rest.remove_prefix(name.size());
    Ns ns = 0;
    if (__builtin_mul_overflow(whole_part, scale, &ns) ||
        __builtin_add_overflow(
            ns, static_cast<Ns>(static_cast<__int128>(frac) * scale / frac_scale), &ns)) {
      return std::unexpected("duration out of range: " + std::string(whole));
    }
    return ns;
  }
  return std::unexpected("missing or unknown unit in duration: " + std::string(whole) +
                         " (use ns, us, ms, s, m or h)");
}

}  // namespace

std::expected<std::chrono::nanoseconds, std::string> parse_duration(std::string_view text) {
  if (text == "0") return std::chrono::nanoseconds{0};
  if (text.empty()) return std::unexpected(std::string("empty duration"));
  std::string_view rest = text;
  Ns total = 0;
  while (!rest.empty()) {
    auto term = parse_term(rest, text);
    if (!term) return std::unexpected(term.error());
    if (__builtin_add_overflow(total, *term, &total)) {
      return std::unexpected("duration out of range: " + std::string(text));
    }
  }
  return std::chrono::nanoseconds{total};
}

}  // namespace ch6_ipc

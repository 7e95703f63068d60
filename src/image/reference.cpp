// Image reference parsing and normalisation (docker's grammar, without registries' defaults).
#include "image/reference.hpp"

#include <fmt/core.h>


#include "base/error.hpp"
#include "base/strings.hpp"

namespace berth::image {
namespace {

constexpr std::string_view kDigestPrefix = "sha256:";

// Docker's reference grammar, matched by hand: std::regex took ~0.4 ms to compile it, a tenth of
// a `berth run -d`. tests/unit/image_reference_test.cpp checks this against the regex
//   ^((HOST(:[0-9]+)?)/)?COMPONENT(/COMPONENT)*(:TAG)?(@sha256:[0-9a-f]{64})?$
// with HOST [A-Za-z0-9.-]+, COMPONENT [a-z0-9]+(([._]|__|-+)[a-z0-9]+)* and
// TAG [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_of(std::string_view s, bool (*pred)(char)) {
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

// Runs of lowercase letters and digits joined by one '.', one '_', "__" or any number of '-'.
bool is_path_component(std::string_view s) {
  size_t i = 0;
  while (true) {
    size_t run = i;
    while (i < s.size() && is_lower_alnum(s[i])) ++i;
    if (i == run) return false;  // empty, or a separator at the start, end or twice
    if (i == s.size()) return true;
    size_t sep = i;
    while (i < s.size() && !is_lower_alnum(s[i])) ++i;
    std::string_view separator = s.substr(sep, i - sep);
    bool dashes = all_of(separator, [](char c) { return c == '-'; });
    if (!dashes && separator != "." && separator != "_" && separator != "__") return false;
  }
}

bool is_host(std::string_view s) {
  auto colon = s.find(':');
  std::string_view name = s.substr(0, colon);
  if (name.empty() || !all_of(name, [](char c) { return is_alnum(c) || c == '.' || c == '-'; })) return false;
  if (colon == std::string_view::npos) return true;
  std::string_view port = s.substr(colon + 1);
  return !port.empty() && all_of(port, is_digit);
}

bool is_tag(std::string_view s) {
  if (s.empty() || s.size() > 128 || !(is_alnum(s[0]) || s[0] == '_')) return false;
  return all_of(s, [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; });
}

// The name's '/'-separated parts are all path components, or the first is a registry host.
bool is_name(std::string_view name) {
  auto first_slash = name.find('/');
  std::string_view rest = first_slash == std::string_view::npos ? std::string_view{} : name.substr(first_slash + 1);
  auto components_valid = [](std::string_view s) {
    while (true) {
      auto slash = s.find('/');
      if (!is_path_component(s.substr(0, slash))) return false;
      if (slash == std::string_view::npos) return true;
      s.remove_prefix(slash + 1);
    }
  };
  if (components_valid(name)) return true;
  return first_slash != std::string_view::npos && is_host(name.substr(0, first_slash)) && components_valid(rest);
}

bool matches_grammar(std::string_view ref) {
  auto at = ref.find('@');
  if (at != std::string_view::npos) {
    std::string_view digest = ref.substr(at + 1);
    if (!digest.starts_with(kDigestPrefix)) return false;
    digest.remove_prefix(kDigestPrefix.size());
    if (digest.size() != 64 || !all_of(digest, [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }))
      return false;
    ref = ref.substr(0, at);
  }
  // A ':' after the last '/' starts the tag; one before it can only be the host's port.
  auto colon = ref.rfind(':');
  auto slash = ref.rfind('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    if (!is_tag(ref.substr(colon + 1))) return false;
    ref = ref.substr(0, colon);
  }
  return is_name(ref);
}

bool has_tag_or_digest(std::string_view ref) {
  if (ref.find('@') != std::string_view::npos) return true;
  auto last_slash = ref.rfind('/');
  auto last_colon = ref.rfind(':');
  return last_colon != std::string_view::npos && (last_slash == std::string_view::npos || last_colon > last_slash);
}

}  // namespace

// The repository path docker names in its message: the name without tag, digest and a registry
// host (a first component with '.', ':', upper case, or "localhost"), "library/" before a
// one-component name.
std::string remote_name(std::string_view ref) {
  std::string_view name = ref.substr(0, ref.find('@'));
  auto colon = name.rfind(':');
  auto slash = name.rfind('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) name = name.substr(0, colon);
  auto first_slash = name.find('/');
  if (first_slash == std::string_view::npos) return "library/" + std::string(name);
  std::string_view first = name.substr(0, first_slash);
  bool host = first.find_first_of(".:") != std::string_view::npos || first == "localhost" || to_lower(first) != first;
  return std::string(host ? name.substr(first_slash + 1) : name);
}

void validate_reference(std::string_view ref) {
  if (ref.empty() || ref.size() > 255 || !matches_grammar(ref)) {
    std::string lowered = to_lower(ref);
    bool case_only = lowered != ref && !lowered.empty() && matches_grammar(lowered);
    throw Error(case_only ? fmt::format("invalid reference format: repository name ({}) must be lowercase", remote_name(ref))
                          : std::string("invalid reference format"),
                ExitCode::kEngine);
  }
}

std::string normalize_reference(std::string_view ref) {
  if (has_tag_or_digest(ref)) return std::string(ref);
  return std::string(ref) + ":latest";
}

std::string familiar_reference(std::string_view ref) {
  for (std::string_view prefix : {"docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"}) {
    if (ref.starts_with(prefix) && ref.size() > prefix.size()) return std::string(ref.substr(prefix.size()));
  }
  return std::string(ref);
}

bool looks_like_id(std::string_view ref) {
  if (ref.starts_with(kDigestPrefix)) ref.remove_prefix(kDigestPrefix.size());
  if (ref.empty() || ref.size() > 64) return false;
  for (char c : ref) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string strip_digest_prefix(std::string_view id) {
  if (id.starts_with(kDigestPrefix)) id.remove_prefix(kDigestPrefix.size());
  return std::string(id);
}

}  // namespace berth::image

// Image reference parsing and normalisation (docker's grammar, without registries' defaults).
#include "image/reference.hpp"

#include <regex>

#include "base/error.hpp"

namespace berth::image {
namespace {

constexpr std::string_view kDigestPrefix = "sha256:";

// name components separated by '/', an optional :tag, an optional @sha256:digest. The first
// component may be a registry host with a port (localhost:5000/x).
const std::regex& reference_grammar() {
  static const std::regex grammar(
      R"(^(([A-Za-z0-9.-]+(:[0-9]+)?)/)?[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*)"
      R"((:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$)");
  return grammar;
}

bool has_tag_or_digest(std::string_view ref) {
  if (ref.find('@') != std::string_view::npos) return true;
  auto last_slash = ref.rfind('/');
  auto last_colon = ref.rfind(':');
  return last_colon != std::string_view::npos && (last_slash == std::string_view::npos || last_colon > last_slash);
}

}  // namespace

void validate_reference(std::string_view ref) {
  if (ref.empty() || ref.size() > 255 || !std::regex_match(ref.begin(), ref.end(), reference_grammar())) {
    std::string lowered(ref);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool case_only = lowered != ref && !lowered.empty() &&
                     std::regex_match(lowered.begin(), lowered.end(), reference_grammar());
    throw Error(std::string("invalid reference format") + (case_only ? ": repository name must be lowercase" : "") +
                    ": \"" + std::string(ref) + "\"",
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

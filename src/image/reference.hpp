// Image references as users type them: "busybox", "busybox:1.36", "localhost/x:y", an id or a prefix.
#pragma once

#include <string>
#include <string_view>

namespace berth::image {

// "busybox" -> "busybox:latest"; a reference that already has a tag (after the last '/') or a
// digest ("@sha256:...") is returned unchanged. Docker's rule: lowercase name components
// [a-z0-9] joined by '.', '_', '__' or '-'; tags [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.
std::string normalize_reference(std::string_view ref);
// Docker's familiar form of a normalised reference: "docker.io/library/x:t" -> "x:t",
// "docker.io/u/x:t" -> "u/x:t"; anything else is returned unchanged. Tags are stored this way.
std::string familiar_reference(std::string_view ref);
// Throws Error (exit 125) naming `ref` when it is not a valid image reference, with docker's
// wording: invalid reference format[: repository name must be lowercase].
void validate_reference(std::string_view ref);
// True for 1..64 lowercase hex digits, optionally prefixed with "sha256:".
bool looks_like_id(std::string_view ref);
// The 64-hex id without any "sha256:" prefix.
std::string strip_digest_prefix(std::string_view id);

}  // namespace berth::image

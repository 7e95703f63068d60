// Wall-clock timestamps in the format runc, Docker and the OCI state use.
#pragma once

#include <string>

namespace berth {

// Now as RFC 3339 in UTC with nanoseconds: "2026-11-26T15:52:46.361456991Z".
std::string now_rfc3339();

}  // namespace berth

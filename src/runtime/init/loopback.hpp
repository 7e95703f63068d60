// A new network namespace starts with `lo` down; runc and crun bring it up, and so do we.
#pragma once

namespace berth::runtime {

// Sets IFF_UP on `lo` in the calling process's network namespace. Needs CAP_NET_ADMIN over
// that namespace: the init has it (also as root of a new user namespace) before its
// capabilities are dropped.
void bring_up_loopback();

}  // namespace berth::runtime

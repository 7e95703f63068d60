// Giving back the resident pages a long-lived process only needed while it was starting.
#pragma once

namespace berth {

// Unmaps from this process every page of its read-only, file-backed mappings that was never
// written (no anonymous copy in the mapping), and returns free heap to the kernel. Nothing is
// lost: a page touched again is faulted back in from the page cache. Used by the monitor once
// its container runs, so that the runtime code it ran at start does not stay in its RSS.
void release_startup_pages();

}  // namespace berth

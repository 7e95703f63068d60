// Mount options as config.json spells them, turned into mount(2) flags and data.
#pragma once

#include <string>
#include <vector>

namespace berth::runtime {

struct MountFlags {
  unsigned long flags = 0;        // MS_* set on the mount itself
  unsigned long propagation = 0;  // MS_SHARED/MS_SLAVE/MS_PRIVATE/MS_UNBINDABLE (| MS_REC)
  bool recursive_readonly = false;  // "rro": mount_setattr(AT_RECURSIVE, MOUNT_ATTR_RDONLY)
  std::string data;               // options the filesystem interprets ("size=64m,mode=1777")
  bool is_bind() const;
};

// Parses the options list of one mount entry. Unknown words go to `data` for the filesystem.
MountFlags parse_mount_options(const std::vector<std::string>& options);

// MS_* for a propagation word ("rslave" -> MS_SLAVE|MS_REC); 0 when not a propagation word.
unsigned long propagation_flag(const std::string& word);

}  // namespace berth::runtime

// Linux namespaces: the config's list turned into clone flags and namespace files to join.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/unique_fd.hpp"
#include "oci/spec.hpp"

namespace berth::runtime {

// CLONE_NEW* for a runtime-spec namespace type ("network" -> CLONE_NEWNET); 0 when unknown.
int namespace_clone_flag(const std::string& type);
// The name of the namespace under /proc/PID/ns/ ("network" -> "net").
const char* namespace_proc_name(const std::string& type);
// The same by clone flag (CLONE_NEWNET -> "net"); "" when unknown.
const char* namespace_proc_name_of(int flag);

struct JoinedNamespace {
  int flag = 0;  // CLONE_NEW*
  std::string path;
  UniqueFd fd;
};

// What the container's init must do for its namespaces: create `new_flags`, join `joins`.
struct NamespacePlan {
  int new_flags = 0;
  std::vector<JoinedNamespace> joins;  // in the order they must be joined (user first)

  bool creates(int flag) const { return (new_flags & flag) != 0; }
  const JoinedNamespace* joined(int flag) const;
  // Joined by the runtime around clone rather than by the init: pid and time (they apply to
  // children only), and, with a new user namespace, every other one, as runc joins them before
  // it makes the user namespace: its root has no rights over namespaces the host's user
  // namespace owns, so the init could not join them.
  bool joined_before_clone(int flag) const;
};

// Opens every namespace file the config names and checks it is a namespace of that type
// (ioctl NS_GET_NSTYPE). Throws naming linux.namespaces[i].path when not. Runs in the parent,
// before clone, so a bad path fails create before anything else happens.
NamespacePlan plan_namespaces(const oci::Spec& spec);

// setns into one namespace file; the error names the type and path.
void join_namespace(const JoinedNamespace& ns);

}  // namespace berth::runtime

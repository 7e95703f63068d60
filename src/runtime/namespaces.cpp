// Linux namespaces: types, clone flags, opening and joining namespace files.
#include "runtime/namespaces.hpp"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>

#include <algorithm>

#include <fmt/core.h>

#include "base/error.hpp"

namespace berth::runtime {
namespace {

struct NamespaceType {
  const char* spec_name;
  const char* proc_name;
  int flag;
  int join_order;  // user first: joining it grants the privileges the other joins need
};

constexpr NamespaceType kTypes[] = {
    {"user", "user", CLONE_NEWUSER, 0},     {"ipc", "ipc", CLONE_NEWIPC, 1},
    {"uts", "uts", CLONE_NEWUTS, 2},        {"network", "net", CLONE_NEWNET, 3},
    {"pid", "pid", CLONE_NEWPID, 4},        {"cgroup", "cgroup", CLONE_NEWCGROUP, 5},
    {"time", "time", CLONE_NEWTIME, 6},     {"mount", "mnt", CLONE_NEWNS, 7},
};

const NamespaceType* find_type(const std::string& name) {
  for (const auto& t : kTypes)
    if (name == t.spec_name) return &t;
  return nullptr;
}

}  // namespace

int namespace_clone_flag(const std::string& type) {
  const auto* t = find_type(type);
  return t ? t->flag : 0;
}

const char* namespace_proc_name(const std::string& type) {
  const auto* t = find_type(type);
  return t ? t->proc_name : "";
}

const char* namespace_proc_name_of(int flag) {
  for (const auto& t : kTypes)
    if (t.flag == flag) return t.proc_name;
  return "";
}

bool NamespacePlan::joined_before_clone(int flag) const {
  if (flag == CLONE_NEWPID || flag == CLONE_NEWTIME) return true;
  return creates(CLONE_NEWUSER) && flag != CLONE_NEWUSER;
}

const JoinedNamespace* NamespacePlan::joined(int flag) const {
  for (const auto& j : joins)
    if (j.flag == flag) return &j;
  return nullptr;
}

NamespacePlan plan_namespaces(const oci::Spec& spec) {
  NamespacePlan plan;
  if (!spec.linux_) return plan;
  const auto& list = spec.linux_->namespaces;
  for (size_t i = 0; i < list.size(); ++i) {
    const auto* type = find_type(list[i].type);
    if (!type) continue;  // validate_spec has rejected unknown types already
    if (list[i].path.empty()) {
      plan.new_flags |= type->flag;
      continue;
    }
    std::string where = fmt::format("linux.namespaces[{}].path", i);
    int fd = ::open(list[i].path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error::last_errno("open", list[i].path).context(where);
    UniqueFd owned(fd);
    int kind = ::ioctl(fd, NS_GET_NSTYPE);
    if (kind < 0)
      throw Error(fmt::format("{}: {} is not a namespace file", where, list[i].path));
    if (kind != type->flag)
      throw Error(fmt::format("{}: {} is not a {} namespace", where, list[i].path, type->spec_name));
    plan.joins.push_back(JoinedNamespace{type->flag, list[i].path, std::move(owned)});
  }
  // With a new user namespace the runtime joins the others before it clones (spawn.cpp): root
  // of the new user namespace has no rights over namespaces the host's owns. A joined mount
  // namespace would then be one the container's root cannot mount in (runc fails there too, at
  // its first mount): refused here, before anything is made.
  if (plan.creates(CLONE_NEWUSER)) {
    if (const auto* mnt = plan.joined(CLONE_NEWNS))
      throw Error(fmt::format("joining a mount namespace by path ({}) together with a new user namespace is not "
                              "supported: the container's root could not mount in it",
                              mnt->path));
  }
  std::stable_sort(plan.joins.begin(), plan.joins.end(), [](const auto& a, const auto& b) {
    auto order = [](int flag) {
      for (const auto& t : kTypes)
        if (t.flag == flag) return t.join_order;
      return 99;
    };
    return order(a.flag) < order(b.flag);
  });
  return plan;
}

void join_namespace(const JoinedNamespace& ns) {
  if (::setns(ns.fd.get(), ns.flag) != 0) throw Error::last_errno("join namespace", ns.path);
}

}  // namespace berth::runtime

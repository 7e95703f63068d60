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
  // The container's init is cloned with every new namespace at once, so a new user namespace
  // owns the others before the init could join anything: joining e.g. a network namespace owned
  // by the host's user namespace would then fail with EPERM. runc joins first and unshares the
  // user namespace after; until that order is implemented here, say so plainly.
  if (plan.creates(CLONE_NEWUSER)) {
    for (const auto& j : plan.joins)
      if (j.flag != CLONE_NEWUSER)
        throw Error(fmt::format("joining a namespace by path ({}) together with a new user namespace is not "
                                "supported yet",
                                j.path));
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

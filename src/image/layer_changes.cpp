// The changes of an overlay upper dir against the image below it (see layer_changes.hpp).
#include "image/layer_changes.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string_view>

#include "base/error.hpp"
#include "base/safe_path.hpp"
#include "base/unique_fd.hpp"
#include "image/tree_walk.hpp"
#include "image/whiteout.hpp"

namespace berth::image {
namespace {

// Paths one component at a time: "a" < "a/b" < "a-b" (plain string order would put "a-b"
// before "a/b", splitting a directory from what it holds).
struct PathLess {
  bool operator()(const std::string& a, const std::string& b) const {
    auto key = [](char c) { return c == '/' ? 0 : static_cast<unsigned char>(c) + 1; };
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [&](char x, char y) { return key(x) < key(y); });
  }
};

std::string parent_of(const std::string& rel) {
  auto slash = rel.rfind('/');
  return slash == std::string::npos ? std::string() : rel.substr(0, slash);
}

std::string child_of(const std::string& rel, const std::string& name) {
  return rel.empty() ? name : rel + "/" + name;
}

bool same_metadata(const UpperEntry& e, const ImageEntry& below) {
  return e.mode == below.mode && e.uid == below.uid && e.gid == below.gid;
}

// What one layer says about a path.
struct LayerAnswer {
  enum class Says { kNothing, kHas, kHides } says = Says::kNothing;
  struct stat st {};
  bool opaque = false;        // kHas: the directory there hides the layers below it
  bool opaque_above = false;  // kNothing: a directory above it does
};

// Looks at `rel` in one unpacked layer, one component at a time with lstat, so that no symlink
// of the layer is ever followed: a symlink or file above the path, or a whiteout, hides it.
LayerAnswer ask_layer(const std::string& layer, const std::string& rel) {
  LayerAnswer a;
  std::vector<std::string> parts = path_components(rel);
  std::string path = layer;
  if (parts.empty()) {  // the root: every layer has it
    if (::lstat(path.c_str(), &a.st) != 0)
      throw Error::last_errno("stat", path).with_exit_code(ExitCode::kEngine);
    a.says = LayerAnswer::Says::kHas;
    a.opaque = is_opaque_dir(path);
    return a;
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    path += "/" + parts[i];
    if (::lstat(path.c_str(), &a.st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) return a;
      throw Error::last_errno("stat", path).with_exit_code(ExitCode::kEngine);
    }
    bool last = i + 1 == parts.size();
    if (is_overlay_whiteout(a.st) || (!last && !S_ISDIR(a.st.st_mode))) {
      a.says = LayerAnswer::Says::kHides;
      return a;
    }
    bool opaque = S_ISDIR(a.st.st_mode) && is_opaque_dir(path);
    if (last) {
      a.says = LayerAnswer::Says::kHas;
      a.opaque = opaque;
      return a;
    }
    a.opaque_above = a.opaque_above || opaque;
  }
  return a;
}

std::vector<std::string> names_in(const std::string& dir) {
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(dir.c_str()), ::closedir);
  if (!d) throw Error::last_errno("read directory", dir).with_exit_code(ExitCode::kEngine);
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d.get())) {
    std::string_view n = e->d_name;
    if (n != "." && n != "..") names.emplace_back(n);
  }
  return names;
}

// The engine's mount points and the directories holding them: docker's init layer has them.
std::set<std::string> with_parents(const std::set<std::string>& engine_paths) {
  std::set<std::string> engine_made;
  for (std::string p : engine_paths) {
    for (; !p.empty(); p = parent_of(p)) engine_made.insert(p);
  }
  return engine_made;
}

}  // namespace

char change_letter(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kModified:
      return 'C';
    case ChangeKind::kAdded:
      return 'A';
    case ChangeKind::kDeleted:
      return 'D';
  }
  return '?';
}

std::vector<Change> plan_changes(const std::vector<UpperEntry>& upper, const ImageView& image,
                                 const std::set<std::string>& engine_paths) {
  std::set<std::string> engine_made = with_parents(engine_paths);
  std::set<std::string> in_upper;
  for (const auto& e : upper) in_upper.insert(e.rel);

  std::map<std::string, ChangeKind, PathLess> changes;
  std::set<std::string> pending;  // directories changed only if something below them is
  for (const auto& e : upper) {
    std::optional<ImageEntry> below = image.find(e.rel);
    bool is_dir = e.kind == UpperEntry::Kind::kDir || e.kind == UpperEntry::Kind::kOpaqueDir;
    if (e.kind == UpperEntry::Kind::kWhiteout) {
      if (below) changes[e.rel] = ChangeKind::kDeleted;
    } else if (!below && engine_made.contains(e.rel)) {
      if (is_dir) pending.insert(e.rel);
    } else if (!below) {
      changes[e.rel] = ChangeKind::kAdded;
    } else if (e.kind == UpperEntry::Kind::kOpaqueDir) {
      changes[e.rel] = ChangeKind::kModified;
      for (const auto& name : image.children(e.rel)) {
        std::string child = child_of(e.rel, name);
        if (!in_upper.contains(child)) changes[child] = ChangeKind::kDeleted;
      }
    } else if (is_dir && same_metadata(e, *below)) {
      pending.insert(e.rel);
    } else {
      changes[e.rel] = ChangeKind::kModified;
    }
  }
  // The directories above a change show as changed.
  std::vector<std::string> changed;
  for (const auto& [path, kind] : changes) changed.push_back(path);
  for (const auto& path : changed) {
    for (std::string p = parent_of(path); !p.empty(); p = parent_of(p)) {
      if (pending.erase(p)) changes[p] = ChangeKind::kModified;
    }
  }
  std::vector<Change> out;
  for (const auto& [path, kind] : changes) out.push_back({"/" + path, kind});
  return out;
}

std::optional<ImageEntry> LayerDirsView::find(const std::string& rel) const {
  for (auto layer = layers_.rbegin(); layer != layers_.rend(); ++layer) {
    LayerAnswer a = ask_layer(*layer, rel);
    if (a.says == LayerAnswer::Says::kHas)
      return ImageEntry{a.st.st_mode, a.st.st_uid, a.st.st_gid};
    if (a.says == LayerAnswer::Says::kHides || a.opaque_above) return std::nullopt;
  }
  return std::nullopt;
}

std::vector<std::string> LayerDirsView::children(const std::string& rel) const {
  std::map<std::string, bool> seen;  // name -> visible; the topmost layer naming it decides
  for (auto layer = layers_.rbegin(); layer != layers_.rend(); ++layer) {
    LayerAnswer a = ask_layer(*layer, rel);
    if (a.says == LayerAnswer::Says::kHides) break;
    if (a.says == LayerAnswer::Says::kNothing) {
      if (a.opaque_above) break;
      continue;
    }
    if (!S_ISDIR(a.st.st_mode)) break;
    std::string dir = *layer + (rel.empty() ? "" : "/" + rel);
    for (const auto& name : names_in(dir)) {
      struct stat st;
      bool whiteout = ::lstat((dir + "/" + name).c_str(), &st) == 0 && is_overlay_whiteout(st);
      seen.try_emplace(name, !whiteout);
    }
    if (a.opaque) break;
  }
  std::vector<std::string> names;
  for (const auto& [name, visible] : seen) {
    if (visible) names.push_back(name);
  }
  return names;
}

std::vector<UpperEntry> read_upper(const std::string& upper_dir) {
  UniqueFd root(::open(upper_dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!root && errno == ENOENT) return {};  // never mounted: nothing written yet
  if (!root) throw Error::last_errno("open", upper_dir).with_exit_code(ExitCode::kEngine);
  std::vector<UpperEntry> upper;
  walk_tree(root.get(), upper_dir, [&upper](const TreeEntry& t) {
    UpperEntry e{t.rel, UpperEntry::Kind::kOther, t.st.st_mode, t.st.st_uid, t.st.st_gid};
    if (is_overlay_whiteout(t.st)) e.kind = UpperEntry::Kind::kWhiteout;
    if (S_ISDIR(t.st.st_mode))
      e.kind = is_opaque_dir(fd_path(t.parent_fd) + "/" + t.name) ? UpperEntry::Kind::kOpaqueDir
                                                                  : UpperEntry::Kind::kDir;
    upper.push_back(std::move(e));
    return Descend::kYes;
  });
  return upper;
}

std::set<std::string> engine_only_entries(const std::vector<UpperEntry>& upper,
                                          const ImageView& image,
                                          const std::set<std::string>& engine_paths) {
  std::set<std::string> changed;
  for (const auto& c : plan_changes(upper, image, engine_paths)) changed.insert(c.path.substr(1));
  std::set<std::string> engine_made = with_parents(engine_paths);
  std::set<std::string> out;
  for (const auto& e : upper) {
    if (engine_made.contains(e.rel) && !changed.contains(e.rel)) out.insert(e.rel);
  }
  return out;
}

std::vector<Change> layer_changes(const std::string& upper_dir,
                                  const std::vector<std::string>& layer_dirs,
                                  const std::set<std::string>& engine_paths) {
  return plan_changes(read_upper(upper_dir), LayerDirsView(layer_dirs), engine_paths);
}

}  // namespace berth::image

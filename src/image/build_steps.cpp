// The steps that change files: RUN (in a container), COPY and ADD, WORKDIR.
#include <fcntl.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cstdio>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/safe_path.hpp"
#include "base/strings.hpp"
#include "image/build_context.hpp"
#include "image/build_copy.hpp"
#include "image/sha256.hpp"
#include "image/build_run.hpp"
#include "image/build_state.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

std::string working_dir(const StageState& st) {
  auto c = st.config.find("config");
  if (c == st.config.end() || !c->is_object()) return "/";
  std::string wd = c->value("WorkingDir", "");
  return wd.empty() ? "/" : wd;
}

std::string config_user(const StageState& st) {
  auto c = st.config.find("config");
  return c == st.config.end() || !c->is_object() ? "" : c->value("User", "");
}

bool has_env(const std::vector<std::string>& env, std::string_view key) {
  for (const auto& e : env)
    if (std::string_view(e).substr(0, e.find('=')) == key) return true;
  return false;
}

bool is_url(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://") || s.starts_with("git@") || s.starts_with("git://");
}

std::optional<mode_t> parse_chmod(const std::optional<std::string>& spec) {
  if (!spec) return std::nullopt;
  mode_t mode = 0;
  if (spec->empty() || spec->size() > 4) throw Error(fmt::format("invalid chmod parameter: {}", *spec), ExitCode::kEngine);
  for (char c : *spec) {
    if (c < '0' || c > '7') throw Error(fmt::format("invalid chmod parameter: {}", *spec), ExitCode::kEngine);
    mode = mode * 8 + static_cast<mode_t>(c - '0');
  }
  return mode;
}

void rewind_fd(int fd) {
  if (fd >= 0 && (::ftruncate(fd, 0) != 0 || ::lseek(fd, 0, SEEK_SET) < 0)) throw Error::last_errno("truncate output");
}

// Quiet mode hides RUN's output; a failed step shows it after all.
void dump_fd(int fd) {
  if (fd < 0 || ::lseek(fd, 0, SEEK_SET) < 0) return;
  std::fflush(stderr);
  write_all(2, read_fd(fd));
}

struct CopyPlan {
  std::string dest;      // absolute path inside the root
  bool dest_is_dir = false;
  std::optional<Owner> owner;  // nullopt: root, or (COPY --from, ADD archives) the source's
  bool keep_owner = false;
  std::optional<mode_t> chmod;
  bool extract = false;  // ADD: local tar archives are unpacked
};

EntryMeta meta_of(const SourceEntry& e, const CopyPlan& plan) {
  EntryMeta m;
  m.mode = plan.chmod ? (e.st.st_mode & S_IFMT) | *plan.chmod : e.st.st_mode;
  m.uid = plan.owner ? plan.owner->uid : plan.keep_owner ? e.st.st_uid : 0;
  m.gid = plan.owner ? plan.owner->gid : plan.keep_owner ? e.st.st_gid : 0;
  m.mtime = e.st.st_mtim;
  m.rdev = e.st.st_rdev;
  if (S_ISLNK(e.st.st_mode)) {
    char buf[4096];
    ssize_t n = ::readlink(e.path.c_str(), buf, sizeof buf);
    if (n < 0) throw Error::last_errno("readlink", e.path);
    m.link_target.assign(buf, static_cast<size_t>(n));
  } else if (S_ISREG(e.st.st_mode)) {
    char buf[256];
    ssize_t n = ::lgetxattr(e.path.c_str(), "security.capability", buf, sizeof buf);
    if (n > 0) m.capability.assign(buf, static_cast<size_t>(n));
  }
  return m;
}

DataReader reader_of(const SourceEntry& e) {
  auto fd = std::make_shared<UniqueFd>();
  std::string path = e.path;
  return [fd, path](char* buf, size_t size) -> size_t {
    if (!*fd) {
      *fd = UniqueFd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
      if (!*fd) throw Error::last_errno("open", path);
    }
    for (;;) {
      ssize_t n = ::read(fd->get(), buf, size);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) throw Error::last_errno("read", path);
    }
  };
}

void copy_source(RootfsWriter& w, const SourceTree& tree, const CopySource& src, const CopyPlan& plan) {
  if (plan.extract && !src.is_dir && is_tar_archive(src.path)) {
    w.make_dirs(plan.dest);
    extract_archive(src.path, w, plan.dest, plan.owner, plan.chmod);
    return;
  }
  if (src.is_dir) {
    w.make_dirs(plan.dest);
    tree.walk(src, [&](const SourceEntry& e) {
      if (!e.rel.empty()) w.write(plan.dest + "/" + e.rel, meta_of(e, plan), reader_of(e));
    });
    return;
  }
  std::string target = plan.dest_is_dir || w.is_dir(plan.dest) ? plan.dest + "/" + src.name : plan.dest;
  tree.walk(src, [&](const SourceEntry& e) { w.write(target, meta_of(e, plan), reader_of(e)); });
}

}  // namespace

std::string Builder::in_rootfs(const StageState& stage, const std::function<void(StepRootfs&)>& act) {
  StepRootfs rootfs(paths_, layer_dirs(stage.diff_ids()));
  act(rootfs);
  return rootfs.commit(store_);
}

void Builder::workdir(const Instruction& ins) {
  check_flags(ins, {});
  StageState& st = stages_.back();
  std::string dir = expand_word(ins.words[0], st.expansion_env(), df_.escape);
  if (!dir.starts_with('/')) dir = working_dir(st) + "/" + dir;
  dir = clean_path(dir);
  std::string text = "WORKDIR " + dir;
  cached_step(text, "", [&] {
    json config = st.config;
    config["config"]["WorkingDir"] = dir;
    std::string diff = in_rootfs(st, [&](StepRootfs& r) { RootfsWriter(r.fd(), Owner{}).make_dirs(dir); });
    return StepResult{commit_config(config, "/bin/sh -c #(nop) " + text, diff), diff};
  });
}

void Builder::run(const Instruction& ins) {
  check_flags(ins, {});
  StageState& st = stages_.back();
  std::vector<std::string> cmd = ins.json_form ? ins.words : st.shell;
  if (!ins.json_form) cmd.push_back(ins.args);
  std::vector<std::string> env = st.env();
  // ARG values reach RUN as environment, and (sorted) as docker's "|N k=v" history prefix.
  std::vector<std::string> arg_env;
  for (const auto& [k, v] : st.args)
    if (!has_env(env, k)) arg_env.push_back(k + "=" + v);
  std::string created_by = join(cmd, " ");
  if (!arg_env.empty()) created_by = fmt::format("|{} {} {}", arg_env.size(), join(arg_env, " "), created_by);
  for (const auto& [k, v] : options_.build_args)
    if (is_predefined_arg(k) && !st.args.contains(k) && !has_env(env, k)) env.push_back(k + "=" + v);
  env.insert(env.end(), arg_env.begin(), arg_env.end());

  cached_step(created_by, "", [&] {
    std::string diff = in_rootfs(st, [&](StepRootfs& r) {
      say(" ---> Running in " + r.id());
      RunCommand rc{cmd, env, working_dir(st), {}, options_.run_seccomp};
      rc.user = resolve_exec_user(config_user(st), read_root_file(r.fd(), "/etc/passwd"),
                                  read_root_file(r.fd(), "/etc/group"));
      if (!has_env(rc.env, "HOSTNAME")) rc.env.push_back("HOSTNAME=" + r.id());
      if (!has_env(rc.env, "HOME")) rc.env.push_back("HOME=" + rc.user.home);
      rewind_fd(quiet_output_.get());
      int out = quiet_output_ ? quiet_output_.get() : 1, err = quiet_output_ ? quiet_output_.get() : 2;
      int code = run_step(paths_, r, rc, out, err);
      if (code != 0) {
        dump_fd(quiet_output_.get());
        throw StepFailed(fmt::format("The command '{}' returned a non-zero code: {}", join(cmd, " "), code));
      }
      say("Removing intermediate container " + r.id());
    });
    return StepResult{commit_config(st.config, created_by, diff), diff};
  });
}

void Builder::copy(const Instruction& ins) {
  bool add = ins.keyword == "ADD";
  check_flags(ins, add ? std::vector<std::string_view>{"chown", "chmod"}
                       : std::vector<std::string_view>{"from", "chown", "chmod"});
  StageState& st = stages_.back();
  BuildEnv env = st.expansion_env();
  std::vector<std::string> words;
  for (const auto& w : ins.words) words.push_back(expand_word(w, env, df_.escape));
  std::string dest = words.back();
  words.pop_back();
  for (const auto& w : words)
    if (add && is_url(w))
      throw Error(fmt::format("ADD {}: sources from URLs are not supported (berth build has no network "
                              "access): download it into the build context and COPY it",
                              w),
                  ExitCode::kEngine);
  CopyPlan plan;
  std::optional<std::string> chown = flag_value(ins, "chown");
  if (chown) chown = expand_word(*chown, env, df_.escape);
  plan.chmod = parse_chmod(flag_value(ins, "chmod"));
  plan.extract = add;
  plan.dest_is_dir = dest.ends_with('/') || dest == "." || dest.ends_with("/.");
  plan.dest = clean_path(dest.starts_with('/') ? dest : working_dir(st) + "/" + dest);

  // Where the sources come from: the context, or (--from) another stage or an image.
  std::optional<std::string> from = flag_value(ins, "from");
  std::vector<std::string> from_layers;
  std::string sources_digest;
  std::unique_ptr<StepRootfs> from_root;
  std::unique_ptr<SourceTree> from_tree;
  std::vector<CopySource> sources;
  if (from) {
    std::string name = expand_word(*from, env, df_.escape), from_digest;
    auto index = parse_uint(name);
    for (size_t i = 0; i + 1 < stages_.size(); ++i) {
      if ((index && *index == i) || (!stages_[i].name.empty() && stages_[i].name == name)) {
        from_layers = stages_[i].diff_ids();
        from_digest = stages_[i].digest;
      }
    }
    if (from_digest.empty()) {
      Image image = store_.must_find(name);
      from_layers = image.diff_ids;
      from_digest = image.id;
    }
    // The stage's digest fixes its content: its files need not be read to check the cache.
    sources_digest = sha256_hex(from_digest + "\n" + join(words, "\n"));
    plan.keep_owner = !chown;  // docker keeps owners across stages unless --chown
  } else {
    for (const auto& w : words)
      for (auto& s : context().resolve(w)) sources.push_back(std::move(s));
    sources_digest = context().digest(sources);
  }
  if (!from && sources.size() > 1 && !plan.dest_is_dir)
    throw Error("When using COPY with more than one source file, the destination must be a directory and end with a /",
                ExitCode::kEngine);

  std::string flags = (chown ? " --chown=" + *chown : "") + (plan.chmod ? fmt::format(" --chmod={:o}", *plan.chmod) : "");
  std::string text = fmt::format("{}{}{} {} {}{}", ins.keyword, flags, from ? " --from=" + *from : "", join(words, " "),
                                 plan.dest, plan.dest_is_dir ? "/" : "");
  std::string created_by = fmt::format("/bin/sh -c #(nop) {}{} {}:{} in {} ", ins.keyword, flags,
                                       words.size() == 1 && !from ? "file" : "multi", sources_digest, dest);
  cached_step(text, sources_digest, [&] {
    const SourceTree* tree = from ? nullptr : &context();
    if (from) {
      from_root = std::make_unique<StepRootfs>(paths_, layer_dirs(from_layers));
      from_tree = std::make_unique<SourceTree>(from_root->path());
      for (const auto& w : words)
        for (auto& s : from_tree->resolve(w)) sources.push_back(std::move(s));
      if (sources.size() > 1 && !plan.dest_is_dir)
        throw Error("When using COPY with more than one source file, the destination must be a directory and end with a /",
                    ExitCode::kEngine);
      tree = from_tree.get();
    }
    std::string diff = in_rootfs(st, [&](StepRootfs& r) {
      if (chown)
        plan.owner = resolve_chown(*chown, read_root_file(r.fd(), "/etc/passwd"), read_root_file(r.fd(), "/etc/group"));
      RootfsWriter writer(r.fd(), plan.owner.value_or(Owner{}));
      for (const auto& src : sources) copy_source(writer, *tree, src, plan);
    });
    return StepResult{commit_config(st.config, created_by, diff), diff};
  });
}

}  // namespace berth::image

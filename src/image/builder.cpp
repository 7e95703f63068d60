// The Dockerfile evaluator: stages, steps, the cache, the output of docker's classic builder,
// and the final image. The steps that touch files are in build_steps.cpp.
#include "image/builder.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include <fmt/core.h>

#include "base/error.hpp"
#include "base/file_io.hpp"
#include "base/strings.hpp"
#include "image/build_context.hpp"
#include "image/sha256.hpp"
#include "image/build_state.hpp"
#include "image/image_config.hpp"
#include "image/reference.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool has_path_env(const StageState& st) {
  for (const auto& e : st.env())
    if (e.starts_with("PATH=")) return true;
  return false;
}

// SIGINT, SIGTERM and SIGHUP are held for the whole build and checked between steps, so an
// interrupt never leaves a step's mount behind (RUN takes them through a signalfd).
class InterruptGuard {
 public:
  InterruptGuard() {
    sigemptyset(&set_);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set_, s);
    ::sigprocmask(SIG_BLOCK, &set_, &old_);
  }
  ~InterruptGuard() { ::sigprocmask(SIG_SETMASK, &old_, nullptr); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  void check() const {
    sigset_t pending;
    ::sigpending(&pending);
    for (int s : {SIGINT, SIGTERM, SIGHUP})
      if (sigismember(&pending, s)) throw Error("build interrupted", static_cast<ExitCode>(128 + s));
  }

 private:
  sigset_t set_, old_;
};

}  // namespace

Builder::Builder(Store& store, const BuildPaths& paths, const BuildOptions& options)
    : store_(store),
      paths_(paths),
      options_(options),
      df_(parse_dockerfile(options.dockerfile)),
      cache_(store.dir() + "/build-cache") {
  if (options.quiet) {
    quiet_output_ = UniqueFd(::memfd_create("berth-build-output", MFD_CLOEXEC));
    if (!quiet_output_) throw Error::last_errno("memfd_create");
  }
}

void Builder::say(const std::string& line) const {
  if (options_.quiet) return;
  fmt::print("{}\n", line);
  std::fflush(stdout);
}

SourceTree& Builder::context() {
  if (!context_) context_ = std::make_unique<SourceTree>(open_build_context(options_.context_dir));
  return *context_;
}

std::vector<std::string> Builder::layer_dirs(const std::vector<std::string>& diff_ids) const {
  Image image;
  image.diff_ids = diff_ids;
  return store_.layer_dirs(image);
}

bool Builder::layers_exist(const json& config) const {
  StageState probe;
  probe.config = config;
  for (const auto& dir : layer_dirs(probe.diff_ids()))
    if (!path_exists(dir)) return false;
  return true;
}

void Builder::adopt(const json& config) {
  StageState& st = stages_.back();
  st.config = config;
  st.digest = sha256_hex(config.dump());
  st.base_id.clear();
  say(" ---> " + st.digest.substr(0, 12));
}

void Builder::cached_step(const std::string& text, const std::string& sources,
                          const std::function<StepResult()>& produce) {
  std::string key = cache_key(stages_.back().digest, text, sources);
  if (!options_.no_cache) {
    if (auto hit = cache_.lookup(key); hit && layers_exist(hit->config)) {
      say(" ---> Using cache");
      adopt(hit->config);
      return;
    }
  }
  StepResult r = produce();
  cache_.store(key, {r.config, r.diff_id});
  adopt(r.config);
}

size_t Builder::last_instruction() const {
  const auto& ins = df_.instructions;
  if (options_.target.empty()) return ins.size();
  for (size_t i = 0; i < ins.size(); ++i) {
    if (ins[i].keyword != "FROM" || ins[i].words.size() != 3 || lower(ins[i].words[2]) != lower(options_.target))
      continue;
    size_t end = i + 1;
    while (end < ins.size() && ins[end].keyword != "FROM") ++end;
    return end;
  }
  throw Error(fmt::format("failed to reach build target {} in Dockerfile", options_.target), ExitCode::kEngine);
}

void Builder::from(const Instruction& ins) {
  check_flags(ins, {"platform"});
  if (auto platform = flag_value(ins, "platform")) {
    std::string p = expand_word(*platform, meta_args_, df_.escape);
    if (p != "linux" && p != "linux/" + host_architecture())
      throw Error(fmt::format("--platform={}: only linux/{} images can be built here", p, host_architecture()),
                  ExitCode::kEngine);
  }
  std::string ref = expand_word(ins.words[0], meta_args_, df_.escape);
  StageState st;
  if (ins.words.size() == 3) st.name = lower(ins.words[2]);
  const StageState* earlier = nullptr;
  for (const auto& s : stages_)
    if (!s.name.empty() && s.name == lower(ref)) earlier = &s;
  if (lower(ref) == "scratch") {
    st.config = scratch_config();
  } else if (earlier) {
    st.config = earlier->config;
    st.base_id = earlier->base_id;
  } else {
    Image image = store_.must_find(ref);
    st.config = image.config;
    st.base_id = image.id;
    say(" ---> " + image.id.substr(0, 12));
  }
  if (auto c = st.config.find("config"); c != st.config.end() && c->is_object()) {
    if (auto ob = c->find("OnBuild"); ob != c->end() && ob->is_array() && !ob->empty())
      throw Error(fmt::format("{} has ONBUILD triggers, which berth build does not run", ref), ExitCode::kEngine);
  }
  if (!has_path_env(st)) {
    set_env(st.config, "PATH", std::string(kDefaultPath).substr(5));
    st.base_id.clear();
  }
  st.digest = sha256_hex(st.config.dump());
  stages_.push_back(std::move(st));
}

void Builder::arg(const Instruction& ins) {
  check_flags(ins, {});
  bool meta = stages_.empty();
  BuildEnv env = meta ? meta_args_ : stages_.back().expansion_env();
  std::vector<std::string> parts;
  for (const auto& p : ins.pairs) {
    std::string name = expand_word(p.key, env, df_.escape);
    consumed_args_.insert(name);
    std::optional<std::string> value;
    if (auto it = options_.build_args.find(name); it != options_.build_args.end()) value = it->second;
    else if (p.value) value = expand_word(*p.value, env, df_.escape);
    else if (!meta && meta_args_.contains(name)) value = meta_args_.find(name)->second;
    BuildEnv& scope = meta ? meta_args_ : stages_.back().args;
    if (value) scope[name] = *value;
    else scope.erase(name);
    parts.push_back(p.value ? name + "=" + *p.value : name);
  }
  if (meta) return;
  std::string text = "ARG " + join(parts, " ");
  cached_step(text, "", [&] { return StepResult{commit_config(stages_.back().config, "/bin/sh -c #(nop)  " + text, ""), ""}; });
}

void Builder::metadata(const Instruction& ins) {
  StageState& st = stages_.back();
  json config = st.config;
  std::string text = apply_metadata(st, ins, config, df_.escape);
  cached_step(text, "", [&] { return StepResult{commit_config(config, "/bin/sh -c #(nop)  " + text, ""), ""}; });
}

void Builder::dispatch(const Instruction& ins) {
  const std::string& k = ins.keyword;
  if (k == "FROM") return from(ins);
  if (k == "ARG") return arg(ins);
  if (stages_.empty()) throw Error("no build stage in current context: the Dockerfile must start with FROM", ExitCode::kEngine);
  if (k == "RUN") return run(ins);
  if (k == "COPY" || k == "ADD") return copy(ins);
  if (k == "WORKDIR") return workdir(ins);
  if (is_metadata_instruction(k)) return metadata(ins);
  throw Error(fmt::format("unknown instruction: {}", k), ExitCode::kEngine);
}

std::string Builder::build() {
  const auto& all = df_.instructions;
  if (all.empty()) throw Error("the Dockerfile (or stdin) has no instructions", ExitCode::kEngine);
  size_t end = last_instruction();
  InterruptGuard interrupts;
  for (size_t i = 0; i < end; ++i) {
    const Instruction& ins = all[i];
    say(fmt::format("Step {}/{} : {}", i + 1, end, ins.original));
    try {
      dispatch(ins);
    } catch (const StepFailed&) {
      throw;
    } catch (Error& e) {
      if (e.exit_code() != ExitCode::kGeneric && e.exit_code() != ExitCode::kEngine) throw;  // interrupted
      std::string what = ins.keyword == "COPY" || ins.keyword == "ADD" ? ins.keyword + " failed" : ins.keyword;
      throw std::move(e).context(fmt::format("Dockerfile line {}: {}", ins.line, what)).with_exit_code(ExitCode::kEngine);
    }
    interrupts.check();
  }
  if (stages_.empty()) throw Error("the Dockerfile has no FROM", ExitCode::kEngine);
  return finish();
}

std::string Builder::finish() {
  StageState& st = stages_.back();
  json config = st.config;
  for (const auto& [k, v] : options_.labels) config["config"]["Labels"][k] = v;
  std::string id;
  if (!st.base_id.empty() && options_.labels.empty()) {
    id = st.base_id;
  } else if (st.diff_ids().empty() && (!config.contains("history") || config["history"].empty())) {
    throw Error("No image was generated. Is your Dockerfile empty?", ExitCode::kEngine);
  } else {
    id = store_.add_image(config, options_.tags.empty() ? std::string() : options_.tags[0]);
  }
  for (size_t i = 0; i < options_.tags.size(); ++i)
    if (i > 0 || id == st.base_id) store_.tag(id, options_.tags[i]);

  std::vector<std::string> unused;
  for (const auto& [k, v] : options_.build_args)
    if (!consumed_args_.contains(k) && !is_predefined_arg(k)) unused.push_back(k);
  if (!unused.empty())
    fmt::print(stderr, "[Warning] One or more build-args [{}] were not consumed\n", join(unused, " "));

  if (options_.quiet) {
    fmt::print("sha256:{}\n", id);
  } else {
    say("Successfully built " + id.substr(0, 12));
    for (const auto& t : options_.tags) say("Successfully tagged " + normalize_reference(t));
  }
  return id;
}

std::string build_image(Store& store, const BuildPaths& paths, const BuildOptions& options) {
  for (const auto& t : options.tags) validate_reference(t);
  remove_stale_steps(paths);
  Builder builder(store, paths, options);
  return builder.build();
}

bool dockerfile_has_run(const std::string& dockerfile) {
  for (const auto& ins : parse_dockerfile(dockerfile).instructions)
    if (ins.keyword == "RUN") return true;
  return false;
}

}  // namespace berth::image

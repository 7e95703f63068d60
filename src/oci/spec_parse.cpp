// Reading config.json into oci::Spec: one small function per object of the runtime spec.
#include "oci/spec_parse.hpp"

#include <fmt/core.h>

#include <climits>

#include "base/error.hpp"
#include "oci/json_reader.hpp"
#include "oci/spec_parse_detail.hpp"

namespace berth::oci {
namespace {

User parse_user(const JsonReader& r) {
  r.require_object();
  User u;
  u.uid = r.req("uid").as_u32();
  u.gid = r.req("gid").as_u32();
  u.umask = r.opt_u32("umask");
  r.at("additionalGids").for_each([&](const JsonReader& g) {
    u.additional_gids.push_back(g.as_u32());
  });
  return u;
}

Capabilities parse_capabilities(const JsonReader& r) {
  r.require_object();
  Capabilities c;
  c.bounding = r.at("bounding").as_string_list();
  c.effective = r.at("effective").as_string_list();
  c.inheritable = r.at("inheritable").as_string_list();
  c.permitted = r.at("permitted").as_string_list();
  c.ambient = r.at("ambient").as_string_list();
  return c;
}

ConsoleSize parse_console_size(const JsonReader& r) {
  r.require_object();
  return ConsoleSize{r.req("height").as_u32(), r.req("width").as_u32()};
}

Rlimit parse_rlimit(const JsonReader& r) {
  r.require_object();
  return Rlimit{r.req("type").as_string(), r.req("hard").as_uint(), r.req("soft").as_uint()};
}

Process parse_process(const JsonReader& r) {
  r.require_object();
  Process p;
  p.terminal = r.opt_bool("terminal").value_or(false);
  if (r.has("consoleSize")) p.console_size = parse_console_size(r.at("consoleSize"));
  if (r.has("user")) p.user = parse_user(r.at("user"));
  p.args = r.at("args").as_string_list();
  p.env = r.at("env").as_string_list();
  p.cwd = r.req("cwd").as_string();
  if (r.has("capabilities")) p.capabilities = parse_capabilities(r.at("capabilities"));
  r.at("rlimits").for_each([&](const JsonReader& l) { p.rlimits.push_back(parse_rlimit(l)); });
  p.no_new_privileges = r.opt_bool("noNewPrivileges").value_or(false);
  p.apparmor_profile = r.opt_string("apparmorProfile").value_or("");
  p.selinux_label = r.opt_string("selinuxLabel").value_or("");
  if (auto v = r.opt_int("oomScoreAdj")) {
    if (*v < -1000 || *v > 1000)
      r.at("oomScoreAdj").fail(fmt::format("{} is not between -1000 and 1000", *v));
    p.oom_score_adj = static_cast<int>(*v);
  }
  return p;
}

Root parse_root(const JsonReader& r) {
  r.require_object();
  return Root{r.req("path").as_string(), r.opt_bool("readonly").value_or(false)};
}

Mount parse_mount(const JsonReader& r) {
  r.require_object();
  Mount m;
  m.destination = r.req("destination").as_string();
  m.type = r.opt_string("type").value_or("");
  m.source = r.opt_string("source").value_or("");
  m.options = r.at("options").as_string_list();
  m.uid_mappings = detail::parse_id_mappings(r.at("uidMappings"));
  m.gid_mappings = detail::parse_id_mappings(r.at("gidMappings"));
  // The spec (1.1) reads a relative destination, deprecated, as relative to "/".
  if (!m.destination.empty() && !m.destination.starts_with("/"))
    m.destination = "/" + m.destination;
  return m;
}

Hook parse_hook(const JsonReader& r) {
  r.require_object();
  Hook h;
  h.path = r.req("path").as_string();
  h.args = r.at("args").as_string_list();
  h.env = r.at("env").as_string_list();
  if (auto t = r.opt_int("timeout")) {
    if (*t <= 0) r.at("timeout").fail(fmt::format("must be greater than zero, got {}", *t));
    if (*t > INT_MAX) r.at("timeout").fail(fmt::format("{} seconds is out of range", *t));
    h.timeout = static_cast<int>(*t);
  }
  return h;
}

Hooks parse_hooks(const JsonReader& r) {
  r.require_object();
  Hooks h;
  auto list = [&](const char* key, std::vector<Hook>& out) {
    r.at(key).for_each([&](const JsonReader& e) { out.push_back(parse_hook(e)); });
  };
  list("prestart", h.prestart);
  list("createRuntime", h.create_runtime);
  list("createContainer", h.create_container);
  list("startContainer", h.start_container);
  list("poststart", h.poststart);
  list("poststop", h.poststop);
  return h;
}

nlohmann::json parse_json(std::string_view text, const std::string& origin) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 2: <why>".
    std::string_view why = e.what();
    if (auto col = why.find("column "); col != why.npos) {
      if (auto colon = why.find(": ", col); colon != why.npos) why.remove_prefix(colon + 2);
    }
    throw Error(fmt::format("{}: invalid JSON at byte {}: {}", origin, e.byte, why));
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double (1e999) is out_of_range, not parse_error, and has no byte.
    std::string_view why = e.what();
    if (auto end = why.find("] "); end != why.npos) why.remove_prefix(end + 2);
    throw Error(fmt::format("{}: invalid JSON: {}", origin, why));
  }
}

}  // namespace

const Namespace* Spec::find_namespace(const std::string& type) const {
  if (!linux_) return nullptr;
  for (const auto& ns : linux_->namespaces)
    if (ns.type == type) return &ns;
  return nullptr;
}

Spec parse_spec(std::string_view text, const std::string& origin) {
  nlohmann::json doc = parse_json(text, origin);
  JsonReader r(doc, "", origin);
  r.require_object();
  Spec s;
  s.oci_version = r.req("ociVersion").as_string();
  if (r.has("process")) s.process = parse_process(r.at("process"));
  s.root = parse_root(r.req("root"));
  s.hostname = r.opt_string("hostname").value_or("");
  s.domainname = r.opt_string("domainname").value_or("");
  r.at("mounts").for_each([&](const JsonReader& m) { s.mounts.push_back(parse_mount(m)); });
  if (r.has("hooks")) s.hooks = parse_hooks(r.at("hooks"));
  s.annotations = r.at("annotations").as_string_map();
  if (r.has("linux")) s.linux_ = detail::parse_linux(r.at("linux"));
  validate_spec(s, origin);
  return s;
}

}  // namespace berth::oci

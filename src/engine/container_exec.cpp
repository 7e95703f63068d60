// docker exec: the container's process is the template; the flags override it.
#include "engine/container_exec.hpp"

#include "base/file_io.hpp"
#include "engine/runtime_client.hpp"
#include "engine/spec_builder.hpp"
#include "engine/start_failure.hpp"
#include "engine/user_lookup.hpp"

namespace berth::engine {

nlohmann::json exec_process(const ContainerStore& store, const ContainerRecord& r, const ExecRequest& request) {
  // The bundle is rewritten at every start: it is the config the running init was made from.
  auto config = nlohmann::json::parse(read_file(store.paths().bundle(r.id) + "/config.json"));
  nlohmann::json p = config.value("process", nlohmann::json::object());
  p["args"] = request.args;
  p["terminal"] = request.tty;
  if (!p.contains("env")) p["env"] = nlohmann::json::array();
  for (const auto& kv : request.env) p["env"].push_back(kv);
  if (!request.workdir.empty()) p["cwd"] = request.workdir;
  if (!request.user.empty()) {
    auto u = resolve_user(store.paths().rootfs(r.id), request.user);
    p["user"] = {{"uid", u.uid}, {"gid", u.gid}};
    if (!u.additional_gids.empty()) p["user"]["additionalGids"] = u.additional_gids;
  }
  if (request.privileged) {
    auto caps = grantable_capabilities();
    p["capabilities"] = {{"bounding", caps}, {"effective", caps}, {"permitted", caps}, {"inheritable", nlohmann::json::array()}};
  }
  return p;
}

int exec_in_container(const ContainerStore& store, const ContainerRecord& r, const ExecRequest& request) {
  try {
    nlohmann::json process = exec_process(store, r, request);
    return runtime_client(store.paths(), r.host_config)->exec(r.id, process, request.detach);
  } catch (Error& e) {
    // docker exec: 127 for a command not found, 126 for anything else that kept it from starting
    // (an unknown user, a missing working directory, a file that is not executable).
    int code = start_failure_code(e);
    throw std::move(e.with_exit_code(code == static_cast<int>(ExitCode::kNotFound) ? ExitCode::kNotFound
                                                                                   : ExitCode::kCannotInvoke));
  }
}

}  // namespace berth::engine

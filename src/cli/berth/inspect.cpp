// berth inspect [-f FORMAT] CONTAINER…: docker's JSON array.
#include <memory>

#include "base/error.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/container_inspect_json.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/go_template.hpp"

namespace berth::cli {
namespace {

struct InspectArgs {
  std::string format;
  std::vector<std::string> objects;
};

}  // namespace

void add_inspect(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<InspectArgs>();
  CLI::App* cmd = app.add_subcommand("inspect", "Return low-level information on containers");
  cmd->add_option("-f,--format", a->format, "Format output using a Go template");
  cmd->add_option("objects", a->objects)->required();
  cmd->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      nlohmann::json out = nlohmann::json::array();
      int status = 0;
      for (const auto& ref : a->objects) {
        auto r = store.find(ref);
        if (!r) {
          std::fprintf(stderr, "Error: No such object: %s\n", ref.c_str());
          status = 1;
          continue;
        }
        out.push_back(container_inspect_json(store, *r));
      }
      if (!a->format.empty()) {
        for (const auto& j : out) print_line(render_template(a->format, j));
      } else {
        print_line(out.dump(4));
      }
      return status;
    };
  });
}

}  // namespace berth::cli

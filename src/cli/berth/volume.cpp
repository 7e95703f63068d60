// berth volume create|ls|inspect|rm|prune
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/tree_size.hpp"
#include "cli/berth/argument_errors.hpp"
#include "cli/berth/container_commands.hpp"
#include "cli/berth/engine_access.hpp"
#include "cli/berth/go_template.hpp"
#include "cli/berth/labels.hpp"
#include "cli/berth/prune_filter.hpp"
#include "cli/berth/prune_report.hpp"
#include "engine/volumes.hpp"

namespace berth::cli {
namespace {

struct VolumeArgs {
  std::vector<std::string> names, labels, options, filters;
  std::string name, driver = "local";
  std::string format;
  bool quiet = false, force = false, all = false;
};

nlohmann::json volume_json(const engine::VolumeInfo& v) {
  // Docker prints the creation time to the second ("2026-11-27T22:52:03Z").
  std::string created = v.created;
  if (auto dot = created.find('.'); dot != std::string::npos && created.ends_with("Z"))
    created = created.substr(0, dot) + "Z";
  return {{"CreatedAt", created}, {"Driver", "local"},    {"Labels", v.labels},
          {"Mountpoint", v.mountpoint}, {"Name", v.name}, {"Options", nlohmann::json::object()},
          {"Scope", "local"}};
}

// A row of `volume ls` as docker's volume formatter context shows it.
nlohmann::json volume_row(const engine::VolumeInfo& v) {
  return {{"Name", v.name},   {"Driver", "local"}, {"Scope", "local"}, {"Mountpoint", v.mountpoint},
          {"Labels", labels_text(v.labels)}, {"Links", "N/A"},    {"Size", "N/A"},    {"Availability", "N/A"},
          {"Group", "N/A"},   {"Status", "N/A"}};
}

// docker volume ls --filter: dangling=true|false, driver=, label=KEY[=VALUE], name= (a part of it).
bool volume_matches(const engine::ContainerStore& store, const engine::VolumeInfo& v,
                    const std::map<std::string, std::vector<std::string>>& filters) {
  for (const auto& [key, values] : filters) {
    bool any = false;
    for (const auto& value : values) {
      if (key == "name") any = any || v.name.find(value) != std::string::npos;
      if (key == "driver") any = any || value == "local";
      if (key == "dangling") any = any || (value == "true") == engine::volume_users(store, v.name).empty();
      if (key == "label") any = any || has_label(v.labels, value);
    }
    if (!any) return false;
  }
  return true;
}

std::map<std::string, std::vector<std::string>> volume_filters(const std::vector<std::string>& specs) {
  std::map<std::string, std::vector<std::string>> filters;
  for (const auto& spec : specs) {
    auto eq = spec.find('=');  // the flag refused a spec without
    std::string key = spec.substr(0, eq), value = spec.substr(eq + 1);
    if (key != "name" && key != "driver" && key != "dangling" && key != "label")
      throw Error(fmt::format("Invalid filter '{}'", key));
    if (key == "dangling" && value != "true" && value != "false" && value != "1" && value != "0")
      throw Error(fmt::format("Invalid filter 'dangling={}'", value));
    filters[key].push_back(value == "1" ? "true" : value == "0" ? "false" : value);
  }
  return filters;
}

}  // namespace

void add_volume(CLI::App& app, Globals& g, Action& action) {
  auto a = std::make_shared<VolumeArgs>();
  CLI::App* volume = app.add_subcommand("volume", "Manage volumes");
  volume->require_subcommand(1);

  CLI::App* create = volume->add_subcommand("create", "Create a volume");
  create->add_option("-d,--driver", a->driver, "Specify volume driver name")->capture_default_str();
  create->add_option("--label", a->labels, "Set metadata for a volume")->allow_extra_args(false);
  create->add_option("-o,--opt", a->options, "Set driver specific options")->allow_extra_args(false);
  create->add_option("--name", a->name, "Specify volume name");
  create->add_option("name", a->name);
  create->callback([&g, &action, a] {
    action = [&g, a] {
      std::string shown = a->name.empty() ? "" : a->name + ": ";
      // Only docker's local driver exists here, and without options it makes a directory.
      if (a->driver != "local")
        throw Error(fmt::format("create {}error looking up volume plugin {}: plugin \"{}\" not found", shown,
                                a->driver, a->driver));
      if (!a->options.empty())
        throw Error(fmt::format("create {}driver options (-o {}) are not supported by berth's local driver", shown,
                                a->options.front()));
      Labels labels;
      add_labels(labels, a->labels);
      print_line(engine::create_volume(container_store(g).paths(), a->name, labels).name);
      return 0;
    };
  });

  CLI::App* ls = volume->add_subcommand("ls", "List volumes");
  ls->alias("list");
  ls->add_flag("-q,--quiet", a->quiet, "Only display volume names");
  ls->add_option("--format", a->format, "Format output using a Go template, or \"table\" or \"json\"");
  add_filter_flag(*ls, a->filters, "Filter output: dangling=true|false, driver=, label=KEY[=VALUE], name=");
  ls->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      auto filters = volume_filters(a->filters);
      std::vector<TemplateRow> rows;
      for (const auto& v : engine::list_volumes(store.paths())) {
        if (!volume_matches(store, v, filters)) continue;
        if (a->quiet) print_line(v.name);
        else rows.push_back({volume_row(v), label_method(v.labels)});
      }
      if (a->quiet) return 0;
      std::string format = a->format.empty() ? "table {{.Driver}}\t{{.Name}}" : a->format;
      if (is_table_format(format)) {
        std::string text = render_table(format, rows, {{"Name", "VOLUME NAME"}}, label_header_method());
        std::fwrite(text.data(), 1, text.size(), stdout);
      } else {
        for (const auto& row : rows)
          print_line(render_template(format, row.fields, FieldLookup::kStrict, row.methods));
      }
      return 0;
    };
  });

  CLI::App* inspect = volume->add_subcommand("inspect", "Display detailed information on one or more volumes");
  inspect->add_option("-f,--format", a->format, "Format output using a Go template");
  inspect->add_option("names", a->names)->required();
  inspect->callback([&g, &action, a] {
    action = [&g, a] {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& n : a->names) out.push_back(volume_json(engine::inspect_volume(container_store(g).paths(), n)));
      if (!a->format.empty()) {
        for (const auto& v : out) print_line(render_template(a->format, v));
        return 0;
      }
      print_line(out.dump(4));
      return 0;
    };
  });

  CLI::App* rm = volume->add_subcommand("rm", "Remove one or more volumes");
  rm->alias("remove");
  rm->add_flag("-f,--force", a->force, "Force the removal of one or more volumes");
  rm->add_option("names", a->names)->required();
  rm->callback([&g, &action, a] {
    action = [&g, a] {
      auto store = container_store(g);
      int status = 0;
      for (const auto& n : a->names) {
        try {
          engine::remove_volume(store, n, a->force);
          print_line(n);
        } catch (const Error& e) {
          std::fprintf(stderr, "Error response from daemon: %s\n", e.what());
          status = 1;
        }
      }
      return status;
    };
  });

  CLI::App* prune = volume->add_subcommand("prune", "Remove unused local volumes");
  prune->add_flag("-f,--force", a->force, "Do not prompt for confirmation");
  prune->add_flag("-a,--all", a->all, "Remove all unused volumes, not just anonymous ones");
  add_filter_flag(*prune, a->filters, "Provide filter values (e.g. 'label=<label>')", "--filter");
  prune->callback([&g, &action, a] {
    action = [&g, a] {
      PruneFilter filter(a->filters, {"label", "label!", "all"});  // a bad filter fails before the question
      for (const auto& f : a->filters)
        if (f == "all=true" || f == "all=1") a->all = true;  // newer docker's -a spelled as a filter
      if (!a->force && !confirm_prune(a->all ? "all local volumes not used by at least one container"
                                             : "anonymous local volumes not used by at least one container"))
        return 0;
      auto store = container_store(g);
      std::vector<std::string> deleted;
      uint64_t reclaimed = 0;
      for (const auto& v : engine::list_volumes(store.paths())) {
        // docker prunes only anonymous volumes unless --all: ours are named by 64 hex digits.
        bool anonymous = v.name.size() == 64 && v.name.find_first_not_of("0123456789abcdef") == std::string::npos;
        if ((!anonymous && !a->all) || !engine::volume_users(store, v.name).empty()) continue;
        if (!filter.matches("", v.labels)) continue;
        uint64_t bytes = tree_bytes(store.paths().volume_data(v.name));
        engine::remove_volume(store, v.name, false);
        deleted.push_back(v.name);
        reclaimed += bytes;
      }
      print_prune_report("Deleted Volumes:", deleted, reclaimed);
      return 0;
    };
  });
}

}  // namespace berth::cli

// berth images / image ls: docker's table of images, -q, --no-trunc and --format.
#include <fmt/core.h>
#include <fnmatch.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "base/error.hpp"
#include "cli/berth/argument_errors.hpp"
#include "cli/berth/go_template.hpp"
#include "cli/berth/human_units.hpp"
#include "cli/berth/image_commands.hpp"
#include "cli/berth/labels.hpp"
#include "image/reference.hpp"
#include "image/store.hpp"

namespace berth::cli {
namespace {

struct ImagesOptions {
  bool all = false;  // docker hides intermediate build images without it; berth keeps none
  bool quiet = false;
  bool no_trunc = false;
  bool digests = false;  // a DIGEST column: <none> for every image, none came from a registry
  std::string format;
  std::string repository;            // REPOSITORY[:TAG] filter
  std::vector<std::string> filters;  // docker's --filter KEY=VALUE
};

// docker's --filter: dangling=true|false, reference=PATTERN (a glob on "name:tag" or "name";
// several are or-ed, as is the REPOSITORY argument, which dockerd reads as one more),
// label=KEY or label=KEY=VALUE, before=IMAGE and since=IMAGE (by creation time). Every other
// kind of filter given must hold.
class Filters {
 public:
  Filters(const std::vector<std::string>& specs, const std::string& repository, const image::Store& store) {
    if (!repository.empty()) references_.push_back(repository);
    for (const auto& spec : specs) {
      auto eq = spec.find('=');  // there is one: the flag refuses a spec without
      std::string key = spec.substr(0, eq);
      std::string value = spec.substr(eq + 1);
      if (key == "reference") {
        references_.push_back(value);
      } else if (key == "before" || key == "since") {
        auto img = store.find(value);
        if (!img)
          throw Error(fmt::format("No such image: {}", image::looks_like_id(value) ? value : image::familiar_reference(image::normalize_reference(value))));
        (key == "before" ? before_ : since_) = parse_rfc3339(img->created).value_or(0);
      } else if (key == "dangling" || key == "label") {
        if (key == "dangling" && value != "true" && value != "false")
          throw Error(fmt::format("Invalid filter 'dangling=[{}]'", value));
        filters_.emplace_back(key, value);
      } else {
        throw Error(fmt::format("Invalid filter '{}'", key));
      }
    }
  }

  bool image_matches(const image::Image& img) const {
    for (const auto& [key, value] : filters_) {
      if (key == "dangling" && (value == "true") != img.repo_tags.empty()) return false;
      if (key == "label" && !has_label(img.defaults.labels, value)) return false;
    }
    time_t created = parse_rfc3339(img.created).value_or(0);
    if (before_ && created >= *before_) return false;
    if (since_ && created <= *since_) return false;
    // A reference filter lists tagged images only.
    return references_.empty() || !img.repo_tags.empty();
  }

  bool tag_matches(const std::string& repo, const std::string& tag) const {
    if (references_.empty()) return true;
    std::string full = repo + ":" + tag;
    return std::any_of(references_.begin(), references_.end(), [&](const std::string& pattern) {
      // Go's path.Match: "*" stops at "/". docker.io/library/x is x.
      std::string p = is_glob(pattern) ? pattern : image::familiar_reference(pattern);
      return ::fnmatch(p.c_str(), full.c_str(), FNM_PATHNAME) == 0 ||
             ::fnmatch(p.c_str(), repo.c_str(), FNM_PATHNAME) == 0;
    });
  }

 private:
  static bool is_glob(const std::string& p) { return p.find_first_of("*?[") != std::string::npos; }

  std::vector<std::pair<std::string, std::string>> filters_;
  std::vector<std::string> references_;
  std::optional<time_t> before_, since_;
};

constexpr std::string_view kDefaultTable =
    "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
constexpr std::string_view kDigestsTable =
    "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";

const std::map<std::string, std::string>& headers() {
  static const std::map<std::string, std::string> h = {{"ID", "IMAGE ID"},
                                                       {"Repository", "REPOSITORY"},
                                                       {"Tag", "TAG"},
                                                       {"Digest", "DIGEST"},
                                                       {"CreatedSince", "CREATED"},
                                                       {"CreatedAt", "CREATED AT"},
                                                       {"Size", "SIZE"},
                                                       {"VirtualSize", "VIRTUAL SIZE"},
                                                       {"SharedSize", "SHARED SIZE"},
                                                       {"UniqueSize", "UNIQUE SIZE"},
                                                       {"Containers", "CONTAINERS"}};
  return h;
}

struct Row {
  nlohmann::json fields;
  time_t created = 0;
};

// "name:tag" -> {"name", "tag"}; the colon is the last one after the last slash.
std::pair<std::string, std::string> split_tag(const std::string& tag) {
  auto colon = tag.rfind(':');
  auto slash = tag.rfind('/');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash))
    return {tag, "<none>"};
  return {tag.substr(0, colon), tag.substr(colon + 1)};
}

std::vector<Row> rows(const image::Store& store, const ImagesOptions& o) {
  std::vector<Row> out;
  Filters filters(o.filters, o.repository, store);
  for (const auto& img : store.list()) {
    if (!filters.image_matches(img)) continue;
    auto created = parse_rfc3339(img.created);
    std::vector<std::string> tags = img.repo_tags;
    if (tags.empty()) tags.push_back("<none>:<none>");
    for (const auto& t : tags) {
      auto [repo, tag] = split_tag(t);
      if (!filters.tag_matches(repo, tag)) continue;
      std::string size = human_size(img.size);
      Row r;
      r.created = created.value_or(0);
      r.fields = {{"ID", o.no_trunc ? "sha256:" + img.id : img.id.substr(0, 12)},
                  {"Repository", repo},
                  {"Tag", tag},
                  {"Digest", "<none>"},
                  {"CreatedSince", time_ago(created)},
                  {"CreatedAt", created ? go_time_string(*created) : ""},
                  {"Size", size},
                  {"VirtualSize", human_size(img.size, 4)},
                  {"SharedSize", "N/A"},
                  {"UniqueSize", "N/A"},
                  {"Containers", "N/A"}};
      out.push_back(std::move(r));
    }
  }
  // Newest first, as docker lists them; then by name for a stable order.
  std::stable_sort(out.begin(), out.end(), [](const Row& a, const Row& b) {
    if (a.created != b.created) return a.created > b.created;
    return std::tie(a.fields["Repository"], a.fields["Tag"]) <
           std::tie(b.fields["Repository"], b.fields["Tag"]);
  });
  return out;
}

int run(const Globals& g, const ImagesOptions& o) {
  image::Store store(g.root);
  auto list = rows(store, o);
  if (o.quiet) {
    std::set<std::string> seen;
    for (const auto& r : list) {
      std::string id = r.fields["ID"];
      if (seen.insert(id).second) print_line(id);
    }
    return 0;
  }
  std::string format = o.format.empty() || o.format == "table"
                           ? std::string(o.digests ? kDigestsTable : kDefaultTable)
                           : o.format;
  if (is_table_format(format)) {
    std::vector<nlohmann::json> fields;
    for (const auto& r : list) fields.push_back(r.fields);
    fmt::print("{}", render_table(format, fields, headers()));
  } else {
    for (const auto& r : list) print_line(render_template(format, r.fields, FieldLookup::kStrict));
  }
  return 0;
}

}  // namespace

CLI::App* add_images_command(CLI::App& parent, const std::string& name, Globals& g,
                             Action& action) {
  auto o = std::make_shared<ImagesOptions>();
  CLI::App* cmd = parent.add_subcommand(name, "List images");
  cmd->add_option("repository", o->repository, "REPOSITORY[:TAG] to list");
  cmd->add_flag("-a,--all", o->all, "Show all images (berth keeps no intermediate images)");
  cmd->add_flag("-q,--quiet", o->quiet, "Only show image IDs");
  cmd->add_flag("--no-trunc", o->no_trunc, "Don't truncate output");
  cmd->add_flag("--digests", o->digests, "Show digests");
  cmd->add_option("--format", o->format, "Format output using a Go template, or \"table\"");
  add_filter_flag(*cmd, o->filters, "Filter output: dangling=true|false, reference=PATTERN, label=KEY[=VALUE], before=IMAGE, since=IMAGE");
  cmd->callback([&g, &action, o] { action = [&g, o] { return run(g, *o); }; });
  return cmd;
}

}  // namespace berth::cli

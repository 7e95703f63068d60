// Pairing an image config's history entries with its layers, newest first.
#include "image/image_history.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "image/image_config.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

// A string field of a history entry; anything else (missing, null, another type) is empty, as
// Go's decoder leaves a field it cannot fill.
std::string text_of(const json& entry, const char* field) {
  auto it = entry.find(field);
  return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_empty_layer(const json& entry) {
  auto it = entry.find("empty_layer");
  return it != entry.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

std::vector<HistoryRow> image_history(const json& config, std::string_view image_id,
                                      const LayerSize& layer_size) {
  std::vector<std::string> diff_ids = parse_diff_ids(config);
  std::vector<HistoryRow> rows;
  auto history = config.find("history");
  if (history == config.end() || !history->is_array()) return rows;
  size_t layer = 0;
  for (const json& entry : *history) {
    if (!entry.is_object()) continue;
    HistoryRow row{std::string(kMissingImageId), text_of(entry, "created"),
                   text_of(entry, "created_by"), text_of(entry, "comment"), 0};
    if (!is_empty_layer(entry)) {
      if (layer >= diff_ids.size())
        throw Error("too many non-empty layers in History section", ExitCode::kEngine);
      row.size = layer_size(diff_ids[layer++]);
    }
    rows.push_back(std::move(row));
  }
  std::reverse(rows.begin(), rows.end());
  if (!rows.empty()) rows.front().id = "sha256:" + std::string(image_id);
  return rows;
}

}  // namespace berth::image

// An image's history as docker lists it: one row per entry of the config's "history" array,
// newest first, each with the size of the layer it made.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace berth::image {

inline constexpr std::string_view kMissingImageId = "<missing>";

struct HistoryRow {
  // "sha256:<hex>" for the newest row; "<missing>" for the others, as docker shows the steps of
  // an image whose intermediate images it does not hold (berth keeps none).
  std::string id;
  std::string created;  // RFC 3339 as the config has it; empty when the entry has none
  std::string created_by;
  std::string comment;
  uint64_t size = 0;  // bytes of the layer the step made; 0 for an empty_layer step
};

// The size of a stored layer by diff id ("sha256:<hex>").
using LayerSize = std::function<uint64_t(const std::string& diff_id)>;

// The rows for the image `image_id` (64 hex) with config `config`: each entry not marked
// empty_layer takes the next of rootfs.diff_ids, lowest first. More such entries than layers is
// dockerd's error (exit 125): "too many non-empty layers in History section".
std::vector<HistoryRow> image_history(const nlohmann::json& config, std::string_view image_id,
                                      const LayerSize& layer_size);

}  // namespace berth::image

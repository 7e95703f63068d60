// An image config's history as docker's rows: newest first, the image id on the top row only,
// each step's layer size, 0 for empty_layer steps, and dockerd's error for too few layers.
#include "image/image_history.hpp"

#include <gtest/gtest.h>

#include <map>

#include "base/error.hpp"

namespace berth::image {
namespace {

using nlohmann::json;

const std::string kId(64, 'a');
const std::string kLower = "sha256:" + std::string(64, '1');
const std::string kUpper = "sha256:" + std::string(64, '2');

LayerSize sizes() {
  return [](const std::string& diff_id) -> uint64_t {
    static const std::map<std::string, uint64_t> kSizes = {{kLower, 1982256}, {kUpper, 12}};
    return kSizes.at(diff_id);
  };
}

json config_with(json history) {
  return {{"rootfs", {{"type", "layers"}, {"diff_ids", {kLower, kUpper}}}},
          {"history", std::move(history)}};
}

TEST(ImageHistory, NewestFirstWithEachStepsLayer) {
  json history = json::array({
      {{"created", "2024-01-01T00:00:00Z"}, {"comment", "Imported from -"}},
      {{"created", "2024-01-02T00:00:00Z"}, {"created_by", "ENV A=1"}, {"empty_layer", true}},
      {{"created", "2024-01-03T00:00:00Z"}, {"created_by", "RUN touch /x"}},
      {{"created", "2024-01-04T00:00:00Z"}, {"created_by", "CMD [\"sh\"]"}, {"empty_layer", true}},
  });
  auto rows = image_history(config_with(history), kId, sizes());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].id, "sha256:" + kId);
  EXPECT_EQ(rows[0].created_by, "CMD [\"sh\"]");
  EXPECT_EQ(rows[0].size, 0u);
  EXPECT_EQ(rows[1].id, "<missing>");
  EXPECT_EQ(rows[1].created_by, "RUN touch /x");
  EXPECT_EQ(rows[1].size, 12u);
  EXPECT_EQ(rows[2].size, 0u);
  EXPECT_EQ(rows[3].created, "2024-01-01T00:00:00Z");
  EXPECT_EQ(rows[3].comment, "Imported from -");
  EXPECT_EQ(rows[3].size, 1982256u);
  EXPECT_EQ(rows[3].created_by, "");
}

TEST(ImageHistory, NoHistoryNoRows) {
  json config = config_with(json::array());
  EXPECT_TRUE(image_history(config, kId, sizes()).empty());
  config.erase("history");
  EXPECT_TRUE(image_history(config, kId, sizes()).empty());
}

TEST(ImageHistory, FieldsOfAnotherTypeAreEmpty) {
  auto rows = image_history(config_with(json::array({{{"created", 5}, {"created_by", nullptr}}})),
                            kId, sizes());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].created, "");
  EXPECT_EQ(rows[0].created_by, "");
}

TEST(ImageHistory, MoreLayerStepsThanLayersIsDockerdsError) {
  json history = json::array({json::object(), json::object(), json::object()});
  try {
    image_history(config_with(history), kId, sizes());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "too many non-empty layers in History section");
  }
}

}  // namespace
}  // namespace berth::image

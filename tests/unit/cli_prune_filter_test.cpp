// prune --filter: until, label and label!= as dockerd reads them.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "cli/berth/prune_filter.hpp"

namespace berth::cli {
namespace {

const std::set<std::string> kContainerKeys = {"until", "label", "label!"};

TEST(PruneFilter, UntilKeepsWhatIsNewer) {
  PruneFilter f({"until=2026-01-01T00:00:00Z"}, kContainerKeys);
  EXPECT_TRUE(f.matches("2025-12-31T23:59:59.123456789Z", {}));
  EXPECT_FALSE(f.matches("2026-01-01T00:00:01.000000000Z", {}));
  PruneFilter ago({"until=1h"}, kContainerKeys);
  EXPECT_TRUE(ago.matches("2000-01-01T00:00:00Z", {}));
  EXPECT_FALSE(ago.matches("2999-01-01T00:00:00Z", {}));
}

TEST(PruneFilter, LabelsMustBePresentAndAbsent) {
  PruneFilter f({"label=team", "label!=keep=yes"}, kContainerKeys);
  EXPECT_TRUE(f.matches("", {{"team", "a"}}));
  EXPECT_TRUE(f.matches("", {{"team", "a"}, {"keep", "no"}}));
  EXPECT_FALSE(f.matches("", {{"team", "a"}, {"keep", "yes"}}));
  EXPECT_FALSE(f.matches("", {{"keep", "no"}}));
  EXPECT_TRUE(PruneFilter({}, kContainerKeys).matches("", {}));
}

TEST(PruneFilter, DockerdsErrors) {
  auto error_of = [](std::vector<std::string> specs, std::set<std::string> keys) {
    try {
      PruneFilter f(specs, keys);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error_of({"bogus=1"}, kContainerKeys), "Invalid filter 'bogus'");
  EXPECT_EQ(error_of({"bogus!=1"}, kContainerKeys), "Invalid filter 'bogus'");
  EXPECT_EQ(error_of({"until=soon"}, kContainerKeys), "failed to parse value as time or duration: \"soon\"");
  EXPECT_EQ(error_of({"until=1h"}, {"label", "label!"}), "Invalid filter 'until'");  // volume prune has none
}

}  // namespace
}  // namespace berth::cli

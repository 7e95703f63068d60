// Inputs the spec fuzzer (tests/fuzz/spec_fuzz.cpp) once crashed on: each must be refused cleanly.
#include <gtest/gtest.h>

#include "spec_test_util.hpp"

namespace berth::oci {
namespace {

using testing::text_error;

// nlohmann reports a number past double's range as out_of_range, not parse_error: it escaped
// parse_spec as a foreign exception and terminated the runtime.
TEST(SpecFuzzRegression, NumberOverflowingDouble) {
  EXPECT_EQ(text_error(R"({"hostname":1e999 "berth"})"),
            "config.json: invalid JSON: number overflow parsing '1e999'");
  EXPECT_EQ(text_error(R"({"ociVersion": "1.0.0", "root": {"path": "r"}, "x": -1e400})"),
            "config.json: invalid JSON: number overflow parsing '-1e400'");
}

}  // namespace
}  // namespace berth::oci

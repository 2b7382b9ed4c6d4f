#include <gtest/gtest.h>

#include <cmath>

#include "detail/js_semantics.h"
#include "detail/text_fold.h"
#include "detail/version_order.h"

namespace nudgekit::detail {
namespace {

std::string js(double d) {
  std::string out;
  js_number_to_string(d, out);
  return out;
}

TEST(JsSemantics, NumberToStringMatchesJavaScript) {
  // Expected values are what node prints for String(x).
  EXPECT_EQ(js(0), "0");
  EXPECT_EQ(js(-0.0), "0");
  EXPECT_EQ(js(41302), "41302");
  EXPECT_EQ(js(0.1), "0.1");
  EXPECT_EQ(js(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(js(1e21), "1e+21");
  EXPECT_EQ(js(123456789012345680000.0), "123456789012345680000");
  EXPECT_EQ(js(1e-7), "1e-7");
  EXPECT_EQ(js(0.000001), "0.000001");
  EXPECT_EQ(js(-1.5), "-1.5");
  EXPECT_EQ(js(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(js(5e-324), "5e-324");
  EXPECT_EQ(js(NAN), "NaN");
  EXPECT_EQ(js(-INFINITY), "-Infinity");
}

TEST(JsSemantics, ToNumberFollowsStringToNumber) {
  const auto n = [](const char* text) {
    const Json v = text;
    return js_to_number(&v);
  };
  EXPECT_EQ(n(" 8 "), 8);
  EXPECT_EQ(n(""), 0);
  EXPECT_EQ(n("0x1f"), 31);
  EXPECT_EQ(n("-1e3"), -1000);
  EXPECT_EQ(n(".5"), 0.5);
  EXPECT_TRUE(std::isinf(n("-Infinity")));
  EXPECT_TRUE(std::isnan(n("inf")));
  EXPECT_TRUE(std::isnan(n("0x1p3")));
  EXPECT_TRUE(std::isnan(n("12px")));
  const Json array = Json::array({5});
  EXPECT_EQ(js_to_number(&array), 5);
  EXPECT_EQ(js_to_number(nullptr), 0);
}

TEST(JsSemantics, ToStringOfArraysJoins) {
  std::string out;
  const Json v = Json::parse(R"([1, "a", null, [2, 3], {"x": 1}])");
  js_to_string(&v, out);
  EXPECT_EQ(out, "1,a,,2,3,[object Object]");
}

TEST(VersionOrder, PadsLikeGrowthBook) {
  EXPECT_EQ(pad_version("1.2.3"), "    1-    2-    3-~");
  EXPECT_EQ(pad_version("v1.2.3+build.7"), "    1-    2-    3-~");
  EXPECT_EQ(pad_version("1.0.0-rc.1"), "    1-    0-    0-rc-    1");
  EXPECT_EQ(pad_version(""), "    0");
  EXPECT_LT(pad_version("1.0.0-rc.1"), pad_version("1.0.0"));
  EXPECT_LT(pad_version("4.9.10"), pad_version("4.13.2"));
  char small[4];
  EXPECT_EQ(pad_version("1.2.3", small, sizeof small), sizeof small + 1);
}

TEST(TextFold, FoldsScriptsWithCase) {
  EXPECT_EQ(fold_case("IN-UP"), "in-up");
  EXPECT_EQ(fold_case("ÀÉÎ"), "àéî");
  EXPECT_EQ(fold_case("ΑΘΗΝΑ"), "αθηνα");
  EXPECT_EQ(fold_case("КИЇВ"), "київ");
  EXPECT_EQ(fold_case("हिन्दी"), "हिन्दी");
  EXPECT_TRUE(equals_folded("Київ", "київ"));
  EXPECT_FALSE(equals_folded("Київ", "київа"));
  EXPECT_FALSE(equals_folded("\xFF", "x"));
}

}  // namespace
}  // namespace nudgekit::detail

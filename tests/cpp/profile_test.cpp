#include <gtest/gtest.h>

#include "nudgekit/profile.h"

namespace nudgekit {
namespace {

Json set(Profile& profile, const char* patch, bool replace = false) {
  Error error;
  EXPECT_TRUE(profile.set(Json::parse(patch), replace, Limits{}, error)) << error.message;
  return profile.properties();
}

TEST(Profile, DotPathsAndNestedObjectsSetTheSameProperty) {
  Profile a;
  Profile b;
  EXPECT_EQ(set(a, R"({"geo.country": "IN"})"), set(b, R"({"geo": {"country": "IN"}})"));
}

TEST(Profile, ObjectsMergeKeyByKey) {
  Profile p;
  set(p, R"({"geo": {"country": "IN"}})");
  EXPECT_EQ(set(p, R"({"geo": {"region": "IN-UP"}})"), Json::parse(R"({"geo": {"country": "IN", "region": "IN-UP"}})"));
}

TEST(Profile, ArraysAndScalarsReplace) {
  Profile p;
  set(p, R"({"tags": ["a", "b"], "n": 1})");
  EXPECT_EQ(set(p, R"({"tags": ["c"], "n": "x"})"), Json::parse(R"({"tags": ["c"], "n": "x"})"));
}

TEST(Profile, AScalarInTheWayOfADotPathIsReplacedByAnObject) {
  Profile p;
  set(p, R"({"geo": "IN"})");
  EXPECT_EQ(set(p, R"({"geo.country": "IN"})"), Json::parse(R"({"geo": {"country": "IN"}})"));
}

TEST(Profile, NullIsStored) {
  Profile p;
  EXPECT_EQ(set(p, R"({"a": null})"), Json::parse(R"({"a": null})"));
}

TEST(Profile, ReplaceDropsEverythingElse) {
  Profile p;
  set(p, R"({"a": 1, "b": {"c": 2}})");
  EXPECT_EQ(set(p, R"({"b.d": 3})", true), Json::parse(R"({"b": {"d": 3}})"));
}

TEST(Profile, UnsetRemovesPathsAndIgnoresAbsentOnes) {
  Profile p;
  set(p, R"({"geo": {"country": "IN", "region": "IN-UP"}, "a": 1})");
  Error error;
  ASSERT_TRUE(p.unset(Json::parse(R"(["geo.region", "a", "missing.path", "a.b"])"), error));
  EXPECT_EQ(p.properties(), Json::parse(R"({"geo": {"country": "IN"}})"));
}

TEST(Profile, InvalidInputLeavesThePropertiesUntouched) {
  Profile p;
  set(p, R"({"keep": true})");
  const Json before = p.properties();
  struct Bad {
    const char* patch;
    const char* code;
    const char* pointer;
  };
  for (const Bad& bad : {Bad{R"([1])", "properties.not_object", ""},
                         Bad{R"({"ok": 1, "a..b": 1})", "properties.invalid_path", "/a..b"},
                         Bad{R"({"x": {".lead": 1}})", "properties.invalid_path", "/x/.lead"},
                         Bad{R"({"": 1})", "properties.invalid_path", "/"}}) {
    Error error;
    EXPECT_FALSE(p.set(Json::parse(bad.patch), false, Limits{}, error)) << bad.patch;
    EXPECT_EQ(error.code, bad.code) << bad.patch;
    EXPECT_EQ(error.pointer, bad.pointer) << bad.patch;
    EXPECT_EQ(p.properties(), before);
  }
}

TEST(Profile, TenMegabyteStringIsRefusedWithItsPointer) {
  Profile p;
  Json patch = {{"bio", {{"text", std::string(10u << 20, 'x')}}}};
  Error error;
  EXPECT_FALSE(p.set(std::move(patch), false, Limits{}, error));
  EXPECT_EQ(error.code, "properties.string_too_long");
  EXPECT_EQ(error.pointer, "/bio/text");
}

}  // namespace
}  // namespace nudgekit

namespace nudgekit {
namespace {

TEST(Profile, ReplaceWithKeepsTheOldPropertiesForReuseAndRefusesBadInput) {
  Profile p;
  Json first = Json::parse(R"({"a": 1, "b": {"c": 2}})");
  Error error;
  ASSERT_TRUE(p.replace_with(first, Limits{}, error));
  EXPECT_EQ(p.properties(), Json::parse(R"({"a": 1, "b": {"c": 2}})"));
  EXPECT_EQ(first, Json::object());  // the previous (empty) properties, handed back for reuse
  Json dotted = Json::parse(R"({"geo.country": "IN"})");
  ASSERT_TRUE(p.replace_with(dotted, Limits{}, error));
  EXPECT_EQ(p.properties(), Json::parse(R"({"geo": {"country": "IN"}})"));
  Json bad = Json::parse(R"({"ok": 1, "a..b": 2})");
  EXPECT_FALSE(p.replace_with(bad, Limits{}, error));
  EXPECT_EQ(error.pointer, "/a..b");
  EXPECT_EQ(p.properties(), Json::parse(R"({"geo": {"country": "IN"}})"));
}

}  // namespace
}  // namespace nudgekit

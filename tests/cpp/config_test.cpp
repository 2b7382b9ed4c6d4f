#include <gtest/gtest.h>

#include "nudgekit/engine.h"

namespace nudgekit {
namespace {

LoadResult validate(const char* text) { return Engine::validate_config(text); }

bool has_error(const LoadResult& r, const std::string& code, const std::string& pointer) {
  for (const Error& e : r.errors) {
    if (e.code == code && e.pointer == pointer) return true;
  }
  return false;
}

TEST(Config, AValidConfigLoads) {
  const auto r = validate(R"({"version": 1, "segments": {"vip": {"ltv": {"$gt": 1000}}}})");
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.errors.empty());
}

TEST(Config, EveryErrorIsReportedWithItsPointer) {
  const auto r = validate(R"({
    "version": 2,
    "segmnts": {},
    "dialect": "mongo",
    "segments": {
      "vip": {"$and": [{"ltv": {"$gt": 1000}}, {"age": {"$between": [1, 2]}}]},
      "9lives": {"x": 1},
      "emails": {"email": {"$regex": "(["}}
    }
  })");
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(has_error(r, "config.unsupported_version", "/version"));
  EXPECT_TRUE(has_error(r, "config.unknown_key", "/segmnts"));
  EXPECT_TRUE(has_error(r, "config.invalid_value", "/dialect"));
  EXPECT_TRUE(has_error(r, "condition.unknown_operator", "/segments/vip/$and/1/age/$between"));
  EXPECT_TRUE(has_error(r, "config.invalid_segment_name", "/segments/9lives"));
  EXPECT_TRUE(has_error(r, "condition.invalid_regex", "/segments/emails/email/$regex"));
}

TEST(Config, UnknownOperatorSuggestsTheClosestOne) {
  const auto r = validate(R"({"version": 1, "segments": {"s": {"a": {"$regx": "x"}}}})");
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors[0].message.find("did you mean \"$regex\""), std::string::npos) << r.errors[0].message;
}

TEST(Config, MissingVersionAndWrongTypes) {
  EXPECT_TRUE(has_error(validate(R"({"segments": {}})"), "config.missing_key", "/version"));
  EXPECT_TRUE(has_error(validate(R"([])"), "config.not_object", ""));
  EXPECT_TRUE(has_error(validate(R"({"version": 1, "segments": []})"), "config.invalid_type", "/segments"));
  EXPECT_TRUE(has_error(validate(R"({"version": 1, "savedGroups": {"g": 1}})"), "config.invalid_type", "/savedGroups/g"));
}

TEST(Config, TooManySegments) {
  Json doc = {{"version", 1}, {"segments", Json::object()}};
  for (int i = 0; i < 2001; ++i) doc["segments"]["s" + std::to_string(i)] = Json::object();
  EXPECT_TRUE(has_error(validate(doc.dump().c_str()), "config.too_many_segments", "/segments"));
}

TEST(Config, TenThousandLevelsOfNestingIsAnErrorNotACrash) {
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += R"({"$and":[)";
  deep += "{}";
  for (int i = 0; i < 10000; ++i) deep += "]}";
  const std::string doc = R"({"version": 1, "segments": {"s": )" + deep + "}}";
  const auto r = Engine::validate_config(doc);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.errors.at(0).code, "json.too_deep");
}

TEST(Config, DeepButParseableConditionHitsTheConditionLimit) {
  std::string deep;
  for (int i = 0; i < 30; ++i) deep += R"({"$and":[)";
  deep += "{}";
  for (int i = 0; i < 30; ++i) deep += "]}";
  Limits limits;
  limits.max_condition_depth = 10;
  const auto r = Engine::validate_config(R"({"version": 1, "segments": {"s": )" + deep + "}}", limits);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.errors.at(0).code, "condition.too_deep");
}

TEST(Config, LongStringLiteralIsRejected) {
  const std::string doc = R"({"version": 1, "segments": {"s": {"a": ")" + std::string(70000, 'x') + R"("}}})";
  const auto r = Engine::validate_config(doc);
  EXPECT_TRUE(has_error(r, "condition.string_too_long", "/segments/s/a"));
}

TEST(Config, RegexTooLongIsRejected) {
  const std::string doc = R"({"version": 1, "segments": {"s": {"a": {"$regex": ")" + std::string(3000, 'x') + R"("}}}})";
  EXPECT_TRUE(has_error(Engine::validate_config(doc), "condition.regex_too_large", "/segments/s/a/$regex"));
}

}  // namespace
}  // namespace nudgekit

#include <gtest/gtest.h>

#include "nudgekit/engine.h"

namespace nudgekit {
namespace {

const char* kConfig = R"({
  "version": 1,
  "segments": {
    "hindi_belt_new": {"$and": [{"geo.country": "IN"}, {"geo.region": {"$in": ["IN-UP", "IN-BR", "IN-MP"]}},
                                {"profile.signup_days": {"$lte": 7}}]},
    "south_india": {"geo.region": {"$in": ["IN-TN", "IN-KL", "IN-KA", "IN-AP", "IN-TG"]}},
    "kyc_stalled_selfie": {"profile.kyc_status": "selfie_done"},
    "everyone": {}
  }
})";

std::vector<std::string> segment_names(Engine& engine) {
  std::vector<std::string> out;
  for (auto i : engine.evaluate_segments()) out.push_back(engine.segment_names()[i]);
  return out;
}

void set(Engine& engine, const char* json, bool replace = false) {
  Error error;
  ASSERT_TRUE(engine.set_properties(json, replace, error)) << error.message;
}

TEST(Engine, SegmentsFollowTheProfile) {
  Engine engine;
  ASSERT_TRUE(engine.load_config(kConfig).ok);
  set(engine, R"({"geo.country": "IN", "geo.region": "IN-UP", "profile.signup_days": 3})");
  EXPECT_EQ(segment_names(engine), (std::vector<std::string>{"everyone", "hindi_belt_new"}));
  set(engine, R"({"geo.region": "IN-TN", "profile": {"kyc_status": "selfie_done"}})");
  EXPECT_EQ(segment_names(engine), (std::vector<std::string>{"everyone", "kyc_stalled_selfie", "south_india"}));
}

TEST(Engine, WithoutAConfigThereAreNoSegments) {
  Engine engine;
  set(engine, R"({"a": 1})");
  EXPECT_TRUE(engine.evaluate_segments().empty());
}

TEST(Engine, ABadConfigKeepsTheLastGoodOne) {
  Engine engine;
  ASSERT_TRUE(engine.load_config(kConfig).ok);
  set(engine, R"({"geo.region": "IN-KL"})");
  const auto before = segment_names(engine);
  for (const char* bad : {"{", R"({"version": 1, "segments": {"x": {"a": {"$nope": 1}}}})", "[]", "",
                          "{\"version\": 1, \"segments\": {\"s\": {\"a\": \"\xFF\"}}}"}) {
    const auto r = engine.load_config(bad);
    EXPECT_FALSE(r.ok) << bad;
    EXPECT_FALSE(r.errors.empty());
    EXPECT_EQ(segment_names(engine), before) << bad;
  }
}

TEST(Engine, BadPropertiesKeepTheProfile) {
  Engine engine;
  ASSERT_TRUE(engine.load_config(kConfig).ok);
  set(engine, R"({"geo.region": "IN-KL"})");
  Error error;
  EXPECT_FALSE(engine.set_properties("{\"geo.region\": ", false, error));
  EXPECT_EQ(error.code, "json.parse");
  EXPECT_FALSE(engine.set_properties(std::string(10000, '[') , false, error));
  EXPECT_EQ(error.code, "json.too_deep");
  EXPECT_FALSE(engine.set_properties("{\"a\": \"" + std::string(2u << 20, 'x') + "\"}", false, error));
  EXPECT_EQ(error.code, "properties.too_large");
  EXPECT_EQ(engine.properties_json(), R"({"geo":{"region":"IN-KL"}})");
  EXPECT_EQ(segment_names(engine), (std::vector<std::string>{"everyone", "south_india"}));
}

TEST(Engine, AdHocConditionsUseTheProfile) {
  Engine engine;
  set(engine, R"({"app": {"version": "4.13.2"}})");
  auto r = engine.evaluate(R"({"app.version": {"$vlt": "4.14.0"}})");
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.value);
  r = engine.evaluate(R"({"app.version": {"$vlt": 4}})");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.errors.at(0).pointer, "/app.version/$vlt");
}

TEST(Engine, DialectCanBeChosenPerEvaluation) {
  Engine engine;
  set(engine, R"({"n": "8"})");
  const Dialect gb = Dialect::GrowthBook;
  EXPECT_FALSE(engine.evaluate(R"({"n": {"$gt": 5}})").value);
  EXPECT_TRUE(engine.evaluate(R"({"n": {"$gt": 5}})", &gb).value);
}

TEST(Engine, RepeatedEvaluationGivesTheSameAnswer) {
  Engine engine;
  ASSERT_TRUE(engine.load_config(kConfig).ok);
  set(engine, R"({"geo.country": "IN", "geo.region": "IN-BR", "profile.signup_days": 1})");
  const auto first = segment_names(engine);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(segment_names(engine), first);
}

}  // namespace
}  // namespace nudgekit

namespace nudgekit {
namespace {

// Segments share identical attribute tests, evaluated once per pass; a pass must never see a result
// from another pass or another profile. Each segment's answer must equal its condition evaluated alone.
TEST(Engine, SharedTestsAgreeWithEvaluatingEachSegmentAlone) {
  const Json segments = Json::parse(R"({
    "a": {"geo.country": "IN", "age": {"$gte": 18}},
    "b": {"$or": [{"geo.country": "IN"}, {"tags": {"$in": ["vip"]}}]},
    "c": {"$not": {"geo.country": "IN"}},
    "d": {"age": {"$gte": 18}, "tags": {"$in": ["vip"]}},
    "e": {"$nor": [{"age": {"$gte": 18}}, {"email": {"$regex": "@gmail[.]com$"}}]},
    "f": {"email": {"$regex": "@gmail[.]com$"}, "geo.country": {"$ne": "IN"}}
  })");
  Engine engine;
  ASSERT_TRUE(engine.load_config(Json{{"version", 1}, {"segments", segments}}.dump()).ok);
  const char* profiles[] = {
      R"({"geo": {"country": "IN"}, "age": 30, "tags": ["vip"], "email": "a@gmail.com"})",
      R"({"geo": {"country": "BD"}, "age": 12, "tags": [], "email": "b@yahoo.com"})",
      R"({"geo": {"country": "IN"}, "age": 12, "email": "c@gmail.com"})",
      R"({"age": 40, "tags": ["vip", "x"]})",
  };
  for (int round = 0; round < 3; ++round) {
    for (const char* profile : profiles) {
      Error error;
      ASSERT_TRUE(engine.set_properties(profile, true, error));
      std::vector<std::string> expected;
      for (const auto& item : segments.items()) {
        if (engine.evaluate(item.value().dump()).value) expected.push_back(item.key());
      }
      ASSERT_EQ(segment_names(engine), expected) << profile;
      ASSERT_EQ(segment_names(engine), expected) << profile << " (second pass)";
    }
  }
}

}  // namespace
}  // namespace nudgekit

namespace nudgekit {
namespace {

TEST(Engine, ReplacingWithAFailedDocumentKeepsTheProfile) {
  Engine engine;
  ASSERT_TRUE(engine.load_config(kConfig).ok);
  set(engine, R"({"geo": {"region": "IN-KL"}, "profile": {"kyc_status": "selfie_done"}})", true);
  const std::string before = engine.properties_json();
  Error error;
  // Fails half-way through, after the scratch storage has been partly overwritten.
  EXPECT_FALSE(engine.set_properties(R"({"geo": {"region": "IN-UP"}, "profile": {"kyc_status": )", true, error));
  EXPECT_FALSE(engine.set_properties(R"({"geo": {"region": "IN-UP"}, "bad..key": 1})", true, error));
  EXPECT_EQ(engine.properties_json(), before);
  EXPECT_EQ(segment_names(engine), (std::vector<std::string>{"everyone", "kyc_stalled_selfie", "south_india"}));
  set(engine, R"({"geo": {"region": "IN-TN"}})", true);
  EXPECT_EQ(engine.properties_json(), R"({"geo":{"region":"IN-TN"}})");
}

}  // namespace
}  // namespace nudgekit

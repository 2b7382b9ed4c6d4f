// Load-time checks of the behavioural operators: every mistake a marketer can make is an error with
// the pointer of the value at fault, never a condition that silently means something else.
#include <gtest/gtest.h>

#include <string>

#include "nudgekit/engine.h"

namespace nudgekit {
namespace {

Errors load_errors(const std::string& segments) {
  Engine engine;
  return engine.load_config(R"({"version": 1, "segments": )" + segments + "}").errors;
}

void expect_error(const std::string& segments, const std::string& code, const std::string& pointer) {
  const Errors errors = load_errors(segments);
  ASSERT_FALSE(errors.empty()) << segments;
  bool found = false;
  for (const Error& e : errors) found = found || (e.code == code && e.pointer == pointer);
  EXPECT_TRUE(found) << segments << "\n  first: " << errors[0].code << " at " << errors[0].pointer << ": "
                     << errors[0].message;
}

TEST(BehaviourCompile, ValidOperatorsLoad) {
  EXPECT_TRUE(load_errors(R"({
    "a": {"$event": {"name": "ledger_entry_added", "within": "7d", "where": {"amount": {"$gt": 1000}}, "count": {"$gte": 3}}},
    "b": {"$event": {"name": "upi_payment", "sum": {"$gte": 5000, "$lt": 10000}}},
    "c": {"$event": {"name": "app_open", "within": "30d", "days": 4}},
    "d": {"$recency": {"name": "app_open", "olderThan": "15d", "newerThan": "60d"}},
    "e": {"$recency": {"name": "kyc_started", "never": true}},
    "f": {"$funnel": {"steps": ["kyc_started", "kyc_selfie", "kyc_done"], "stalledAfter": "kyc_selfie", "idleFor": "2h"}},
    "g": {"$funnel": {"steps": ["a", "b"], "within": "1w", "reached": 1}},
    "h": {"$streak": {"name": "ledger_entry_added", "days": {"$gte": 7}}},
    "i": {"$and": [{"$segment": "a"}, {"$not": {"$segment": "h"}}, {"geo.country": "IN"}]},
    "j": {"$score": {"lead.grade": "hot"}}
  })").empty());
}

TEST(BehaviourCompile, MistakesNameTheirPlace) {
  expect_error(R"({"s": {"$event": {"name": "x", "whitin": "7d"}}})", "condition.unknown_key", "/segments/s/$event/whitin");
  expect_error(R"({"s": {"$event": {"within": "7d"}}})", "condition.missing_key", "/segments/s/$event");
  expect_error(R"({"s": {"$event": {"name": "bad name"}}})", "condition.invalid_operand", "/segments/s/$event/name");
  expect_error(R"({"s": {"$event": {"name": "x", "within": "7 days"}}})", "condition.invalid_duration", "/segments/s/$event/within");
  expect_error(R"({"s": {"$event": {"name": "x", "count": 1, "sum": 2}}})", "condition.conflicting_keys", "/segments/s/$event/sum");
  expect_error(R"({"s": {"$event": {"name": "x", "count": "3"}}})", "condition.invalid_operand", "/segments/s/$event/count");
  expect_error(R"({"s": {"$event": {"name": "x", "count": {"$regex": "3"}}}})", "condition.invalid_operand", "/segments/s/$event/count");
  expect_error(R"({"s": {"$event": {"name": "x", "where": {"a": {"$nope": 1}}}}})", "condition.unknown_operator", "/segments/s/$event/where/a/$nope");
  expect_error(R"({"s": {"$event": "x"}})", "condition.invalid_operand", "/segments/s/$event");
  expect_error(R"({"s": {"$recency": {"name": "x"}}})", "condition.missing_key", "/segments/s/$recency");
  expect_error(R"({"s": {"$recency": {"name": "x", "never": true, "olderThan": "1d"}}})", "condition.conflicting_keys", "/segments/s/$recency/never");
  expect_error(R"({"s": {"$recency": {"name": "x", "of": "latest", "olderThan": "1d"}}})", "condition.invalid_operand", "/segments/s/$recency/of");
  expect_error(R"({"s": {"$funnel": {"steps": ["a"], "completed": true}}})", "condition.invalid_operand", "/segments/s/$funnel/steps");
  expect_error(R"({"s": {"$funnel": {"steps": ["a", "b"]}}})", "condition.missing_key", "/segments/s/$funnel");
  expect_error(R"({"s": {"$funnel": {"steps": ["a", "b"], "reached": 3}}})", "condition.invalid_operand", "/segments/s/$funnel/reached");
  expect_error(R"({"s": {"$funnel": {"steps": ["a", "b"], "stalledAfter": 2, "idleFor": "1h"}}})", "condition.invalid_operand", "/segments/s/$funnel/stalledAfter");
  expect_error(R"({"s": {"$funnel": {"steps": ["a", "b"], "stalledAfter": 1}}})", "condition.missing_key", "/segments/s/$funnel");
  expect_error(R"({"s": {"$funnel": {"steps": ["a", "b"], "stalledAfter": "c", "idleFor": "1h"}}})", "condition.invalid_operand", "/segments/s/$funnel/stalledAfter");
  expect_error(R"({"s": {"$funnel": {"steps": ["a", "b", "a"], "reached": "a"}}})", "condition.invalid_operand", "/segments/s/$funnel/reached");
  expect_error(R"({"s": {"$funnel": {"steps": ["a", "b"], "stalledAfter": "a", "for": "1h"}}})", "condition.unknown_key", "/segments/s/$funnel/for");
  expect_error(R"({"s": {"$streak": {"name": "x"}}})", "condition.missing_key", "/segments/s/$streak");
  expect_error(R"({"s": {"$segment": "nope"}})", "condition.unknown_segment", "/segments/s/$segment");
  expect_error(R"({"s": {"$segment": 3}})", "condition.invalid_operand", "/segments/s/$segment");
  expect_error(R"({"s": {"$score": {}}})", "condition.invalid_operand", "/segments/s/$score");
  expect_error(R"({"s": {"$event": {"name": "x", "where": {"$recency": {"name": "y", "never": true}}}}})",
               "condition.misplaced_behaviour", "/segments/s/$event/where/$recency");
  expect_error(R"({"s": {"$score": {"$segment": "s"}}})", "condition.misplaced_behaviour", "/segments/s/$score/$segment");
  expect_error(R"({"s": {"$evnt": {"name": "x"}}})", "condition.unknown_operator", "/segments/s/$evnt");
}

TEST(BehaviourCompile, SegmentCyclesAreRefusedNamingTheLoop) {
  const Errors errors = load_errors(R"({"a": {"$segment": "b"}, "b": {"$or": [{"$segment": "c"}]}, "c": {"$segment": "a"}, "d": {"$segment": "d"}})");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].code, "config.segment_cycle");
  EXPECT_NE(errors[0].message.find("a → b → c → a"), std::string::npos) << errors[0].message;
  EXPECT_EQ(errors[1].pointer, "/segments/d");
}

TEST(BehaviourCompile, LongSegmentChainsNeedNoDeepRecursion) {
  std::string segments = R"({"s0": {"geo.country": "IN"})";
  for (int i = 1; i < 2000; ++i) segments += ",\"s" + std::to_string(i) + "\": {\"$segment\": \"s" + std::to_string(i - 1) + "\"}";
  segments += "}";
  Engine engine;
  ASSERT_TRUE(engine.load_config(R"({"version": 1, "segments": )" + segments + "}").ok);
  Error error;
  ASSERT_TRUE(engine.set_properties(R"({"geo": {"country": "IN"}})", false, error));
  EXPECT_EQ(engine.evaluate_segments().size(), 2000u);  // every link of the chain sees the one before
}

TEST(BehaviourCompile, TheGrowthBookDialectReadsDollarKeysAsAttributes) {
  Engine engine;
  const auto result = engine.load_config(R"({"version": 1, "dialect": "growthbook", "segments": {"s": {"$event": {"name": "x"}}}})");
  EXPECT_TRUE(result.ok);
  EXPECT_TRUE(engine.evaluate_segments().empty());
}

}  // namespace
}  // namespace nudgekit

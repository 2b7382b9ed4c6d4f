// Scores from the stories: a customer whose RFM cell moves from champion to at-risk, a lead whose
// score decays below "hot" at an exact instant, caps, attribute rules and lifecycle stages that move
// both ways — all with a fake clock.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "nudgekit/engine.h"

namespace nudgekit {
namespace {

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr std::int32_t kIndia = 330;

const char* kConfig = R"({
  "version": 1,
  "events": {"sum": {"purchase": "amount"}},
  "scores": {
    "rfm": {"event": "purchase", "within": "365d", "recency": [7, 30, 90, 180], "frequency": [2, 4, 8, 16],
            "monetary": [500, 2000, 10000, 50000],
            "cells": [{"name": "champions", "when": {"r": {"$gte": 4}, "f": {"$gte": 4}, "m": {"$gte": 4}}},
                      {"name": "at_risk", "when": {"r": {"$lte": 2}, "f": {"$gte": 3}}}]},
    "lead": {"halfLife": "7d",
             "rules": [{"id": "demo", "event": "demo_booked", "points": 80},
                       {"id": "open", "event": "app_open", "where": {"source": "push"}, "points": 5, "maxPerDay": 10, "max": 25},
                       {"id": "verified", "when": {"profile.phone_verified": true}, "points": 15}],
             "grades": [{"name": "warm", "min": 25}, {"name": "hot", "min": 60}, {"name": "cold", "min": 0}]},
    "lifecycle": {"stages": [{"name": "educate", "when": {"$event": {"name": "app_open"}}},
                             {"name": "enable", "when": {"$event": {"name": "purchase"}}},
                             {"name": "expand", "when": {"$event": {"name": "purchase", "within": "30d", "count": {"$gte": 5}}}}]}
  },
  "segments": {"hot": {"$score": {"lead.grade": "hot"}}, "champion": {"$score": {"rfm.cell": "champions"}}}
})";

class Scores : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(engine.load_config(kConfig).ok); }
  void track(const char* name, const char* props, std::int64_t time) {
    Error error;
    ASSERT_TRUE(engine.track(name, Json::parse(props), time, {time, kIndia}, error)) << error.message;
  }
  const Json& scores() { return engine.scores(); }
  Engine engine;
};

TEST_F(Scores, RfmCellMovesFromChampionToAtRiskAsPurchasesStop) {
  // f: 7 purchases score 3 (≥ 4), the 8th scores 4 (≥ 8); m: 8 × 1,500 = 12,000 scores 4 (≥ 10,000).
  for (int i = 0; i < 7; ++i) track("purchase", R"({"amount": 1500})", kStart + i * kDay);
  EXPECT_EQ(scores()["rfm"], Json::parse(R"({"r": 5, "f": 3, "m": 4, "cell": null})"));
  track("purchase", R"({"amount": 1500})", kStart + 7 * kDay);
  EXPECT_EQ(scores()["rfm"], Json::parse(R"({"r": 5, "f": 4, "m": 4, "cell": "champions"})"));
  ASSERT_EQ(engine.changes().size(), 1u);
  EXPECT_EQ(engine.segment_names()[engine.changes()[0].segment], "champion");
  EXPECT_TRUE(engine.changes()[0].entered);
  EXPECT_EQ(engine.changes()[0].time_ms, kStart + 7 * kDay);
  // Days since the last purchase: 90 is still r = 3; 91 is r = 2, at risk.
  const std::int64_t last = kStart + 7 * kDay;
  engine.tick({last + 30 * kDay, kIndia});
  EXPECT_EQ(scores()["rfm"]["r"], 4);
  ASSERT_EQ(engine.changes().size(), 0u);
  engine.tick({last + 31 * kDay, kIndia});
  EXPECT_EQ(scores()["rfm"]["r"], 3);
  EXPECT_TRUE(scores()["rfm"]["cell"].is_null());
  ASSERT_EQ(engine.changes().size(), 1u);
  EXPECT_FALSE(engine.changes()[0].entered);
  EXPECT_EQ(engine.changes()[0].time_ms, last + 31 * kDay);
  engine.tick({last + 90 * kDay, kIndia});
  EXPECT_EQ(scores()["rfm"]["r"], 3);
  engine.tick({last + 91 * kDay, kIndia});
  EXPECT_EQ(scores()["rfm"], Json::parse(R"({"r": 2, "f": 4, "m": 4, "cell": "at_risk"})"));
}

TEST_F(Scores, LeadDecaysBelowHotAtTheExactHalfLifeInstant) {
  track("demo_booked", "{}", kStart);
  EXPECT_EQ(scores()["lead"], Json::parse(R"({"points": 80, "grade": "hot"})"));
  // Points are kept to 2 decimals and graded as shown: 80 · 2^(-t/7d) rounds below 60 once it is
  // under 59.995, i.e. t > 7d · log2(80 / 59.995) ≈ 2.906 days.
  const auto crossing = static_cast<std::int64_t>(std::ceil(7.0 * kDay * std::log2(80.0 / 59.995)));
  engine.tick({kStart + crossing - 60'000, kIndia});
  EXPECT_EQ(scores()["lead"]["grade"], "hot");
  engine.tick({kStart + crossing + 60'000, kIndia});
  EXPECT_EQ(scores()["lead"]["grade"], "warm");
  ASSERT_EQ(engine.changes().size(), 1u);
  EXPECT_FALSE(engine.changes()[0].entered);
  EXPECT_EQ(engine.changes()[0].time_ms, kStart + crossing + 60'000);
}

TEST_F(Scores, CapsLimitAwardsPerDayAndInTotalAndFiltersApply) {
  for (int i = 0; i < 4; ++i) track("app_open", R"({"source": "push"})", kStart + i * 1000);  // 5+5 today, capped
  track("app_open", R"({"source": "organic"})", kStart + 5000);                                // filtered out
  EXPECT_EQ(scores()["lead"]["points"], 10);
  for (int d = 1; d < 5; ++d) {
    for (int i = 0; i < 3; ++i) track("app_open", R"({"source": "push"})", kStart + d * kDay + i * 1000);
  }
  // 25 in total at most: 10 + 10 + 5, decayed by the days in between.
  const double expected = 10 * std::exp2(-4.0 / 7) + 10 * std::exp2(-3.0 / 7) + 5 * std::exp2(-2.0 / 7);
  EXPECT_NEAR(scores()["lead"]["points"].get<double>(), std::round(expected * 100) / 100, 0.006);
}

TEST_F(Scores, AttributeRulesCountWhileTheyHold) {
  Error error;
  ASSERT_TRUE(engine.set_properties(R"({"profile": {"phone_verified": true}})", false, error));
  engine.refresh({kStart, kIndia});
  EXPECT_EQ(scores()["lead"]["points"], 15);
  ASSERT_TRUE(engine.set_properties(R"({"profile": {"phone_verified": false}})", false, error));
  engine.refresh({kStart, kIndia});
  EXPECT_EQ(scores()["lead"]["points"], 0);
}

TEST_F(Scores, LifecycleStagesMoveForwardAndBackWithTheirTimes) {
  track("app_open", "{}", kStart);
  ASSERT_TRUE(engine.stage_change());
  EXPECT_EQ(engine.stage_change()->stage, "educate");
  for (int i = 0; i < 5; ++i) track("purchase", R"({"amount": 10})", kStart + (i + 1) * kDay);
  EXPECT_EQ(scores()["lifecycle"], Json::parse(R"({"stage": "expand", "since": )" + std::to_string(kStart + 5 * kDay) + "}"));
  engine.tick({kStart + 40 * kDay, kIndia});  // no purchase in 30 days: back to enable
  ASSERT_TRUE(engine.stage_change());
  EXPECT_EQ(engine.stage_change()->previous, "expand");
  EXPECT_EQ(scores()["lifecycle"]["stage"], "enable");
  EXPECT_EQ(scores()["lifecycle"]["since"], kStart + 40 * kDay);
}

TEST_F(Scores, SnapshotCarriesScoresExactly) {
  track("demo_booked", "{}", kStart);
  for (int i = 0; i < 3; ++i) track("app_open", R"({"source": "push"})", kStart + i);
  track("purchase", R"({"amount": 700})", kStart + kDay);
  Engine copy;
  ASSERT_TRUE(copy.load_config(kConfig).ok);
  Errors errors;
  ASSERT_TRUE(copy.restore(engine.snapshot(), errors));
  EXPECT_EQ(copy.scores(), engine.scores());
  // The counters came along too: the cap still holds after restoring.
  Error error;
  ASSERT_TRUE(copy.track("app_open", Json::parse(R"({"source": "push"})"), kStart + 10, {kStart + kDay, kIndia}, error));
  ASSERT_TRUE(engine.track("app_open", Json::parse(R"({"source": "push"})"), kStart + 10, {kStart + kDay, kIndia}, error));
  EXPECT_EQ(copy.scores(), engine.scores());
}

TEST_F(Scores, ANewConfigKeepsTheCapsOfRulesThatKeepTheirId) {
  track("app_open", R"({"source": "push"})", kStart);
  track("app_open", R"({"source": "push"})", kStart + 1);  // 10: today's cap
  // The same rules behind a new one: indices move, ids stay.
  std::string moved = kConfig;
  const std::string first_rule = R"([{"id": "demo")";
  moved.replace(moved.find(first_rule), first_rule.size(), R"([{"id": "signup", "event": "signup", "points": 1}, {"id": "demo")");
  ASSERT_TRUE(engine.load_config(moved).ok);
  track("app_open", R"({"source": "push"})", kStart + 2);
  EXPECT_EQ(scores()["lead"]["points"], 10);
  track("signup", "{}", kStart + 3);
  EXPECT_EQ(scores()["lead"]["points"], 11);
}

TEST_F(Scores, AConfigWithoutScoresShowsNone) {
  track("demo_booked", "{}", kStart);
  ASSERT_TRUE(engine.load_config(R"({"version": 1, "segments": {}})").ok);
  engine.tick({kStart + 1, kIndia});
  EXPECT_EQ(scores(), Json::parse(R"({"rfm": null, "lead": null, "lifecycle": null})"));
}

TEST(ScoresConfig, MistakesNameTheirPlace) {
  const auto errors_of = [](const std::string& scores) {
    Engine engine;
    return engine.load_config(R"({"version": 1, "scores": )" + scores + R"(, "segments": {}})").errors;
  };
  const auto first = [&](const std::string& scores) {
    const Errors errors = errors_of(scores);
    return errors.empty() ? std::string("(none)") : errors[0].code + " " + errors[0].pointer;
  };
  EXPECT_EQ(first(R"({"rfm": {"event": "purchase", "within": "365d", "recency": [7, 30, 20, 180], "frequency": [1, 2, 3, 4], "monetary": [1, 2, 3, 4]}})"),
            "config.invalid_value /scores/rfm/recency/2");
  EXPECT_EQ(first(R"({"rfm": {"event": "purchase", "within": "1y", "recency": [1, 2, 3, 4], "frequency": [1, 2, 3, 4], "monetary": [1, 2, 3, 4]}})"),
            "condition.invalid_duration /scores/rfm/within");
  EXPECT_EQ(first(R"({"lead": {"rules": [{"id": "a", "event": "x", "points": "5"}], "grades": [{"name": "hot", "min": 1}]}})"),
            "config.invalid_value /scores/lead/rules/0/points");
  EXPECT_EQ(first(R"({"lead": {"rules": [{"id": "a", "event": "x", "when": {}, "points": 1}], "grades": [{"name": "hot", "min": 1}]}})"),
            "config.missing_key /scores/lead/rules/0");
  EXPECT_EQ(first(R"({"lead": {"rules": [{"id": "a", "when": {"$score": {"lead.points": 1}}, "points": 1}], "grades": [{"name": "hot", "min": 1}]}})"),
            "condition.unsupported_operator /scores/lead/rules/0/when/$score");
  EXPECT_EQ(first(R"({"lifecycle": {"stages": [{"name": "a", "when": {"$segment": "b"}}]}})"),
            "condition.unsupported_operator /scores/lifecycle/stages/0/when/$segment");
  EXPECT_EQ(first(R"({"lifecycle": {"stages": [{"name": "a", "when": {}}, {"name": "a", "when": {}}]}})"),
            "config.invalid_value /scores/lifecycle/stages/1/name");
  EXPECT_EQ(first(R"({"leed": {}})"), "config.unknown_key /scores/leed");
}

}  // namespace
}  // namespace nudgekit

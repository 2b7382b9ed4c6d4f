// Incremental membership must equal a full evaluation: tick() re-evaluates what time alone changes,
// track() and setProperties what reads the event or the profile (and whoever reads those through
// $segment). Each step ticks to a new instant, checks, then acts at that same instant and checks
// again, so a missed dependency shows as a full pass that still finds changes.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "nudgekit/engine.h"

namespace nudgekit {
namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

// Readers named before and after what they read, so name order and evaluation order differ.
const char* kConfig = R"({
  "version": 1,
  "events": {"sum": {"pay": "amount"}},
  "scores": {"lead": {"halfLife": "1d", "rules": [{"id": "p", "event": "pay", "points": 10}],
                      "grades": [{"name": "hot", "min": 25}]}},
  "segments": {
    "a_reads_z": {"$and": [{"$segment": "z_payer"}, {"$segment": "m_opener"}]},
    "b_reads_a": {"$or": [{"$segment": "a_reads_z"}, {"profile.vip": true}]},
    "c_not_b": {"$not": {"$segment": "b_reads_a"}},
    "hot": {"$score": {"lead.grade": "hot"}},
    "m_opener": {"$event": {"name": "open", "within": "2h", "count": {"$gte": 2}}},
    "n_quiet": {"$recency": {"name": "open", "olderThan": "90m"}},
    "s_streak": {"$streak": {"name": "open", "days": {"$gte": 2}}},
    "y_funnel": {"$funnel": {"steps": ["open", "pay"], "within": "3h", "stalledAfter": "open", "idleFor": "30m"}},
    "z_payer": {"$event": {"name": "pay", "within": "3h", "sum": {"$gte": 100}}}
  }
})";

TEST(EngineIncremental, ChangesAlwaysAgreeWithAFullEvaluation) {
  Engine engine;
  ASSERT_TRUE(engine.load_config(kConfig).ok);
  std::mt19937 random(20260301);
  std::set<std::uint32_t> in;
  std::int64_t now = kStart;
  const auto apply_changes = [&] {
    for (const SegmentChange& change : engine.changes()) {
      if (change.entered) {
        EXPECT_TRUE(in.insert(change.segment).second);
      } else {
        EXPECT_EQ(in.erase(change.segment), 1u);
      }
    }
  };
  const auto check_against_full_pass = [&](int step, const char* after) {
    apply_changes();
    const std::vector<std::uint32_t>& full = engine.evaluate_segments();
    ASSERT_TRUE(engine.changes().empty()) << "step " << step << " after " << after << ": the full pass found "
                                          << engine.segment_names()[engine.changes()[0].segment] << " stale";
    ASSERT_EQ(std::set<std::uint32_t>(full.begin(), full.end()), in) << "step " << step;
  };
  int changed = 0;
  for (int step = 0; step < 3000; ++step) {
    now += static_cast<std::int64_t>(random() % 40) * kMinute;
    const Clock clock{now, 330};
    engine.tick(clock);
    changed += static_cast<int>(engine.changes().size());
    check_against_full_pass(step, "tick");
    Error error;
    switch (random() % 4) {
      case 0:
      case 1:
        ASSERT_TRUE(engine.track("open", Json::object(), now, clock, error)) << error.message;
        break;
      case 2:
        ASSERT_TRUE(engine.track("pay", Json{{"amount", static_cast<int>(random() % 80)}}, now, clock, error));
        break;
      default:
        ASSERT_TRUE(engine.set_properties(Json{{"profile", {{"vip", random() % 4 == 0}}}}.dump(), false, error));
        engine.refresh(clock);
    }
    changed += static_cast<int>(engine.changes().size());
    check_against_full_pass(step, "an action");
  }
  // The walk must have moved every segment in and out many times to prove anything.
  EXPECT_GT(changed, 1000);
}

}  // namespace
}  // namespace nudgekit

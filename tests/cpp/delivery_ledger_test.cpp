// The delivery ledger behind caps and the fatigue budget: counts per campaign and for the budget
// (the control group's "would have seen" counts against its campaign, not the budget), local days and
// weeks, pruning, deliveries recorded out of order, and the same answers after a snapshot round trip.
#include <gtest/gtest.h>

#include "nudgekit/nudge_state.h"
#include "nudgekit/snapshot_codec.h"

namespace nudgekit {
namespace {

constexpr std::int32_t kIndia = 330;
constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;
// 2026-05-04 00:00 in India.
constexpr std::int64_t kMonday = 1'777'833'000'000;

struct Counts {
  std::int64_t today, week, total;
  std::optional<std::int64_t> last;
  bool operator==(const Counts& o) const { return today == o.today && week == o.week && total == o.total && last == o.last; }
};

Counts counts(const NudgeState& state, const std::string& campaign, std::int64_t now) {
  return {state.delivered_today(campaign, now, kIndia), state.delivered_this_week(campaign, now, kIndia),
          campaign.empty() ? -1 : state.delivered_total(campaign), state.last_delivery(campaign)};
}

NudgeState round_trip(const NudgeState& state) {
  SnapshotWriter out;
  state.save(out);
  const std::string bytes = out.finish();
  SnapshotReader in;
  Error error;
  EXPECT_TRUE(SnapshotReader::open(bytes, in, error)) << error.message;
  NudgeState loaded;
  EXPECT_TRUE(loaded.load(in)) << in.error().message;
  return loaded;
}

TEST(DeliveryLedger, CountsPerCampaignAndForTheBudget) {
  NudgeState state;
  state.record_delivery("tip", kMonday - 2 * kDay + 10 * kHour, true);  // Saturday
  state.record_delivery("tip", kMonday + 9 * kHour, true);
  state.record_delivery("offer", kMonday + 11 * kHour, false);          // control: would have seen
  state.record_delivery("tip", kMonday + 10 * kHour, true);             // released late from quiet hours
  const std::int64_t now = kMonday + 12 * kHour;
  EXPECT_EQ(counts(state, "tip", now), (Counts{2, 3, 3, kMonday + 10 * kHour}));
  EXPECT_EQ(counts(state, "offer", now), (Counts{1, 1, 1, kMonday + 11 * kHour}));
  EXPECT_EQ(counts(state, "", now), (Counts{2, 3, -1, kMonday + 10 * kHour}));
  EXPECT_EQ(counts(state, "never", now), (Counts{0, 0, 0, std::nullopt}));
  // Nothing after `now` is counted today, as a clock that went back would otherwise see.
  EXPECT_EQ(state.delivered_today("tip", kMonday + 9 * kHour + 1, kIndia), 1);
}

TEST(DeliveryLedger, AWeekIsSevenLocalDaysAndPruningKeepsThem) {
  NudgeState state;
  for (int day = 0; day < 12; ++day) state.record_delivery(day % 2 == 0 ? "a" : "b", kMonday + day * kDay + kHour, true);
  const std::int64_t now = kMonday + 11 * kDay + 2 * kHour;
  const Counts a = counts(state, "a", now), b = counts(state, "b", now), budget = counts(state, "", now);
  EXPECT_EQ(a, (Counts{0, 3, 6, kMonday + 10 * kDay + kHour}));  // days 6, 8, 10
  EXPECT_EQ(b, (Counts{1, 4, 6, kMonday + 11 * kDay + kHour}));  // days 5, 7, 9, 11
  EXPECT_EQ(budget.week, 7);
  state.prune(now);
  EXPECT_EQ(counts(state, "a", now), a);
  EXPECT_EQ(counts(state, "b", now), b);
  EXPECT_EQ(counts(state, "", now), budget);
  // Long after, the ledger holds nothing to count, while totals stay for lifetime caps.
  state.prune(now + 30 * kDay);
  EXPECT_EQ(counts(state, "a", now + 30 * kDay), (Counts{0, 0, 6, std::nullopt}));
  EXPECT_EQ(counts(state, "", now + 30 * kDay), (Counts{0, 0, -1, std::nullopt}));
}

TEST(DeliveryLedger, ASnapshotRestoresTheSameAnswers) {
  NudgeState state;
  for (int i = 0; i < 40; ++i) state.record_delivery("c" + std::to_string(i % 3), kMonday + i * 3 * kHour, i % 4 != 0);
  const NudgeState loaded = round_trip(state);
  for (const std::int64_t now : {kMonday + kDay, kMonday + 5 * kDay + kHour}) {
    for (const char* campaign : {"", "c0", "c1", "c2", "c3"}) {
      EXPECT_EQ(counts(loaded, campaign, now), counts(state, campaign, now)) << campaign << " at " << now;
    }
  }
}

}  // namespace
}  // namespace nudgekit

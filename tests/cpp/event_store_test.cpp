#include "nudgekit/event_store.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace nudgekit {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
std::int64_t utc(int y, unsigned m, unsigned d, int hour = 0, int minute = 0) {
  return days_from_civil(y, m, d) * kDay + hour * kHour + minute * kMinute;
}
std::int32_t day_of(int y, unsigned m, unsigned d) { return static_cast<std::int32_t>(days_from_civil(y, m, d)); }

// Records an event "now" (or at `now` when given) and fails the test if it is refused.
void record(EventStore& store, std::string_view name, std::int64_t time, Json props = nullptr, std::int32_t offset = 0,
            std::optional<std::int64_t> now = std::nullopt) {
  Error error;
  ASSERT_TRUE(store.record(name, props, time, offset, now.value_or(time), error)) << error.code << " " << error.message;
}
Error refusal(EventStore& store, std::string_view name, const Json& props, std::int64_t time, std::int64_t now,
              std::int32_t offset = 0) {
  Error error;
  EXPECT_FALSE(store.record(name, props, time, offset, now, error));
  return error;
}
std::uint32_t id(const EventStore& store, std::string_view name) { return store.name_id(name).value_or(EventStore::kNoName); }
std::string snapshot(const EventStore& store) {
  std::string out;
  store.save(out);
  return out;
}
EventStore::Window since(std::int64_t t) { return EventStore::Window::since(t); }

TEST(EventStoreValidation, RefusesInvalidNames) {
  EventStore store;
  for (const std::string& name : std::vector<std::string>{"", "1abc", "a b", "é", "ledger/entry", std::string(65, 'a')}) {
    const Error error = refusal(store, name, nullptr, 1000, 1000);
    EXPECT_EQ(error.code, "event.invalid_name") << name;
    EXPECT_EQ(error.pointer, "/name");
  }
  record(store, "_x", 1000);
  record(store, "kyc.selfie:v2-" + std::string(50, 'b'), 1000);
  EXPECT_EQ(store.intern("9lives"), EventStore::kNoName);
  EXPECT_EQ(store.raw_events().size(), 2u);
}

TEST(EventStoreValidation, RefusesInvalidPropsWithPointersAndChangesNothing) {
  EventStore store;
  record(store, "ledger_entry", 1000, {{"amount", 5}});
  const std::string before = snapshot(store);
  Json deep = 1;
  for (int i = 0; i < 9; ++i) deep = Json{{"a", deep}};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::pair<Json, std::string>> cases = {
      {Json::array({1}), "/props"},
      {Json{{"", 1}}, "/props/"},
      {Json{{"a/b", {{"c", nan}}}}, "/props/a~1b/c"},
      {Json{{std::string(257, 'k'), 1}}, "/props/" + std::string(257, 'k')},
      {deep, "/props/a/a/a/a/a/a/a/a"},
      {Json{{"s", "\xff"}}, "/props/s"},
      {Json{{"list", {1, nan}}}, "/props/list/1"},
      {Json{{"s", std::string(5000, 'x')}}, "/props"},
  };
  for (const auto& [props, pointer] : cases) {
    const Error error = refusal(store, "ledger_entry", props, 2000, 2000);
    EXPECT_EQ(error.code, "event.invalid_props") << pointer;
    EXPECT_EQ(error.pointer, pointer);
  }
  EXPECT_EQ(snapshot(store), before);
  Json eight_levels = 1;
  for (int i = 0; i < 8; ++i) eight_levels = Json{{"a", eight_levels}};
  record(store, "ledger_entry", 2000, eight_levels);
}

TEST(EventStoreValidation, TimeRules) {
  EventStore store;
  const std::int64_t now = utc(2024, 6, 1, 12);
  EXPECT_EQ(refusal(store, "a", nullptr, now + 5 * kMinute + 1, now).code, "event.in_future");
  record(store, "a", now + 5 * kMinute, nullptr, 0, now);
  EXPECT_EQ(refusal(store, "a", nullptr, now - 400 * kDay - 1, now).code, "event.too_old");
  record(store, "a", now - 400 * kDay, nullptr, 0, now);
  EXPECT_EQ(refusal(store, "a", nullptr, now, now, 18 * 60 + 1).pointer, "/utc_offset_minutes");
  EXPECT_EQ(refusal(store, "a", nullptr, EventStore::kMaxTimeMs + 1, now).code, "event.invalid_time");
  EXPECT_EQ(refusal(store, "a", nullptr, now, std::numeric_limits<std::int64_t>::max()).pointer, "/now");
  // An event a few minutes ahead is recorded at now: it counts in a window ending now.
  EXPECT_EQ(store.count(id(store, "a"), {}, now), 2);
  EXPECT_EQ(store.count(id(store, "a"), since(now), now), 1);
  EXPECT_EQ(store.last_time(id(store, "a")), now);
}

TEST(EventStoreValidation, TooManyNames) {
  EventStoreOptions options;
  options.max_event_names = 2;
  EventStore store(options);
  const std::uint32_t later = store.intern("later");  // interned by a condition: no events, no quota used
  record(store, "a", 1000);
  record(store, "b", 1000);
  EXPECT_EQ(refusal(store, "c", nullptr, 1000, 1000).code, "event.too_many_names");
  EXPECT_EQ(refusal(store, "later", nullptr, 1000, 1000).code, "event.too_many_names");
  record(store, "a", 2000);
  EXPECT_EQ(id(store, "later"), later);
  EXPECT_FALSE(store.name_id("c"));
}

TEST(EventStoreRecording, OutOfOrderEventsAreInsertedAtTheirTimeStably) {
  EventStore store;
  const std::int64_t now = 10 * kDay;
  record(store, "a", now - 100, {{"i", 0}}, 0, now);
  record(store, "a", now - 300, {{"i", 1}}, 0, now);
  record(store, "b", now - 200, nullptr, 0, now);
  record(store, "b", now - 300, nullptr, 0, now);
  record(store, "a", now - 300, {{"i", 2}}, 0, now);
  std::vector<std::pair<std::int64_t, std::string>> order;
  for (const auto& event : store.raw_events()) {
    order.emplace_back(now - event.time_ms, std::string(store.name(event.name_id)) + event.props.dump());
  }
  const std::vector<std::pair<std::int64_t, std::string>> expected = {
      {300, R"(a{"i":1})"}, {300, "bnull"}, {300, R"(a{"i":2})"}, {200, "bnull"}, {100, R"(a{"i":0})"}};
  EXPECT_EQ(order, expected);
  EXPECT_EQ(store.count(id(store, "a"), since(now - 300), now), 3);
  EXPECT_EQ(store.count(id(store, "a"), since(now - 299), now), 1);
  EXPECT_EQ(store.first_time(id(store, "a")), now - 300);
  EXPECT_EQ(store.last_time(id(store, "a")), now - 100);
}

TEST(EventStoreRecording, SheddingHalfTheRingKeepsTheAggregatesAndLifetimeTotals) {
  EventStoreOptions options;
  options.sum_properties = {{"x", "amount"}};
  EventStore store(options);
  const std::int64_t day0 = utc(2024, 5, 1);
  for (int d = 0; d < 5; ++d) record(store, "x", day0 + d * kDay + 12 * kHour, {{"amount", 10}});
  const std::uint32_t x = id(store, "x");
  const std::int64_t now = day0 + 4 * kDay + 13 * kHour;
  EXPECT_EQ(store.shed_oldest_half(), 3u);  // 5 → 2, the odd one out goes too
  ASSERT_EQ(store.raw_events().size(), 2u);
  EXPECT_EQ(store.raw_events().front().time_ms, day0 + 3 * kDay + 12 * kHour);
  EXPECT_FALSE(store.raw_is_exact(x, since(day0 + 2 * kDay + 12 * kHour)));
  EXPECT_TRUE(store.raw_is_exact(x, since(day0 + 2 * kDay + 12 * kHour + 1)));
  EXPECT_EQ(store.count(x, EventStore::Window{}, now), 5);
  EXPECT_EQ(store.sum(x, since(day0), now), 50);
  EXPECT_EQ(store.distinct_days(x, since(day0), now, 0), 5);
  EXPECT_EQ(store.shed_oldest_half(), 1u);
  EXPECT_EQ(store.shed_oldest_half(), 1u);
  EXPECT_EQ(store.shed_oldest_half(), 0u);
  EXPECT_EQ(store.count(x, EventStore::Window{}, now), 5);
}

TEST(EventStoreRecording, RingEvictionHandsOldWindowsToTheAggregates) {
  EventStoreOptions options;
  options.max_raw_events = 4;
  options.sum_properties = {{"x", "amount"}};
  EventStore store(options);
  const std::int64_t day0 = utc(2024, 5, 1);
  record(store, "x", day0 + 6 * kHour, {{"amount", 1}});
  record(store, "x", day0 + 20 * kHour, {{"amount", 2}});
  for (int d = 1; d <= 5; ++d) record(store, "x", day0 + d * kDay + 12 * kHour, {{"amount", 10}});
  const std::uint32_t x = id(store, "x");
  const std::int64_t now = day0 + 5 * kDay + 13 * kHour;
  ASSERT_EQ(store.raw_events().size(), 4u);  // days 2..5; the newest evicted is day 1 at noon
  EXPECT_TRUE(store.raw_is_exact(x, since(day0 + kDay + 12 * kHour + 1)));
  EXPECT_FALSE(store.raw_is_exact(x, since(day0 + kDay + 12 * kHour)));
  EXPECT_EQ(store.count(x, since(day0 + kDay + 13 * kHour), now), 4);
  EXPECT_EQ(store.count(x, since(day0 + kDay + 12 * kHour), now), 5);
  // The boundary day (06:00 and 20:00, window from noon) counts whole: 7 where the exact answer is 6.
  EXPECT_EQ(store.count(x, since(day0 + 12 * kHour), now), 7);
  EXPECT_EQ(store.sum(x, since(day0 + 12 * kHour), now), 53);
  EXPECT_EQ(store.distinct_days(x, since(day0 + 12 * kHour), now, 0), 6);
  EXPECT_EQ(store.count(x, since(day0 + 21 * kHour), now), 5);
  EXPECT_EQ(store.count(x, since(day0), now), 7);  // the whole history: lifetime totals, exact

  // The ring is full and this event is older than all of it: aggregates only, and the ring is no longer
  // exact for a window that holds it.
  record(store, "z", day0 + 3 * kHour, nullptr, 0, now);
  const std::uint32_t z = id(store, "z");
  EXPECT_EQ(store.raw_events().size(), 4u);
  EXPECT_EQ(store.count(z, {}, now), 1);
  EXPECT_EQ(store.count(z, since(day0), now), 1);
  EXPECT_FALSE(store.raw_is_exact(z, since(day0)));
  EXPECT_TRUE(store.raw_is_exact(z, since(day0 + 3 * kHour + 1)));
  const EventStore::Totals filtered = store.totals_where(z, since(day0), now, nullptr, nullptr);
  EXPECT_EQ(filtered.count, 0);
  EXPECT_FALSE(filtered.exact);
}

TEST(EventStoreRecording, NinetyDayWindowsComeFromTheAggregates) {
  EventStoreOptions options;
  options.max_raw_events = 100;
  options.sum_properties = {{"ledger_entry", "amount"}};
  EventStore store(options);
  const std::int64_t start = utc(2024, 1, 1);
  for (int d = 0; d < 200; ++d) {
    for (int hour : {8, 12, 18}) record(store, "ledger_entry", start + d * kDay + hour * kHour, {{"amount", 10}});
  }
  const std::uint32_t ledger = id(store, "ledger_entry");
  const std::int64_t now = start + 199 * kDay + 20 * kHour;
  EXPECT_FALSE(store.raw_is_exact(ledger, since(now - 90 * kDay)));
  EXPECT_EQ(store.count(ledger, since(now - 90 * kDay), now), 270);
  EXPECT_EQ(store.sum(ledger, since(now - 90 * kDay), now), 2700);
  EXPECT_EQ(store.distinct_days(ledger, since(now - 90 * kDay), now, 0), 90);
  EXPECT_EQ(store.count(ledger, since(now - 90 * kDay - 10 * kHour), now), 273);  // boundary day whole
  EXPECT_EQ(store.count(ledger, {}, now), 600);
  EXPECT_EQ(store.distinct_days(ledger, {}, now, 0), 200);
  EXPECT_EQ(store.count(ledger, since(now - 7 * kDay), now), 21);  // from the ring
  EXPECT_TRUE(store.raw_is_exact(ledger, since(now - 7 * kDay)));

  EventStoreOptions short_horizon = options;
  short_horizon.horizon_days = 30;
  EventStore pruned(short_horizon);
  Error error;
  ASSERT_TRUE(pruned.load(snapshot(store), error)) << error.message;
  EXPECT_EQ(pruned.count(ledger, since(now - 90 * kDay), now), 31 * 3);  // only the days the horizon kept
  EXPECT_EQ(pruned.count(ledger, {}, now), 600);
  pruned.advance(now + 31 * kDay, 0);
  const std::string once = snapshot(pruned);
  pruned.advance(now + 31 * kDay, 0);
  EXPECT_EQ(snapshot(pruned), once);
  EXPECT_EQ(pruned.count(ledger, since(now - 90 * kDay), now), 0);
  EXPECT_EQ(pruned.streak_days(ledger, now, 0), 0);
}

// Berlin: CET (+60) becomes CEST (+120) on 2024-03-31 at 01:00 UTC and back on 2024-10-27 at 01:00 UTC.
TEST(EventStoreTime, EventsAroundDstChangesFallOnTheirLocalDay) {
  EventStore store;
  const std::vector<std::pair<std::int64_t, std::int32_t>> events = {
      {utc(2024, 3, 30, 22, 30), 60},   // 23:30 CET, Mar 30
      {utc(2024, 3, 30, 23, 30), 60},   // 00:30 CET, Mar 31
      {utc(2024, 3, 31, 22, 30), 120},  // 00:30 CEST, Apr 1
      {utc(2024, 10, 26, 22, 30), 120}, // 00:30 CEST, Oct 27
      {utc(2024, 10, 27, 22, 30), 60},  // 23:30 CET, still Oct 27 (a 25-hour day)
      {utc(2024, 10, 27, 23, 30), 60},  // 00:30 CET, Oct 28
  };
  for (const auto& [time, offset] : events) record(store, "open_app", time, nullptr, offset);
  std::vector<std::int32_t> days;
  for (const auto& event : store.raw_events()) days.push_back(event.day);
  EXPECT_EQ(days, (std::vector<std::int32_t>{day_of(2024, 3, 30), day_of(2024, 3, 31), day_of(2024, 4, 1),
                                             day_of(2024, 10, 27), day_of(2024, 10, 27), day_of(2024, 10, 28)}));
  const std::uint32_t open = id(store, "open_app");
  EXPECT_EQ(store.distinct_days(open, {}, utc(2024, 10, 28), 60), 5);
  EXPECT_EQ(store.streak_days(open, utc(2024, 10, 28, 12), 60), 2);
  EXPECT_EQ(EventStore::local_day(-1, 0), -1);  // floor, not truncation, before 1970
}

TEST(EventStoreTime, StreakAcrossMidnightInIndiaVersusUtc) {
  EventStore india, london;
  for (const std::int64_t time : {utc(2024, 1, 1, 18), utc(2024, 1, 1, 19), utc(2024, 1, 2, 18, 45)}) {
    record(india, "lesson_done", time, nullptr, 330);  // 23:30 Jan 1, 00:30 Jan 2, 00:15 Jan 3 IST
    record(london, "lesson_done", time, nullptr, 0);   // Jan 1, Jan 1, Jan 2 UTC
  }
  const std::uint32_t lesson = id(india, "lesson_done");
  EXPECT_EQ(india.streak_days(lesson, utc(2024, 1, 2, 19), 330), 3);
  EXPECT_EQ(london.streak_days(lesson, utc(2024, 1, 2, 19), 0), 2);
  EXPECT_EQ(india.streak_days(lesson, utc(2024, 1, 3, 19), 330), 3);  // Jan 4 IST, nothing yet: kept
  EXPECT_EQ(india.streak_days(lesson, utc(2024, 1, 4, 19), 330), 0);  // Jan 5 IST: lost
  EXPECT_EQ(london.streak_days(lesson, utc(2024, 1, 3, 12), 0), 2);
  EXPECT_EQ(london.streak_days(lesson, utc(2024, 1, 4, 0), 0), 0);
  EXPECT_EQ(india.distinct_days(lesson, since(utc(2024, 1, 1)), utc(2024, 1, 3), 330), 3);
  EXPECT_EQ(london.distinct_days(lesson, since(utc(2024, 1, 1)), utc(2024, 1, 3), 0), 2);
}

// Flying from Delhi to New York and back across midnight: days go back in time order, and each day still
// counts once, from the ring and from the aggregates alike.
TEST(EventStoreTime, DistinctDaysSurviveTravelAcrossMidnight) {
  EventStore store;
  const std::vector<std::pair<std::int64_t, std::int32_t>> events = {
      {utc(2024, 1, 1, 20), 330},   // 01:30 Jan 2 in Delhi
      {utc(2024, 1, 1, 21), -300},  // 16:00 Jan 1 in New York
      {utc(2024, 1, 1, 22), 330},   // Jan 2 again
      {utc(2024, 1, 1, 23), -300},  // Jan 1 again
  };
  for (const auto& [time, offset] : events) record(store, "open_app", time, nullptr, offset);
  const std::uint32_t open = id(store, "open_app");
  const std::int64_t now = utc(2024, 1, 2);
  EXPECT_EQ(store.distinct_days(open, since(utc(2024, 1, 1, 20)), now, 0), 2);   // whole history: lifetime
  EXPECT_EQ(store.distinct_days(open, since(utc(2024, 1, 1, 21)), now, 0), 2);   // the ring
  EXPECT_EQ(store.distinct_days(open, since(utc(2024, 1, 1, 22)), now, 0), 2);
  EXPECT_EQ(store.distinct_days(open, since(utc(2024, 1, 1, 23)), now, 0), 1);
  EXPECT_EQ(store.totals_where(open, since(utc(2024, 1, 1, 21)), now, nullptr, nullptr).distinct_days, 2);
  EXPECT_EQ(store.distinct_days(open, {}, now, 0), 2);
}

TEST(EventStoreFunnel, KycDropOffAfterTheSelfie) {
  EventStore store;
  const std::int64_t t0 = utc(2024, 7, 1, 9);
  const std::vector<std::uint32_t> kyc = {store.intern("kyc_started"), store.intern("kyc_selfie"), store.intern("kyc_done")};
  record(store, "kyc_selfie", t0 - kHour);  // before starting: does not count for step 2
  record(store, "kyc_started", t0);
  record(store, "kyc_started", t0 + 5 * kMinute);
  record(store, "kyc_selfie", t0 + 10 * kMinute);
  EventStore::FunnelState state = store.funnel(kyc, {}, t0 + 3 * kHour);
  EXPECT_EQ(state.reached_step, 2u);
  EXPECT_EQ(state.time_of_last_reached_step, t0 + 10 * kMinute);
  EXPECT_FALSE(state.completed);
  EXPECT_GE(t0 + 3 * kHour - *state.time_of_last_reached_step, 2 * kHour);  // stalled after the selfie ≥ 2 h
  EXPECT_EQ(store.funnel(kyc, {}, t0 + 7 * kMinute).reached_step, 1u);     // the selfie is after now
  EXPECT_EQ(store.funnel(kyc, since(t0 + 6 * kMinute), t0 + 3 * kHour).reached_step, 0u);

  record(store, "kyc_done", t0 + 4 * kHour);
  state = store.funnel(kyc, since(t0 - 2 * kHour), t0 + 4 * kHour);
  EXPECT_TRUE(state.completed);
  EXPECT_EQ(state.reached_step, 3u);
  EXPECT_EQ(state.time_of_last_reached_step, t0 + 4 * kHour);
}

TEST(EventStoreFunnel, EqualTimesAndRepeatedSteps) {
  EventStore store;
  record(store, "b", 1000);
  record(store, "a", 1000);  // same instant, recorded after b: b still follows a
  EXPECT_TRUE(store.funnel({id(store, "a"), id(store, "b")}, {}, 1000).completed);
  const std::vector<std::uint32_t> twice = {id(store, "a"), id(store, "a")};
  EXPECT_EQ(store.funnel(twice, {}, 5000).reached_step, 1u);  // one event serves one step
  record(store, "a", 1000);
  EXPECT_TRUE(store.funnel(twice, {}, 5000).completed);
  EXPECT_FALSE(store.funnel({}, {}, 5000).completed);
  EXPECT_EQ(store.funnel({EventStore::kNoName}, {}, 5000).reached_step, 0u);
  std::vector<std::uint32_t> long_funnel(40, id(store, "a"));
  EXPECT_EQ(store.funnel(long_funnel, {}, 5000).reached_step, 2u);
}

bool amount_above(const Json& props, const void* context) {
  const auto it = props.find("amount");
  return it != props.end() && it->is_number() && it->get<double>() > *static_cast<const double*>(context);
}

TEST(EventStoreQueries, FilteredTotalsComeFromTheRing) {
  EventStoreOptions options;
  options.max_raw_events = 5;
  options.sum_properties = {{"ledger_entry", "amount"}};
  EventStore store(options);
  const std::int64_t now = utc(2024, 8, 10, 12);
  const std::vector<std::pair<int, double>> entries = {{9, 5000}, {6, 1500}, {5, 200}, {3, 1200}, {3, 2000}, {1, 900}, {0, 4000}};
  for (const auto& [days_ago, amount] : entries) record(store, "ledger_entry", now - days_ago * kDay, {{"amount", amount}});
  record(store, "ledger_entry", now - kHour);  // no props: {} for the predicate, nothing to sum
  const std::uint32_t ledger = id(store, "ledger_entry");
  const double threshold = 1000;
  // The ring holds the 5 newest: 1200, 2000, 900, {}, 4000. Evicted last: the 200 of 5 days ago.
  const EventStore::Totals recent = store.totals_where(ledger, since(now - 4 * kDay), now, amount_above, &threshold);
  EXPECT_TRUE(recent.exact);
  EXPECT_EQ(recent.count, 3);  // 1200, 2000, 4000
  EXPECT_EQ(recent.sum, 7200);
  EXPECT_EQ(recent.distinct_days, 2);
  EXPECT_EQ(store.count_where(ledger, since(now - 4 * kDay), now, nullptr, nullptr), 5);
  const EventStore::Totals week = store.totals_where(ledger, since(now - 7 * kDay), now, amount_above, &threshold);
  EXPECT_FALSE(week.exact);  // a lower bound: the 1500 of 6 days ago left the ring
  EXPECT_EQ(week.count, 3);
  const EventStore::Totals all = store.totals_where(ledger, {}, now, amount_above, &threshold);
  EXPECT_FALSE(all.exact);  // a lower bound: the 5000 and the 1500 left the ring
  EXPECT_EQ(all.count, 3);
}

TEST(EventStoreMemory, AYearOfAHeavyUserStaysUnderTwoMegabytes) {
  EventStoreOptions options;
  for (int n = 0; n < 30; n += 3) options.sum_properties.emplace_back("event_" + std::to_string(n), "amount");
  EventStore store(options);
  const std::int64_t start = utc(2023, 1, 1);
  for (int d = 0; d < 365; ++d) {
    for (int i = 0; i < 50; ++i) {
      const std::int64_t time = start + d * kDay + 8 * kHour + i * 15 * kMinute;
      record(store, "event_" + std::to_string((d + i * 7) % 30), time,
             {{"amount", (i * 37) % 500}, {"screen", "ledger_home"}, {"ok", true}}, 330);
    }
  }
  EXPECT_EQ(store.raw_events().size(), 1000u);
  const std::size_t bytes = store.memory_bytes();
  EXPECT_LT(bytes, 2u << 20);
  EXPECT_GT(bytes, 30u * 365 * 32);  // the aggregates alone
  RecordProperty("memory_bytes", std::to_string(bytes));
  RecordProperty("snapshot_bytes", std::to_string(snapshot(store).size()));
  const std::uint32_t e0 = id(store, "event_0");
  EXPECT_EQ(store.streak_days(e0, start + 364 * kDay + 20 * kHour, 330), 365);
}

// A store with evictions, out-of-order events, nested and Unicode props, sums and names without events.
EventStore varied_store(EventStoreOptions options = {}) {
  options.max_raw_events = 20;
  options.sum_properties = {{"pay", "amount"}, {"topup", "value"}};
  EventStore store(options);
  store.intern("kyc_done");
  const std::int64_t start = utc(2024, 2, 1, 10);
  for (int i = 0; i < 40; ++i) {
    const std::int64_t time = start + i * 7 * kHour;
    record(store, i % 3 ? "pay" : "topup", time,
           {{"amount", i * 1.25}, {"value", -i}, {"note", "₹ नमस्ते \"q\""}, {"tags", {{{"k", i}}, nullptr, false}}},
           i % 2 ? 330 : -300);
  }
  record(store, "pay", start + 250 * kHour, {{"amount", 0.1}}, 0, start + 280 * kHour);  // out of order
  record(store, "pay", start + 2 * kHour, nullptr, 0, start + 280 * kHour);             // older than the ring
  store.advance(start + 290 * kHour, 60);
  return store;
}

TEST(EventStoreSnapshot, RoundTripIsExact) {
  const EventStore original = varied_store();
  const std::string bytes = snapshot(original);
  EventStore copy(original.options());
  Error error;
  ASSERT_TRUE(copy.load(bytes, error)) << error.message;
  EXPECT_EQ(snapshot(copy), bytes);
  ASSERT_EQ(copy.raw_events().size(), original.raw_events().size());
  for (std::size_t i = 0; i < copy.raw_events().size(); ++i) {
    EXPECT_EQ(copy.raw_events()[i].props, original.raw_events()[i].props);
  }
  const std::int64_t now = utc(2024, 2, 13);
  for (const char* name : {"pay", "topup", "kyc_done"}) {
    const std::uint32_t a = id(original, name), b = id(copy, name);
    for (const EventStore::Window window :
         {EventStore::Window{}, since(now - kDay), since(now - 5 * kDay), since(now - 10 * kDay)}) {
      EXPECT_EQ(copy.count(b, window, now), original.count(a, window, now)) << name;
      EXPECT_EQ(copy.sum(b, window, now), original.sum(a, window, now)) << name;
      EXPECT_EQ(copy.distinct_days(b, window, now, 0), original.distinct_days(a, window, now, 0)) << name;
      EXPECT_EQ(copy.raw_is_exact(b, window), original.raw_is_exact(a, window)) << name;
    }
    EXPECT_EQ(copy.first_time(b), original.first_time(a));
    EXPECT_EQ(copy.streak_days(b, now, 330), original.streak_days(a, now, 330));
  }
}

TEST(EventStoreSnapshot, LoadKeepsTheIdsOfInternedNames) {
  const EventStore original = varied_store();
  EventStore store(original.options());
  const std::uint32_t other = store.intern("other");
  const std::uint32_t topup = store.intern("topup");
  Error error;
  ASSERT_TRUE(store.load(snapshot(original), error)) << error.message;
  EXPECT_EQ(id(store, "other"), other);
  EXPECT_EQ(id(store, "topup"), topup);
  EXPECT_EQ(store.count(topup, {}, 0), original.count(id(original, "topup"), {}, 0));
  EXPECT_EQ(store.count(other, {}, 0), 0);
}

TEST(EventStoreSnapshot, LoadAppliesTheCurrentRingBound) {
  const EventStore original = varied_store();
  EventStoreOptions smaller = original.options();
  smaller.max_raw_events = 5;
  EventStore store(smaller);
  Error error;
  ASSERT_TRUE(store.load(snapshot(original), error)) << error.message;
  EXPECT_EQ(store.raw_events().size(), 5u);
  EXPECT_EQ(store.raw_events().back().time_ms, original.raw_events().back().time_ms);
  const std::uint32_t pay = id(store, "pay");
  EXPECT_EQ(store.count(pay, {}, 0), original.count(id(original, "pay"), {}, 0));
  EXPECT_FALSE(store.raw_is_exact(pay, since(original.raw_events().front().time_ms + 1)));
}

TEST(EventStoreSnapshot, EveryTruncationIsRefusedAndChangesNothing) {
  const std::string bytes = snapshot(varied_store());
  EventStore store = varied_store();
  record(store, "extra", utc(2024, 2, 13));
  const std::string before = snapshot(store);
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    Error error;
    ASSERT_FALSE(store.load(std::string_view(bytes).substr(0, length), error)) << length;
    EXPECT_EQ(error.code, "snapshot.corrupt");
  }
  EXPECT_EQ(snapshot(store), before);
  Error error;
  std::string newer = bytes;
  newer[4] = 3;
  EXPECT_FALSE(store.load(newer, error));
  EXPECT_NE(error.message.find("version 3"), std::string::npos) << error.message;
  EXPECT_FALSE(store.load(bytes + "x", error));
}

std::uint32_t fnv1a(std::string_view bytes) {
  std::uint32_t hash = 2166136261u;
  for (const char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return hash;
}

// Damage that the checksum does not catch (it is recomputed) must still be refused or yield a
// consistent store, never a crash: every byte after the header is altered in turn (low bit, high bit,
// all bits, by position).
TEST(EventStoreSnapshot, DamagedBytesWithAValidChecksumNeverBreakTheStore) {
  const std::string bytes = snapshot(varied_store());
  const EventStoreOptions options = varied_store().options();
  static constexpr unsigned char kFlips[] = {0x01, 0x80, 0xFF};
  std::size_t refused = 0;
  for (std::size_t at = 8; at + 4 < bytes.size(); ++at) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(static_cast<unsigned char>(damaged[at]) ^ kFlips[at % 3]);
    const std::uint32_t sum = fnv1a(std::string_view(damaged).substr(0, damaged.size() - 4));
    for (int i = 0; i < 4; ++i) damaged[damaged.size() - 4 + i] = static_cast<char>((sum >> (8 * i)) & 0xFF);
    EventStore store(options);
    Error error;
    if (!store.load(damaged, error)) {
      ++refused;
      EXPECT_EQ(error.code, "snapshot.corrupt");
      continue;
    }
    EventStore again(store.options());
    ASSERT_TRUE(again.load(snapshot(store), error)) << at << ": " << error.message;
    EXPECT_EQ(snapshot(again), snapshot(store));
  }
  RecordProperty("refused", std::to_string(refused) + " of " + std::to_string(bytes.size() - 12));
  EXPECT_GT(refused, bytes.size() / 2);
}

}  // namespace
}  // namespace nudgekit

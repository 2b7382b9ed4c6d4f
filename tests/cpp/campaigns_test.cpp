// The nudge engine's decisions with a fake clock, from the seed stories: fatigue and quiet hours for a
// lapsed merchant, KYC rescue with attribution, priority, a stable holdout, explain, caps and triggers.
#include <gtest/gtest.h>

#include <set>

#include "nudgekit/engine.h"
#include "nudgekit/snapshot_codec.h"
#include "nudgekit/time_text.h"

namespace nudgekit {
namespace {

constexpr std::int32_t kIndia = 330;
constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

std::int64_t at(const char* instant) {
  std::int64_t ms = 0;
  EXPECT_TRUE(parse_instant(instant, ms)) << instant;
  return ms;
}

// These stories are about decisions, not copy: every item a campaign names gets a one-language tip,
// unless the config brings its own catalog.
Json with_catalog(Json config) {
  if (config.contains("content") || !config.contains("campaigns")) return config;
  if (!config.contains("languages")) config["languages"] = {{"default", "en"}};
  Json& content = config["content"] = Json::object();
  for (const auto& [id, campaign] : config["campaigns"].items()) {
    if (!campaign.contains("content") || !campaign["content"].is_array()) continue;
    for (const Json& item : campaign["content"]) {
      if (item.is_string()) content[item.get<std::string>()] = {{"kind", "tip"}, {"variants", {{"en", {{"title", "Tip " + item.get<std::string>()}}}}}};
    }
  }
  return config;
}

class Campaigns : public ::testing::Test {
 protected:
  void load(const Json& config) {
    const LoadResult loaded = engine.load_config(with_catalog(config).dump());
    ASSERT_TRUE(loaded.ok) << loaded.errors[0].code << " " << loaded.errors[0].pointer << " " << loaded.errors[0].message;
  }
  std::vector<std::string> track(const char* name, std::int64_t time, const Json& props = Json::object()) {
    Error error;
    EXPECT_TRUE(engine.track(name, props, time, {time, kIndia}, error)) << error.message;
    return delivered();
  }
  std::vector<std::string> tick(std::int64_t time) {
    engine.tick({time, kIndia});
    return delivered();
  }
  std::vector<std::string> delivered() const {
    std::vector<std::string> ids;
    for (const Nudge& nudge : engine.decisions()) ids.push_back(nudge.campaign);
    return ids;
  }
  std::string last_outcome(const std::string& campaign) const {
    const auto& decisions = engine.nudge_state().last_decision;
    const auto found = decisions.find(campaign);
    return found == decisions.end() ? "(none)" : found->second.outcome;
  }
  void report(const std::string& id, const char* outcome, std::int64_t time) {
    Error error;
    ASSERT_TRUE(engine.report(id, outcome, time, error)) << error.message;
  }
  Engine engine;
};

// Story 1: a lapsed merchant is educated, within the fatigue budget and never at night.
TEST_F(Campaigns, LapsedMerchantWithinTheFatigueBudgetAndQuietHours) {
  load(Json::parse(R"({
    "version": 1,
    "segments": {"lapsed": {"$recency": {"name": "ledger_entry_added", "olderThan": "15d"}}},
    "fatigue": {"perDay": 2, "perWeek": 3, "quietHours": {"from": "22:00", "to": "08:00"}},
    "campaigns": {
      "winback_video": {"trigger": {"segmentEntered": "lapsed"}, "placement": "card", "content": ["video_kirana_stock"]},
      "tip_on_open": {"trigger": {"event": "app_open"}, "placement": "banner", "content": ["tip_reminders"],
                      "caps": {"cooldown": "1h"}}
    }
  })"));
  track("ledger_entry_added", at("2026-03-01T10:00:00+05:30"));
  // 15 days later at 23:00 the merchant becomes "lapsed": held, not dropped, until 08:00.
  EXPECT_TRUE(tick(at("2026-03-16T23:00:00+05:30")).empty());
  EXPECT_EQ(last_outcome("winback_video"), "held");
  EXPECT_TRUE(tick(at("2026-03-17T07:59:00+05:30")).empty());
  EXPECT_EQ(tick(at("2026-03-17T08:00:00+05:30")), std::vector<std::string>{"winback_video"});
  EXPECT_EQ(engine.decisions()[0].reason, "segmentEntered lapsed (held for quiet hours)");
  // The budget: 2 a day across campaigns, then 3 a week.
  EXPECT_EQ(track("app_open", at("2026-03-17T09:00:00+05:30")), std::vector<std::string>{"tip_on_open"});
  EXPECT_TRUE(track("app_open", at("2026-03-17T11:00:00+05:30")).empty());
  EXPECT_EQ(last_outcome("tip_on_open"), "fatigue.perDay");
  EXPECT_EQ(track("app_open", at("2026-03-18T09:00:00+05:30")), std::vector<std::string>{"tip_on_open"});
  EXPECT_TRUE(track("app_open", at("2026-03-19T09:00:00+05:30")).empty());
  EXPECT_EQ(last_outcome("tip_on_open"), "fatigue.perWeek");
  // A week after the first delivery of the three, there is room again.
  EXPECT_EQ(track("app_open", at("2026-03-24T09:00:00+05:30")), std::vector<std::string>{"tip_on_open"});
}

// Story 2: MOVii's KYC drop-off, and a conversion attributed within the goal window.
TEST_F(Campaigns, KycRescueAndAttributedConversion) {
  load(Json::parse(R"({
    "version": 1,
    "segments": {"kyc_stalled": {"$funnel": {"steps": ["kyc_started", "kyc_selfie", "kyc_done"], "stalledAfter": "kyc_selfie", "idleFor": "2h"}}},
    "campaigns": {
      "kyc_rescue": {"trigger": {"segmentEntered": "kyc_stalled"}, "placement": "modal", "content": ["kyc_help_video"],
                     "goal": {"event": "kyc_done", "within": "3d"}}
    }
  })"));
  track("kyc_started", at("2026-05-04T19:00:00+05:30"));
  track("kyc_selfie", at("2026-05-04T19:06:00+05:30"));
  EXPECT_TRUE(tick(at("2026-05-04T21:05:00+05:30")).empty());
  ASSERT_EQ(tick(at("2026-05-04T21:06:00+05:30")), std::vector<std::string>{"kyc_rescue"});
  const std::string id = engine.decisions()[0].id;
  ASSERT_EQ(engine.next_nudges(Placement::Modal).size(), 1u);
  report(id, "shown", at("2026-05-04T21:07:00+05:30"));
  EXPECT_TRUE(engine.next_nudges(Placement::Modal).empty());  // shown: no longer due
  track("kyc_done", at("2026-05-06T10:00:00+05:30"));
  const Json stats = engine.stats()["kyc_rescue"]["variants"]["default"];
  EXPECT_EQ(stats["shown"], 1);
  EXPECT_EQ(stats["converted"], 1);
  EXPECT_EQ(stats["conversionRate"], 100.0);
}

TEST_F(Campaigns, ConversionsOutsideTheWindowOrBeforeTheShowAreNotAttributed) {
  load(Json::parse(R"({
    "version": 1,
    "campaigns": {"c": {"trigger": {"event": "open"}, "placement": "card", "content": ["x"], "goal": {"event": "buy", "within": "1d"}}}
  })"));
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  track("open", t);
  track("buy", t + kMinute);  // delivered but not yet shown: no exposure
  report(engine.nudge_state().nudges().back().id, "shown", t + 2 * kMinute);
  track("buy", t + 2 * kMinute + kDay + 1);  // one millisecond past the window
  EXPECT_EQ(engine.stats()["c"]["variants"]["default"]["converted"], 0);
}

// Story 3: two campaigns compete for the modal; priority decides, the other is told why.
TEST_F(Campaigns, PriorityDecidesBetweenCompetingCampaigns) {
  load(Json::parse(R"({
    "version": 1,
    "campaigns": {
      "a_promo": {"trigger": {"event": "app_open"}, "placement": "modal", "priority": 10, "content": ["promo"]},
      "z_kyc": {"trigger": {"event": "app_open"}, "placement": "modal", "priority": 90, "content": ["kyc"]},
      "m_card": {"trigger": {"event": "app_open"}, "placement": "card", "priority": 5, "content": ["card"]}
    }
  })"));
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  EXPECT_EQ(track("app_open", t), (std::vector<std::string>{"z_kyc", "m_card"}));
  EXPECT_EQ(last_outcome("a_promo"), "arbitration");
  const auto due = engine.next_nudges(Placement::Modal);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0]->campaign, "z_kyc");
  // Once the winner is dismissed, the next open can bring the other.
  report(due[0]->id, "dismissed", t + kMinute);
  EXPECT_EQ(track("app_open", t + 2 * kMinute), (std::vector<std::string>{"z_kyc", "m_card"}));
  EXPECT_EQ(engine.next_nudges(Placement::Card).size(), 2u);
}

// Story 4: a 10% holdout is stable across reloads and weight changes.
TEST_F(Campaigns, HoldoutIsStableAcrossReloadsAndWeightChanges) {
  const auto config = [](int control) {
    Json c = Json::parse(R"({"version": 1, "campaigns": {"offer": {"trigger": {"event": "app_open"}, "channel": "mobile_push",
                             "content": ["offer"], "variants": {}}}})");
    c["campaigns"]["offer"]["variants"] = {{"A", 45}, {"B", 45}, {"control", control}};
    return c.dump();
  };
  std::map<std::string, int> counts;
  std::map<std::string, std::string> first_assignment;
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  for (int u = 0; u < 2000; ++u) {
    Engine user;
    ASSERT_TRUE(user.load_config(with_catalog(Json::parse(config(10))).dump()).ok);
    user.set_user_id("user-" + std::to_string(u));
    Error error;
    ASSERT_TRUE(user.track("app_open", Json::object(), t, {t, kIndia}, error));
    const std::string variant = user.nudge_state().assignments.at("offer");
    ++counts[variant];
    first_assignment[user.user_id()] = variant;
    // Control users got nothing, but were recorded as having been eligible.
    EXPECT_EQ(user.decisions().empty(), variant == "control");
    if (u % 50 == 0) {
      // Reload (snapshot → fresh engine), then the marketer shrinks the holdout to 2%: nobody moves.
      Engine reloaded;
      ASSERT_TRUE(reloaded.load_config(with_catalog(Json::parse(config(2))).dump()).ok);
      reloaded.set_user_id(user.user_id());
      Errors errors;
      ASSERT_TRUE(reloaded.restore(user.snapshot(), errors));
      ASSERT_TRUE(reloaded.track("app_open", Json::object(), t + kDay, {t + kDay, kIndia}, error));
      EXPECT_EQ(reloaded.nudge_state().assignments.at("offer"), variant);
    }
  }
  EXPECT_NEAR(counts["control"], 200, 45);  // 10% of 2,000, binomial spread
  EXPECT_NEAR(counts["A"], 900, 70);
  // Without stickiness a fresh engine agrees too: the hash alone places a user (GrowthBook's v2).
  Engine fresh;
  ASSERT_TRUE(fresh.load_config(with_catalog(Json::parse(config(10))).dump()).ok);
  fresh.set_user_id("user-7");
  Error error;
  ASSERT_TRUE(fresh.track("app_open", Json::object(), t, {t, kIndia}, error));
  EXPECT_EQ(fresh.nudge_state().assignments.at("offer"), first_assignment["user-7"]);
}

TEST_F(Campaigns, ControlGroupConversionsAreCountedForLift) {
  load(Json::parse(R"({"version": 1, "campaigns": {"offer": {"trigger": {"event": "app_open"}, "channel": "sms",
       "content": ["offer"], "variants": {"control": 100}, "goal": {"event": "loan_taken", "within": "7d"}}}})"));
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  EXPECT_TRUE(track("app_open", t).empty());
  track("loan_taken", t + kDay);
  const Json stats = engine.stats()["offer"];
  EXPECT_EQ(stats["control"]["wouldHaveSeen"], 1);
  EXPECT_EQ(stats["control"]["converted"], 1);
  Error error;
  EXPECT_FALSE(engine.report(engine.nudge_state().nudges().back().id, "shown", t, error));
  EXPECT_EQ(error.code, "report.unknown_nudge");
}

// Story 5: explain names the failing clause and the value it saw.
TEST_F(Campaigns, ExplainNamesTheFailingClause) {
  load(Json::parse(R"({
    "version": 1,
    "segments": {"merchant": {"profile.is_merchant": true}},
    "campaigns": {"gst_tip": {"trigger": {"event": "app_open"}, "placement": "card", "content": ["gst"],
                  "audience": {"segments": ["merchant"], "condition": {"$and": [{"geo.country": "IN"}, {"profile.turnover": {"$gte": 2000000}}]}}}}
  })"));
  Error error;
  ASSERT_TRUE(engine.set_properties(R"({"profile": {"is_merchant": true, "turnover": 350000}, "geo": {"country": "IN"}})", false, error));
  engine.refresh({at("2026-05-04T10:00:00+05:30"), kIndia});
  Json why;
  ASSERT_TRUE(engine.explain("gst_tip", why, error));
  EXPECT_EQ(why["verdict"], "blocked");
  EXPECT_EQ(why["blockedBy"], "audience");
  const Json& audience = why["clauses"][1];
  EXPECT_EQ(audience["segments"][0], Json::parse(R"({"segment": "merchant", "in": true})"));
  const Json& failed = audience["condition"]["children"][1];
  EXPECT_EQ(failed["ok"], false);
  EXPECT_EQ(failed["path"], "profile.turnover");
  EXPECT_EQ(failed["value"], 350000);
  EXPECT_EQ(failed["pointer"], "/campaigns/gst_tip/audience/condition/$and/1/profile.turnover");
  EXPECT_EQ(audience["condition"]["children"][0]["ok"], true);
  EXPECT_FALSE(engine.explain("nope", why, error));
  EXPECT_EQ(error.code, "explain.unknown_campaign");
}

TEST_F(Campaigns, CapsCooldownsAndDismissals) {
  load(Json::parse(R"({"version": 1, "campaigns": {"c": {"trigger": {"event": "open"}, "placement": "banner", "content": ["x"],
       "caps": {"perDay": 2, "total": 4, "cooldown": "1h", "dismissCooldown": "2d"}}}})"));
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  EXPECT_EQ(track("open", t).size(), 1u);
  EXPECT_TRUE(track("open", t + 59 * kMinute).empty());
  EXPECT_EQ(last_outcome("c"), "caps.cooldown");
  EXPECT_EQ(track("open", t + kHour).size(), 1u);
  EXPECT_TRUE(track("open", t + 3 * kHour).empty());
  EXPECT_EQ(last_outcome("c"), "caps.perDay");
  ASSERT_EQ(track("open", t + kDay).size(), 1u);
  report(engine.decisions()[0].id, "dismissed", t + kDay);
  EXPECT_TRUE(track("open", t + 3 * kDay - 1).empty());
  EXPECT_EQ(last_outcome("c"), "caps.dismissCooldown");
  EXPECT_EQ(track("open", t + 3 * kDay).size(), 1u);  // the fourth, and the last ever
  EXPECT_TRUE(track("open", t + 5 * kDay).empty());
  EXPECT_EQ(last_outcome("c"), "caps.total");
}

TEST_F(Campaigns, ScheduleFiresOncePerLocalDayOnItsWeekdays) {
  load(Json::parse(R"({"version": 1, "campaigns": {"weekly_report": {"trigger": {"schedule": {"at": "19:00", "days": ["mon", "thu"]}},
       "channel": "email", "content": ["report"]}}})"));
  EXPECT_TRUE(tick(at("2026-05-04T18:59:00+05:30")).empty());  // a Monday
  EXPECT_EQ(tick(at("2026-05-04T19:00:00+05:30")).size(), 1u);
  EXPECT_TRUE(tick(at("2026-05-04T21:00:00+05:30")).empty());
  EXPECT_TRUE(tick(at("2026-05-05T19:30:00+05:30")).empty());  // Tuesday
  EXPECT_EQ(tick(at("2026-05-07T23:00:00+05:30")).size(), 1u);  // Thursday, late but the same day
}

TEST_F(Campaigns, InactivityFiresOncePerLapse) {
  load(Json::parse(R"({"version": 1, "campaigns": {"miss_you": {"trigger": {"inactivity": {"event": "app_open", "for": "3d"}},
       "channel": "mobile_push", "content": ["miss_you"]}}})"));
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  track("app_open", t);
  EXPECT_TRUE(tick(t + 3 * kDay).empty());
  EXPECT_EQ(tick(t + 3 * kDay + kMinute).size(), 1u);
  EXPECT_TRUE(tick(t + 4 * kDay).empty());
  track("app_open", t + 5 * kDay);
  EXPECT_EQ(tick(t + 8 * kDay + kMinute).size(), 1u);
}

TEST_F(Campaigns, EventTriggersFilterOnProps) {
  load(Json::parse(R"({"version": 1, "campaigns": {"big_entry": {"trigger": {"event": {"name": "ledger_entry_added", "where": {"amount": {"$gte": 10000}}}},
       "placement": "card", "content": ["gst_tip"]}, "checkout_help": {"trigger": {"screen": "checkout"}, "placement": "tooltip", "content": ["help"]}}})"));
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  EXPECT_TRUE(track("ledger_entry_added", t, Json{{"amount", 500}}).empty());
  EXPECT_EQ(track("ledger_entry_added", t + 1, Json{{"amount", 12000}}), std::vector<std::string>{"big_entry"});
  EXPECT_EQ(track("screen_view", t + 2, Json{{"screen", "checkout"}}), std::vector<std::string>{"checkout_help"});
  EXPECT_TRUE(track("screen_view", t + 3, Json{{"screen", "home"}}).empty());
}

TEST_F(Campaigns, NudgeStateSurvivesASnapshot) {
  const char* config = R"({"version": 1, "fatigue": {"perDay": 1},
       "campaigns": {"c": {"trigger": {"event": "open"}, "placement": "inbox", "content": ["x"]}}})";
  load(Json::parse(config));
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  ASSERT_EQ(track("open", t).size(), 1u);
  report(engine.decisions()[0].id, "clicked", t + kMinute);
  Engine reloaded;
  ASSERT_TRUE(reloaded.load_config(with_catalog(Json::parse(config)).dump()).ok);
  Errors errors;
  ASSERT_TRUE(reloaded.restore(engine.snapshot(), errors));
  EXPECT_EQ(reloaded.stats(), engine.stats());
  Error error;
  ASSERT_TRUE(reloaded.track("open", Json::object(), t + 2 * kMinute, {t + 2 * kMinute, kIndia}, error));
  EXPECT_TRUE(reloaded.decisions().empty());  // the day's budget was spent before the reload
  ASSERT_EQ(reloaded.next_nudges(Placement::Inbox).size(), 1u);  // the inbox keeps what was read
  EXPECT_TRUE(reloaded.next_nudges(Placement::Inbox)[0]->clicked);
}

// A replica (a follower tab) counts what happens but never decides; the leader's snapshot brings
// the decisions, and a replica promoted to leader decides again.
TEST_F(Campaigns, ReplicaRecordsButDecidesNothing) {
  const char* config = R"({"version": 1, "segments": {"opener": {"$event": {"name": "open", "count": {"$gte": 2}}}},
       "campaigns": {"c": {"trigger": {"event": "open"}, "placement": "inbox", "content": ["x"]},
                     "s": {"trigger": {"schedule": {"at": "09:00"}}, "placement": "inbox", "content": ["x"]}},
       "rewards": {"streaks": [{"id": "daily", "event": "open", "days": 1}]}})";
  load(Json::parse(config));
  Engine replica;
  ASSERT_TRUE(replica.load_config(with_catalog(Json::parse(config)).dump()).ok);
  replica.set_replica(true);
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  Error error;
  ASSERT_TRUE(replica.track("open", Json::object(), t, {t, kIndia}, error));
  ASSERT_TRUE(replica.track("open", Json::object(), t + kMinute, {t + kMinute, kIndia}, error));
  replica.tick({t + kHour, kIndia});
  EXPECT_TRUE(replica.decisions().empty());
  EXPECT_TRUE(replica.rewards_earned().empty());
  EXPECT_EQ(replica.events().raw_events().size(), 2u);
  EXPECT_EQ(replica.evaluate_segments().size(), 1u);  // its reads are current
  EXPECT_TRUE(replica.next_nudges(Placement::Inbox).empty());

  ASSERT_EQ(track("open", t).size(), 2u);  // the leader decides: the event and the 09:00 schedule
  Errors errors;
  ASSERT_TRUE(replica.restore(engine.snapshot(), errors));
  EXPECT_EQ(replica.next_nudges(Placement::Inbox).size(), 2u);
  EXPECT_EQ(replica.stats(), engine.stats());
  replica.set_replica(false);
  ASSERT_TRUE(replica.track("open", Json::object(), t + kMinute, {t + kMinute, kIndia}, error));
  EXPECT_EQ(replica.decisions().size(), 1u);
}

// The sections an earlier release wrote, copied out of a snapshot: what was stored before scores,
// nudges, plans and games existed (section tags 1 to 4, see engine_snapshot.cpp).
std::string as_first_release(const std::string& snapshot) {
  SnapshotReader payload;
  Error error;
  EXPECT_TRUE(SnapshotReader::open(snapshot, payload, error)) << error.message;
  SnapshotWriter writer;
  std::uint32_t tag = 0;
  SnapshotReader section;
  while (payload.next_section(tag, section)) {
    if (tag > 4) continue;
    writer.begin_section(tag);
    std::uint8_t byte = 0;
    while (section.get_u8(byte)) writer.put_u8(byte);
    writer.end_section();
  }
  return writer.finish();
}

// Migration is by tolerant reading: a snapshot from before a section existed restores what it holds,
// and what it lacks starts fresh, as for a new user, so an app update never costs a user their history.
TEST_F(Campaigns, ASnapshotFromBeforeNudgesExistedRestores) {
  const char* config = R"({"version": 1, "segments": {"opener": {"$event": {"name": "open", "count": {"$gte": 2}}}},
       "scores": {"lead": {"halfLife": "7d", "rules": [{"id": "o", "event": "open", "points": 10}], "grades": [{"name": "warm", "min": 10}]}},
       "campaigns": {"c": {"trigger": {"event": "open"}, "placement": "inbox", "content": ["x"], "caps": {"total": 1}}}})";
  load(Json::parse(config));
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  Error error;
  ASSERT_TRUE(engine.set_properties(R"({"business": {"category": "kirana"}})", false, error));
  track("open", t);
  track("open", t + kMinute);
  const std::string old = as_first_release(engine.snapshot());
  ASSERT_LT(old.size(), engine.snapshot().size());

  Engine updated;
  ASSERT_TRUE(updated.load_config(with_catalog(Json::parse(config)).dump()).ok);
  Errors errors;
  ASSERT_TRUE(updated.restore(old, errors)) << (errors.empty() ? "" : errors[0].message);
  EXPECT_EQ(updated.properties_json(), engine.properties_json());
  EXPECT_EQ(updated.events().raw_events().size(), 2u);
  EXPECT_EQ(updated.evaluate_segments().size(), 1u);
  EXPECT_TRUE(updated.next_nudges(Placement::Inbox).empty());  // nudges were not stored then
  ASSERT_TRUE(updated.track("open", Json::object(), t + 2 * kMinute, {t + 2 * kMinute, kIndia}, error));
  EXPECT_EQ(updated.decisions().size(), 1u);  // so the lifetime cap starts over
  EXPECT_EQ(updated.scores()["lead"]["points"].get<double>() > 0, true);
}

TEST(CampaignsConfig, MistakesNameTheirPlace) {
  const auto first = [](const std::string& campaigns, const std::string& extra = "") {
    Engine engine;
    const LoadResult r = engine.load_config(with_catalog(Json::parse(R"({"version": 1, "segments": {"s": {"a": 1}}, "campaigns": )" + campaigns + extra + "}")).dump());
    return r.errors.empty() ? std::string("(none)") : r.errors[0].code + " " + r.errors[0].pointer;
  };
  EXPECT_EQ(first(R"({"c": {"trigger": {"segmentEntered": "nope"}, "placement": "card", "content": ["x"]}})"),
            "condition.unknown_segment /campaigns/c/trigger/segmentEntered");
  EXPECT_EQ(first(R"({"c": {"trigger": {"onEvent": "x"}, "placement": "card", "content": ["x"]}})"),
            "config.unknown_key /campaigns/c/trigger/onEvent");
  EXPECT_EQ(first(R"({"c": {"trigger": {"event": "open"}, "placement": "card", "channel": "sms", "content": ["x"]}})"),
            "config.missing_key /campaigns/c");
  EXPECT_EQ(first(R"({"c": {"trigger": {"event": "open"}, "placement": "popup", "content": ["x"]}})"),
            "config.invalid_value /campaigns/c/placement");
  EXPECT_EQ(first(R"({"c": {"trigger": {"event": "open"}, "channel": "in_app", "content": ["x"]}})"),
            "config.invalid_value /campaigns/c/channel");
  EXPECT_EQ(first(R"({"c": {"trigger": {"event": "open"}, "placement": "card", "content": ["x"], "caps": {"perDay": -1}}})"),
            "config.invalid_value /campaigns/c/caps/perDay");
  EXPECT_EQ(first(R"({"c": {"trigger": {"event": "open"}, "placement": "card", "content": ["x"], "quietHours": {"from": "25:00", "to": "08:00"}}})"),
            "config.invalid_value /campaigns/c/quietHours/from");
  EXPECT_EQ(first(R"({"c": {"trigger": {"event": "open"}, "placement": "card", "content": ["x"], "variants": {"A": 0, "control": 0}}})"),
            "config.invalid_value /campaigns/c/variants");
  EXPECT_EQ(first(R"({"c": {"trigger": {"event": "open"}, "placement": "card", "content": ["x"], "schedule": {"start": "tomorrow"}}})"),
            "config.invalid_value /campaigns/c/schedule/start");
  EXPECT_EQ(first(R"({"c": {"trigger": {"event": "open"}, "placement": "card", "content": ["x"], "audience": {"condition": {"$adn": []}}}})"),
            "condition.unknown_operator /campaigns/c/audience/condition/$adn");
  EXPECT_EQ(first(R"({"c d": {"trigger": {"event": "open"}, "placement": "card", "content": ["x"]}})"),
            "config.invalid_id /campaigns/c d");
  EXPECT_EQ(first(R"({})", R"(, "fatigue": {"perDay": 2, "perMonth": 9})"), "config.unknown_key /fatigue/perMonth");
  const std::string catalog = R"(, "content": {"tip": {"kind": "tip", "variants": {"en": {"title": "t"}}},
      "wheel": {"kind": "wheel", "widget": {"prizes": [{"id": "p", "weight": 1}]}, "variants": {"en": {"title": "Spin", "widget": {"labels": {"p": "A prize"}}}}}})";
  EXPECT_EQ(first(R"({"c": {"trigger": {"event": "open"}, "placement": "card", "content": ["tip", "tips"]}})", catalog),
            "campaign.unknown_content /campaigns/c/content/1");
  EXPECT_EQ(first(R"({"c": {"trigger": {"event": "open"}, "channel": "sms", "content": ["wheel"]}})", catalog),
            "campaign.game_not_in_app /campaigns/c/content/0");
}

}  // namespace
}  // namespace nudgekit

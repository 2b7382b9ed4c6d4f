// Plans across channels with a fake clock, from the seed stories: push first and SMS a day later only
// when the push went unread; a user who opens pushes never costs a Viber message; unreachable
// channels are skipped, quiet hours and caps delay a step; pending steps survive a reload; a send
// carries only what the config allowlists.
#include <gtest/gtest.h>

#include "nudgekit/engine.h"
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

const char* kCatalog = R"({
  "kyc_help": {"kind": "message", "variants": {"en": {"title": "Finish your KYC", "body": "Two minutes, {{profile.first_name | default: \"friend\"}}"},
                                                "hi": {"title": "KYC पूरा करें", "body": "बस दो मिनट"}}}
})";

class Plans : public ::testing::Test {
 protected:
  void load(const std::string& campaigns, const std::string& extra = "") {
    const std::string text = R"({"version": 1, "languages": {"default": "en", "supported": ["en", "hi"]}, "content": )" +
                             std::string(kCatalog) + R"(, "campaigns": )" + campaigns + (extra.empty() ? "" : ", " + extra) + "}";
    const LoadResult loaded = engine.load_config(text);
    ASSERT_TRUE(loaded.ok) << loaded.errors[0].code << " " << loaded.errors[0].pointer << " " << loaded.errors[0].message;
  }
  void properties(const char* json) {
    Error error;
    ASSERT_TRUE(engine.set_properties(json, false, error)) << error.message;
  }
  // "campaign:channel" per decision of the call.
  std::vector<std::string> track(const char* name, std::int64_t time, const Json& props = Json::object()) {
    Error error;
    EXPECT_TRUE(engine.track(name, props, time, {time, kIndia}, error)) << error.message;
    return decided();
  }
  std::vector<std::string> tick(std::int64_t time) {
    engine.tick({time, kIndia});
    return decided();
  }
  std::vector<std::string> decided() const {
    std::vector<std::string> out;
    for (const Nudge& n : engine.decisions()) out.push_back(n.campaign + ":" + channel_name(n.channel));
    return out;
  }
  void report(const std::string& id, const char* outcome, std::int64_t time) {
    Error error;
    ASSERT_TRUE(engine.report(id, outcome, time, error)) << error.message;
  }
  std::string last_outcome(const std::string& campaign) const {
    const auto found = engine.nudge_state().last_decision.find(campaign);
    return found == engine.nudge_state().last_decision.end() ? "(none)" : found->second.outcome;
  }
  Engine engine;
};

const char* kEscalation = R"({
  "kyc_rescue": {"trigger": {"event": "kyc_stalled"}, "content": ["kyc_help"], "goal": {"event": "kyc_done", "within": "3d"},
                 "plan": [{"channel": "mobile_push"}, {"channel": "sms", "after": "24h"}]}
})";

TEST_F(Plans, PushAtNineThenSmsNextMorningWhenThePushWentUnread) {
  load(kEscalation);
  const std::int64_t nine = at("2026-05-04T09:00:00+05:30");
  EXPECT_EQ(track("kyc_stalled", nine), std::vector<std::string>{"kyc_rescue:mobile_push"});
  EXPECT_TRUE(tick(nine + 23 * kHour).empty());
  EXPECT_EQ(tick(nine + kDay), std::vector<std::string>{"kyc_rescue:sms"});
  const Nudge& sms = engine.decisions()[0];
  EXPECT_EQ(sms.step, 1u);
  EXPECT_EQ(sms.plan, engine.nudge_state().nudges().front().id);
  EXPECT_EQ(sms.decided_ms, nine + kDay);
  EXPECT_TRUE(tick(nine + 3 * kDay).empty()) << "a plan's last step ends it";
}

TEST_F(Plans, AnOpenedPushCancelsTheSms) {
  load(kEscalation);
  const std::int64_t nine = at("2026-05-04T09:00:00+05:30");
  track("kyc_stalled", nine);
  report(engine.decisions()[0].id, "opened", nine + 3 * kHour);
  EXPECT_TRUE(tick(nine + kDay).empty());
  EXPECT_EQ(last_outcome("kyc_rescue"), "plan.reacted");
  EXPECT_TRUE(engine.nudge_state().pending_steps.empty());
}

TEST_F(Plans, AConversionCancelsTheRestEvenWhenStepsIgnoreReactions) {
  load(R"({"kyc_rescue": {"trigger": {"event": "kyc_stalled"}, "content": ["kyc_help"], "goal": {"event": "kyc_done", "within": "3d"},
           "plan": [{"channel": "mobile_push"}, {"channel": "sms", "after": "24h", "unlessReacted": false}]}})");
  const std::int64_t nine = at("2026-05-04T09:00:00+05:30");
  track("kyc_stalled", nine);
  report(engine.decisions()[0].id, "clicked", nine + kHour);
  // A click alone does not stop a step that goes regardless of reactions…
  EXPECT_EQ(tick(nine + kDay), std::vector<std::string>{"kyc_rescue:sms"});
  track("kyc_stalled", nine + 2 * kDay);
  track("kyc_done", nine + 2 * kDay + kHour);
  // …a conversion does.
  EXPECT_TRUE(tick(nine + 3 * kDay + kHour).empty());
  EXPECT_EQ(last_outcome("kyc_rescue"), "plan.converted");
}

TEST_F(Plans, AReactionEventStopsThePlan) {
  load(kEscalation, R"("reactions": {"events": {"push_opened": "opened"}})");
  const std::int64_t nine = at("2026-05-04T09:00:00+05:30");
  track("kyc_stalled", nine);
  track("push_opened", nine + kHour, {{"nudgeId", engine.decisions()[0].id}});
  EXPECT_TRUE(tick(nine + kDay).empty());
  EXPECT_EQ(last_outcome("kyc_rescue"), "plan.reacted");
}

// The lender's story: push before paid messages, and never Viber for someone who opens pushes.
const char* kAutoLender = R"({
  "emi_reminder": {"trigger": {"event": "emi_due"}, "content": ["kyc_help"], "plan": [{"channel": "auto", "from": ["mobile_push", "viber"]}]}
})";
const char* kLenderChannels = R"("channels": {"mobile_push": {"cost": 0.0001, "reachable": {"push.token": {"$exists": true}}},
                                              "viber": {"cost": 0.3, "reachable": {"phone": {"$exists": true}}}},
                                 "reactions": {"minSamples": 3, "minRate": 0.25, "ignoredAfter": "24h"})";

TEST_F(Plans, AUserWhoOpensPushesNeverGetsViber) {
  load(kAutoLender, kLenderChannels);
  properties(R"({"push": {"token": "t-1"}, "phone": "+919800000000"})");
  std::int64_t t = at("2026-05-01T10:00:00+05:30");
  for (int day = 0; day < 30; ++day, t += kDay) {
    ASSERT_EQ(track("emi_due", t), std::vector<std::string>{"emi_reminder:mobile_push"}) << "day " << day;
    if (day % 4 != 3) report(engine.decisions()[0].id, "opened", t + 30 * kMinute);  // opens 3 of every 4
  }
  const std::string reason = engine.nudge_state().nudges().back().channel_reason;
  EXPECT_NE(reason.find("mobile_push chosen: reacted to"), std::string::npos) << reason;
}

TEST_F(Plans, AUserWhoIgnoresPushesIsTriedOnTheNextChannel) {
  load(kAutoLender, kLenderChannels);
  properties(R"({"push": {"token": "t-1"}, "phone": "+919800000000"})");
  std::int64_t t = at("2026-05-01T10:00:00+05:30");
  for (int day = 0; day < 3; ++day, t += kDay) {
    ASSERT_EQ(track("emi_due", t), std::vector<std::string>{"emi_reminder:mobile_push"}) << "untried push goes first, day " << day;
  }
  EXPECT_EQ(track("emi_due", t), std::vector<std::string>{"emi_reminder:viber"});
  const std::string reason = engine.decisions()[0].channel_reason;
  EXPECT_NE(reason.find("viber chosen"), std::string::npos) << reason;
  EXPECT_NE(reason.find("mobile_push skipped: reacted to 0 of the last 3 (rate 0.00 < 0.25)"), std::string::npos) << reason;
}

TEST_F(Plans, UnreachableChannelsAreSkippedAndThePlanGoesOn) {
  load(R"({"kyc_rescue": {"trigger": {"event": "kyc_stalled"}, "content": ["kyc_help"],
           "plan": [{"channel": "mobile_push"}, {"channel": "sms", "after": "2h"}]}})",
       R"("channels": {"mobile_push": {"reachable": {"push.optIn": true}}, "sms": {"reachable": {"phone": {"$exists": true}}}})");
  properties(R"({"phone": "+919800000000"})");
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  EXPECT_TRUE(track("kyc_stalled", t).empty());
  EXPECT_EQ(last_outcome("kyc_rescue"), "channel");
  EXPECT_EQ(tick(t + 2 * kHour), std::vector<std::string>{"kyc_rescue:sms"});
  Json explained;
  Error error;
  ASSERT_TRUE(engine.explain("kyc_rescue", explained, error));
  EXPECT_EQ(explained["plan"]["steps"][0]["now"], nullptr);
  EXPECT_NE(explained["plan"]["steps"][0]["reason"].get<std::string>().find("not reachable"), std::string::npos)
      << explained.dump(2);
  EXPECT_EQ(explained["plan"]["steps"][1]["now"], "sms");
}

TEST_F(Plans, QuietHoursAndCapsDelayAStepInsteadOfDroppingIt) {
  load(R"({"kyc_rescue": {"trigger": {"event": "kyc_stalled"}, "content": ["kyc_help"], "caps": {"perDay": 1},
           "quietHours": {"from": "22:00", "to": "08:00"},
           "plan": [{"channel": "in_app", "placement": "modal"}, {"channel": "mobile_push", "after": "2h"},
                    {"channel": "sms", "after": "1h"}]}})");
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  EXPECT_EQ(track("kyc_stalled", t), std::vector<std::string>{"kyc_rescue:in_app"});
  // The push is due at noon, but the campaign already went once today: it waits for midnight, which
  // is quiet until 08:00.
  EXPECT_TRUE(tick(t + 2 * kHour).empty());
  EXPECT_EQ(last_outcome("kyc_rescue"), "caps.perDay (step delayed)");
  EXPECT_TRUE(tick(at("2026-05-05T00:00:00+05:30")).empty());
  EXPECT_EQ(last_outcome("kyc_rescue"), "held");
  EXPECT_EQ(tick(at("2026-05-05T08:00:00+05:30")), std::vector<std::string>{"kyc_rescue:mobile_push"});
  // The SMS an hour later is over the day's cap again: the next morning.
  EXPECT_TRUE(tick(at("2026-05-05T09:00:00+05:30")).empty());
  EXPECT_EQ(tick(at("2026-05-06T08:00:00+05:30")), std::vector<std::string>{"kyc_rescue:sms"});
}

TEST_F(Plans, TheFatigueBudgetCountsEveryChannelInOneLedger) {
  load(R"({"kyc_rescue": {"trigger": {"event": "kyc_stalled"}, "content": ["kyc_help"],
           "plan": [{"channel": "in_app", "placement": "card"}, {"channel": "mobile_push", "after": "1h"}]},
           "tip": {"trigger": {"event": "app_open"}, "placement": "banner", "content": ["kyc_help"]}})",
       R"("fatigue": {"perDay": 2})");
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  track("kyc_stalled", t);
  EXPECT_EQ(track("app_open", t + 10 * kMinute), std::vector<std::string>{"tip:in_app"});
  EXPECT_TRUE(tick(t + kHour).empty()) << "two nudges today already, whatever their channel";
  EXPECT_EQ(last_outcome("kyc_rescue"), "fatigue.perDay (step delayed)");
  EXPECT_EQ(tick(at("2026-05-05T00:00:00+05:30")), std::vector<std::string>{"kyc_rescue:mobile_push"});
}

TEST_F(Plans, PendingStepsAndChannelHistorySurviveAReload) {
  load(kEscalation);
  const std::int64_t nine = at("2026-05-04T09:00:00+05:30");
  track("kyc_stalled", nine);
  const std::string snapshot = engine.snapshot();
  Engine reloaded;
  ASSERT_TRUE(reloaded.load_config(R"({"version": 1, "languages": {"default": "en"}, "content": )" + std::string(kCatalog) +
                                   R"(, "campaigns": )" + kEscalation + "}")
                  .ok);
  Errors errors;
  ASSERT_TRUE(reloaded.restore(snapshot, errors)) << errors[0].message;
  ASSERT_EQ(reloaded.nudge_state().pending_steps.size(), 1u);
  reloaded.tick({nine + kDay, kIndia});
  ASSERT_EQ(reloaded.decisions().size(), 1u);
  EXPECT_EQ(reloaded.decisions()[0].channel, Channel::Sms);
  EXPECT_EQ(reloaded.decisions()[0].plan, engine.decisions()[0].id);
  // The snapshot after the reload still knows which plan the SMS belongs to.
  Engine again;
  ASSERT_TRUE(again.load_config(R"({"version": 1, "languages": {"default": "en"}, "content": )" + std::string(kCatalog) +
                                R"(, "campaigns": )" + kEscalation + "}")
                  .ok);
  ASSERT_TRUE(again.restore(reloaded.snapshot(), errors));
  EXPECT_EQ(again.nudge_state().nudges().back().step, 1u);
}

TEST_F(Plans, ASendCarriesOnlyTheAllowlistedVariables) {
  load(kEscalation, R"("sends": {"variables": ["first_name", "business.name", "business"]})");
  properties(R"({"first_name": "Asha", "business": {"name": "Asha Stores", "gstin": "CANARY-7f3a"}, "phone": "CANARY-7f3a",
                 "app": {"language": "hi"}})");
  const std::int64_t nine = at("2026-05-04T09:00:00+05:30");
  track("kyc_stalled", nine, {{"note", "CANARY-7f3a"}});
  ASSERT_EQ(engine.decisions().size(), 1u);
  const Json payload = engine.send_payload(engine.decisions()[0]);
  EXPECT_EQ(payload, Json::parse(R"({"schema": "nudgekit.send/1", "userId": "", "campaign": "kyc_rescue", "variant": "", "step": 0,
                                     "channel": "mobile_push", "item": "kyc_help", "language": "hi", "createdAt": )" +
                                 std::to_string(nine) + R"(, "vars": {"first_name": "Asha", "business.name": "Asha Stores"}})"));
  EXPECT_EQ(payload.dump().find("CANARY"), std::string::npos);
  const Json document = engine.nudge_document(engine.decisions()[0]);
  EXPECT_EQ(document["send"], payload);
  EXPECT_EQ(document["step"], 0);
}

TEST_F(Plans, ConfigMistakesAreNamedByPointer) {
  const auto first_error = [&](const std::string& campaigns, const std::string& extra = "") {
    const std::string text = R"({"version": 1, "languages": {"default": "en"}, "content": )" + std::string(kCatalog) +
                             R"(, "campaigns": )" + campaigns + (extra.empty() ? "" : ", " + extra) + "}";
    const LoadResult loaded = engine.load_config(text);
    return loaded.ok ? std::string("(loaded)") : loaded.errors[0].pointer + " " + loaded.errors[0].code;
  };
  const std::string head = R"({"c": {"trigger": {"event": "e"}, "content": ["kyc_help"], )";
  EXPECT_EQ(first_error(head + R"("plan": [{"channel": "in_app"}]}})"), "/campaigns/c/plan/0 config.missing_key");
  EXPECT_EQ(first_error(head + R"("plan": [{"channel": "sms", "after": "1h"}]}})"), "/campaigns/c/plan/0/after config.unknown_key");
  EXPECT_EQ(first_error(head + R"("plan": [{"channel": "pigeon"}]}})"), "/campaigns/c/plan/0/channel config.invalid_value");
  EXPECT_EQ(first_error(head + R"("plan": [{"channel": "sms", "from": ["viber"]}]}})"), "/campaigns/c/plan/0/from config.unknown_key");
  EXPECT_EQ(first_error(head + R"("plan": [{"channel": "auto", "from": ["in_app"]}]}})"), "/campaigns/c/plan/0/from/0 config.invalid_value");
  EXPECT_EQ(first_error(head + R"("plan": []}})"), "/campaigns/c/plan config.invalid_type");
  EXPECT_EQ(first_error(head + R"("plan": [{"channel": "sms"}], "placement": "card"}})"), "/campaigns/c config.missing_key");
  EXPECT_EQ(first_error(head + R"("plan": [{"channel": "sms"}, {"channel": "viber", "after": "1d"}]}})", R"("channels": {"sms": {}})"),
            "/campaigns/c/plan/1 campaign.unavailable_channel");
  EXPECT_EQ(first_error(head + R"("channel": "sms"}})", R"("channels": {"sms": {"cost": -1}})"), "/channels/sms/cost config.invalid_value");
  EXPECT_EQ(first_error(head + R"("channel": "sms"}})", R"("channels": {"fax": {}})"), "/channels/fax config.unknown_key");
  EXPECT_EQ(first_error(head + R"("channel": "sms"}})", R"("channels": {"sms": {"reachable": {"phone": {"$nope": 1}}}})"),
            "/channels/sms/reachable/phone/$nope condition.unknown_operator");
  EXPECT_EQ(first_error(head + R"("channel": "sms"}})", R"("reactions": {"events": {"push_opened": "loved"}})"),
            "/reactions/events/push_opened config.invalid_value");
  EXPECT_EQ(first_error(head + R"("channel": "sms"}})", R"("reactions": {"minRate": 2})"), "/reactions/minRate config.invalid_value");
  EXPECT_EQ(first_error(head + R"("channel": "sms"}})", R"("sends": {"variables": ["a", "a"]})"), "/sends/variables/1 config.invalid_value");
  EXPECT_EQ(first_error(head + R"("channel": "sms"}})", R"("sends": {"variables": "first_name"})"), "/sends/variables config.invalid_type");
}

TEST_F(Plans, ForgetLeavesTheConfigAndNothingOfTheUser) {
  load(kEscalation);
  properties(R"({"first_name": "Asha"})");
  const std::int64_t nine = at("2026-05-04T09:00:00+05:30");
  track("kyc_stalled", nine);
  ASSERT_EQ(engine.nudge_state().pending_steps.size(), 1u);
  engine.forget("anon-2", true);
  EXPECT_EQ(engine.properties_json(), "{}");
  EXPECT_TRUE(engine.nudge_state().pending_steps.empty());
  EXPECT_TRUE(engine.nudge_state().nudges().empty());
  EXPECT_EQ(engine.user_id(), "anon-2");
  EXPECT_EQ(engine.campaign_count(), 1u);
  EXPECT_TRUE(tick(nine + kDay).empty());
  EXPECT_EQ(track("kyc_stalled", nine + kDay), std::vector<std::string>{"kyc_rescue:mobile_push"}) << "the config still works";
}

TEST_F(Plans, ChannelHistoryDecaysOldReactions) {
  ChannelHistory history;
  ReactionsConfig config;
  config.half_life_ms = 7 * kDay;
  const std::int64_t t0 = at("2026-05-01T10:00:00+05:30");
  // Opened everything a month ago, ignores everything this week.
  for (int i = 0; i < 5; ++i) {
    history.delivered(Channel::MobilePush, "old." + std::to_string(i), t0 + i * kHour);
    history.reacted(Channel::MobilePush, "old." + std::to_string(i), t0 + i * kHour + kMinute);
  }
  for (int i = 0; i < 5; ++i) history.delivered(Channel::MobilePush, "new." + std::to_string(i), t0 + 28 * kDay + i * kHour);
  const ReactionSummary summary = history.summary(Channel::MobilePush, t0 + 30 * kDay, config);
  EXPECT_EQ(summary.reacted, 5);
  EXPECT_EQ(summary.ignored, 5);
  EXPECT_LT(summary.rate, 0.1) << "a month-old open weighs a sixteenth of this week's silence";
  const ReactionSummary too_soon = history.summary(Channel::MobilePush, t0 + 28 * kDay + 6 * kHour, config);
  EXPECT_EQ(too_soon.ignored, 0) << "unanswered for hours is not yet ignored";
}

}  // namespace
}  // namespace nudgekit

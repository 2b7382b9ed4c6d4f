// Content and games as the engine serves them: a decided nudge carries its item rendered for the user,
// "best" picks by the merchant's category and lifecycle stage, and wheels, quizzes and streak rewards
// keep their rules across reloads.
#include <gtest/gtest.h>

#include "nudgekit/engine.h"
#include "nudgekit/time_text.h"

namespace nudgekit {
namespace {

constexpr std::int32_t kIndia = 330;
constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;

std::int64_t at(const char* instant) {
  std::int64_t ms = 0;
  EXPECT_TRUE(parse_instant(instant, ms)) << instant;
  return ms;
}

const char* kConfig = R"({
  "version": 1,
  "languages": {"default": "en"},
  "scores": {"lifecycle": {"stages": [
    {"name": "educate", "when": {"$event": {"name": "help_open"}}},
    {"name": "enable", "when": {"$event": {"name": "ledger_entry_added", "within": "30d", "count": {"$gte": 3}}}}]}},
  "content": {
    "tip_generic": {"kind": "tip", "variants": {"en": {"title": "Hello {{profile.first_name | default: 'friend'}}"}}},
    "video_kirana": {"kind": "video", "category": "kirana", "stages": ["educate"],
      "variants": {"en": {"title": "Stock your shelves", "media": {"video": "https://cdn.example.in/k.mp4"}}}},
    "video_pharmacy": {"kind": "video", "category": "pharmacy",
      "variants": {"en": {"title": "Track expiry dates", "media": {"video": "https://cdn.example.in/p.mp4"}}}},
    "tip_kirana_enable": {"kind": "tip", "category": "kirana", "stages": ["enable"],
      "variants": {"en": {"title": "Send reminders for ₹{{vars.due | number}}"}}},
    "wheel_diwali": {"kind": "wheel",
      "widget": {"prizes": [{"id": "cashback", "weight": 1, "limit": {"total": 1}}, {"id": "again", "weight": 1}],
                 "spins": {"perDay": 2}},
      "variants": {"en": {"title": "Spin", "widget": {"labels": {"cashback": "₹50 cashback", "again": "Try again"}}}}},
    "quiz_gst": {"kind": "quiz", "widget": {"answers": {"q1": "b", "q2": "a"}, "pass": 1},
      "variants": {"en": {"title": "GST quiz", "widget": {"questions": [
        {"id": "q1", "text": "Bill above?", "choices": [{"id": "a", "text": "₹100"}, {"id": "b", "text": "₹200"}],
         "explanation": "A bill is needed above ₹200."},
        {"id": "q2", "text": "Filed?", "choices": [{"id": "a", "text": "Monthly"}, {"id": "b", "text": "Never"}]}]}}}}
  },
  "segments": {"passed_gst_quiz": {"$event": {"name": "quiz_answered", "where": {"item": "quiz_gst", "passed": true}}}},
  "rewards": {"streaks": [{"id": "week_of_entries", "event": "ledger_entry_added", "days": 3}]},
  "campaigns": {
    "hello": {"trigger": {"event": "app_open"}, "placement": "banner", "content": ["tip_generic"]},
    "learn": {"trigger": {"event": "help_open"}, "placement": "card",
              "content": {"best": {"kinds": ["video", "tip"], "notSeenWithin": "7d"}}}
  }
})";

class EngineContent : public ::testing::Test {
 protected:
  void SetUp() override {
    const LoadResult loaded = engine.load_config(kConfig);
    ASSERT_TRUE(loaded.ok) << loaded.errors[0].code << " " << loaded.errors[0].pointer << " " << loaded.errors[0].message;
  }
  void track(const char* name, std::int64_t time, const Json& props = Json::object()) {
    Error error;
    ASSERT_TRUE(engine.track(name, props, time, {time, kIndia}, error)) << error.message;
  }
  void set(const Json& properties) {
    Error error;
    ASSERT_TRUE(engine.set_properties(properties.dump(), false, error)) << error.message;
  }
  Json first_content() const {
    EXPECT_EQ(engine.decisions().size(), 1u);
    if (engine.decisions().empty()) return nullptr;
    return engine.nudge_document(engine.decisions()[0])["content"];
  }
  Engine engine;
};

TEST_F(EngineContent, ADecidedNudgeCarriesItsItemRenderedForTheUser) {
  track("app_open", at("2026-05-04T10:00:00+05:30"));
  Json content = first_content();
  EXPECT_EQ(content["item"], "tip_generic");
  EXPECT_EQ(content["language"], "en");
  EXPECT_EQ(content["direction"], "ltr");
  EXPECT_EQ(content["title"], "Hello friend");
  set({{"first_name", "Asha"}});
  Json out;
  Error error;
  ASSERT_TRUE(engine.render_item("tip_generic", out, error));
  EXPECT_EQ(out["title"], "Hello Asha");
  EXPECT_FALSE(engine.render_item("tip_gneric", out, error));
  EXPECT_EQ(error.code, "content.unknown_item");
}

TEST_F(EngineContent, BestPicksTheMerchantsCategoryAndStageThenRotates) {
  set({{"business", {{"category", "kirana"}}}});
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  track("help_open", t);
  EXPECT_EQ(first_content()["item"], "video_kirana");  // kirana + educate beats the generic tip
  Error error;
  ASSERT_TRUE(engine.report(engine.decisions()[0].id, "shown", t, error));
  // Seen within 7 days: the next best that fits is the generic tip (the enable-stage tip does not fit yet).
  track("help_open", t + kHour);
  EXPECT_EQ(first_content()["item"], "tip_generic");
  ASSERT_TRUE(engine.report(engine.decisions()[0].id, "shown", t + kHour, error));
  // Three entries move the merchant to "enable": the tip made for that stage wins, rendered.
  for (int i = 0; i < 3; ++i) track("ledger_entry_added", t + 2 * kHour + i);
  track("help_open", t + 3 * kHour);
  EXPECT_EQ(first_content()["item"], "tip_kirana_enable");
  // A pharmacy never gets the kirana video.
  Engine pharmacy;
  ASSERT_TRUE(pharmacy.load_config(kConfig).ok);
  ASSERT_TRUE(pharmacy.set_properties(R"({"business": {"category": "pharmacy"}})", false, error));
  ASSERT_TRUE(pharmacy.track("help_open", Json::object(), t, {t, kIndia}, error));
  ASSERT_EQ(pharmacy.decisions().size(), 1u);
  EXPECT_EQ(pharmacy.decisions()[0].item, "video_pharmacy");
}

TEST_F(EngineContent, TheWheelDrawsFromTheSeedWithinItsLimits) {
  const std::int64_t t = at("2026-05-04T10:00:00+05:30");
  track("app_open", t);
  Error error;
  Json first;
  ASSERT_TRUE(engine.spin("wheel_diwali", 1, first, error)) << error.message;
  EXPECT_TRUE(first["prize"] == "cashback" || first["prize"] == "again");
  EXPECT_EQ(first["label"], first["prize"] == "cashback" ? "₹50 cashback" : "Try again");
  EXPECT_EQ(first["spinsLeft"]["today"], 1);
  EXPECT_TRUE(first["spinsLeft"]["total"].is_null());
  // The same seed on a fresh user draws the same prize: the draw is replayable.
  Engine twin;
  ASSERT_TRUE(twin.load_config(kConfig).ok);
  ASSERT_TRUE(twin.track("app_open", Json::object(), t, {t, kIndia}, error));
  Json again;
  ASSERT_TRUE(twin.spin("wheel_diwali", 1, again, error));
  EXPECT_EQ(again["prize"], first["prize"]);
  Json second;
  ASSERT_TRUE(engine.spin("wheel_diwali", 2, second, error));
  Json third;
  EXPECT_FALSE(engine.spin("wheel_diwali", 3, third, error));
  EXPECT_EQ(error.code, "game.no_spins_left");
  // The cashback is won at most once, ever, whatever the seeds say.
  int cashbacks = (first["prize"] == "cashback") + (second["prize"] == "cashback");
  for (int day = 1; day <= 20; ++day) {
    const std::int64_t later = t + day * kDay;
    engine.tick({later, kIndia});
    Json spun;
    ASSERT_TRUE(engine.spin("wheel_diwali", 1000 + day, spun, error)) << error.message;
    cashbacks += spun["prize"] == "cashback";
  }
  EXPECT_EQ(cashbacks, 1);
  EXPECT_FALSE(engine.spin("quiz_gst", 1, third, error));
  EXPECT_EQ(error.code, "game.not_a_wheel");
}

TEST_F(EngineContent, AQuizCountsTheFirstAnswerAndSurvivesAReload) {
  track("app_open", at("2026-05-04T10:00:00+05:30"));
  Json out;
  Error error;
  // Rendered before any answer: the questions, not the key nor the explanations that give it away.
  Json rendered;
  ASSERT_TRUE(engine.render_item("quiz_gst", rendered, error)) << error.message;
  EXPECT_FALSE(rendered["widget"].contains("answers"));
  ASSERT_TRUE(rendered["widget"]["questions"].is_array());
  EXPECT_EQ(rendered["widget"]["questions"][0]["id"], "q1");
  for (const Json& question : rendered["widget"]["questions"]) EXPECT_FALSE(question.contains("explanation"));
  ASSERT_TRUE(engine.answer_quiz("quiz_gst", "q1", "a", out, error));
  EXPECT_FALSE(out["correct"]);
  EXPECT_EQ(out["answer"], "b");
  EXPECT_EQ(out["explanation"], "A bill is needed above ₹200.");
  EXPECT_FALSE(out["completed"]);
  // A second tap on q1 changes nothing.
  ASSERT_TRUE(engine.answer_quiz("quiz_gst", "q1", "b", out, error));
  EXPECT_TRUE(out["repeat"]);
  EXPECT_EQ(out["choice"], "a");
  EXPECT_EQ(out["right"], 0);
  Engine reloaded;
  ASSERT_TRUE(reloaded.load_config(kConfig).ok);
  Errors errors;
  ASSERT_TRUE(reloaded.restore(engine.snapshot(), errors));
  ASSERT_TRUE(reloaded.answer_quiz("quiz_gst", "q2", "a", out, error));
  EXPECT_TRUE(out["correct"]);
  EXPECT_EQ(out["answered"], 2);
  EXPECT_TRUE(out["completed"]);
  EXPECT_TRUE(out["passed"]);  // "pass": 1
  // The answer was tracked: the segment that reads it is entered now.
  ASSERT_EQ(reloaded.changes().size(), 1u);
  EXPECT_TRUE(reloaded.changes()[0].entered);
  EXPECT_EQ(reloaded.segment_names()[reloaded.changes()[0].segment], "passed_gst_quiz");
  EXPECT_FALSE(reloaded.answer_quiz("quiz_gst", "q9", "a", out, error));
  EXPECT_EQ(error.code, "game.unknown_question");
  EXPECT_FALSE(reloaded.answer_quiz("wheel_diwali", "q1", "a", out, error));
  EXPECT_EQ(error.code, "game.not_a_quiz");
}

TEST_F(EngineContent, AStreakRewardIsEarnedOncePerUnbrokenStreak) {
  const std::int64_t day0 = at("2026-05-04T10:00:00+05:30");
  track("ledger_entry_added", day0);
  track("ledger_entry_added", day0 + kDay);
  EXPECT_TRUE(engine.rewards_earned().empty());
  track("ledger_entry_added", day0 + 2 * kDay);
  EXPECT_EQ(engine.rewards_earned(), std::vector<std::string>{"week_of_entries"});
  track("ledger_entry_added", day0 + 3 * kDay);  // the same streak goes on: nothing new
  EXPECT_TRUE(engine.rewards_earned().empty());
  Json rewards = engine.rewards();
  ASSERT_EQ(rewards["earned"].size(), 1u);
  EXPECT_EQ(rewards["streaks"][0]["current"], 4);
  // Broken (a day without an entry), then three days again: earned a second time.
  const std::int64_t restart = day0 + 5 * kDay;
  track("ledger_entry_added", restart);
  track("ledger_entry_added", restart + kDay);
  track("ledger_entry_added", restart + 2 * kDay);
  EXPECT_EQ(engine.rewards_earned(), std::vector<std::string>{"week_of_entries"});
  EXPECT_EQ(engine.rewards()["earned"][0]["time"], restart + 2 * kDay);
}

TEST(EngineContentConfig, GamesAndContentMistakesNameTheirPlace) {
  const auto first = [](const std::string& extra) {
    Engine engine;
    const LoadResult r = engine.load_config(R"({"version": 1, "languages": {"default": "en"})" + extra + "}");
    return r.errors.empty() ? std::string("(none)") : r.errors[0].code + " " + r.errors[0].pointer;
  };
  EXPECT_EQ(first(R"(, "content": {"t": {"kind": "tip", "variants": {"hi": {"title": "x"}}}})"),
            "content.missing_default_variant /content/t/variants");
  EXPECT_EQ(first(R"(, "rewards": {"streaks": [{"id": "s", "event": "e", "days": 0}]})"),
            "config.invalid_value /rewards/streaks/0/days");
}

}  // namespace
}  // namespace nudgekit

// The user's language from their signals, from the seed stories: the first message is already in the
// user's language before they pick one, an explicit choice wins everywhere, and content follows.
#include <gtest/gtest.h>

#include "nudgekit/engine.h"
#include "nudgekit/language_choice.h"

namespace nudgekit {
namespace {

constexpr std::int64_t kNow = 1'793'000'000'000;
const std::vector<std::string> kIndian = {"hi", "bn", "ta", "te", "mr", "gu", "kn", "ml", "pa", "or", "as", "ur", "en"};

LanguagesConfig config(const char* section = R"({"default": "en"})") {
  LanguagesConfig out;
  Errors errors;
  compile_languages(Json{{"languages", Json::parse(section)}}, out, errors);
  EXPECT_TRUE(errors.empty()) << errors[0].pointer << " " << errors[0].message;
  return out;
}

LanguageDecision choose(const Json& profile, const std::vector<std::string>& supported = kIndian,
                        const LanguagesConfig& languages = config()) {
  return choose_language(languages, supported, profile, kNow);
}

TEST(LanguageChoice, AHindiAdInUttarPradeshBeatsAnEnglishPhone) {
  const Json user = Json::parse(R"({"utm": {"language": "hi"}, "geo": {"country": "IN", "region": "IN-UP"},
                                    "device": {"languages": ["en-US", "en"]}})");
  const LanguageDecision d = choose(user);
  EXPECT_EQ(d.tag, "hi");
  EXPECT_STREQ(language_source_name(d.source), "campaign");
  EXPECT_EQ(d.chain, (std::vector<std::string>{"hi", "en"}));  // the region agrees; the phone says English
  // The ad's language expires; the state still says Hindi.
  Json later = user;
  later["utm"]["expiresAt"] = kNow - 1;
  const LanguageDecision after = choose(later);
  EXPECT_EQ(after.tag, "hi");
  EXPECT_STREQ(language_source_name(after.source), "region");
}

TEST(LanguageChoice, ATamilNaduUserWithNoOtherSignalGetsTamil) {
  const LanguageDecision d = choose(Json::parse(R"({"geo": {"country": "IN", "region": "IN-TN"}})"));
  EXPECT_EQ(d.tag, "ta");
  EXPECT_STREQ(language_source_name(d.source), "region");
  EXPECT_EQ(d.direction, "ltr");
  // A retired code reads as the current one: IN-OR is Odisha (IN-OD), Odia.
  EXPECT_EQ(choose(Json::parse(R"({"geo": {"region": "IN-OR"}})")).tag, "or");
  // A factory-default English phone does not outrank the state; a phone the user set does.
  EXPECT_EQ(choose(Json::parse(R"({"geo": {"region": "IN-TN"}, "device": {"languages": ["en-US"]}})")).tag, "ta");
  EXPECT_EQ(choose(Json::parse(R"({"geo": {"region": "IN-TN"}, "device": {"languages": ["en-US"], "languagesChosen": true}})")).tag, "en");
}

TEST(LanguageChoice, AnExplicitChoiceWinsOverEverySignal) {
  const LanguageDecision d = choose(Json::parse(R"({"app": {"language": "bn"}, "utm": {"language": "hi"},
      "geo": {"region": "IN-TN"}, "device": {"languages": ["ta-IN"], "languagesChosen": true}})"));
  EXPECT_EQ(d.tag, "bn");
  EXPECT_STREQ(language_source_name(d.source), "app");
  EXPECT_EQ(d.chain, (std::vector<std::string>{"bn", "hi", "ta", "en"}));
}

TEST(LanguageChoice, ScriptsAndRegionalVariantsFollowCldr) {
  const std::vector<std::string> chinese = {"zh-Hans", "zh-Hant", "en"};
  EXPECT_EQ(choose(Json::parse(R"({"device": {"languages": ["zh-TW"]}})"), chinese).tag, "zh-Hant");
  EXPECT_EQ(choose(Json::parse(R"({"device": {"languages": ["zh-CN"]}})"), chinese).tag, "zh-Hans");
  EXPECT_EQ(choose(Json::parse(R"({"device": {"languages": ["es-MX"]}})"), {"es", "es-419", "en"}).tag, "es-419");
  EXPECT_EQ(choose(Json::parse(R"({"device": {"languages": ["pt-AO"]}})"), {"pt", "pt-PT", "en"}).tag, "pt-PT");
  const LanguageDecision urdu = choose(Json::parse(R"({"app": {"language": "ur"}})"));
  EXPECT_EQ(urdu.tag, "ur");
  EXPECT_EQ(urdu.direction, "rtl");
  EXPECT_EQ(choose(Json::parse(R"({"app": {"language": "pa-Arab"}})"), {"pa", "pa-Arab", "en"}).direction, "rtl");
  EXPECT_EQ(choose(Json::parse(R"({"app": {"language": "pa"}})"), {"pa", "pa-Arab", "en"}).direction, "ltr");
  // Legacy codes are canonicalized before matching: iw is Hebrew.
  EXPECT_EQ(choose(Json::parse(R"({"app": {"language": "iw"}})"), {"he", "en"}).tag, "he");
}

TEST(LanguageChoice, PrecedenceAndFallbacksAreConfigurable) {
  const LanguagesConfig languages = config(R"({"default": "en", "precedence": ["region", "app", "default"], "fallbacks": {"gu": ["hi"]}})");
  const LanguageDecision d = choose(Json::parse(R"({"app": {"language": "bn"}, "geo": {"region": "IN-GJ"}})"), kIndian, languages);
  EXPECT_EQ(d.tag, "gu");
  EXPECT_EQ(d.chain, (std::vector<std::string>{"gu", "hi", "bn", "en"}));
  // Junk in the profile is skipped, never fatal; with nothing usable the default decides.
  const LanguageDecision junk = choose(Json::parse(R"({"app": {"language": "not a tag!"}, "device": {"languages": [3, null, "x"]}})"));
  EXPECT_EQ(junk.tag, "en");
  EXPECT_STREQ(language_source_name(junk.source), "default");
}

TEST(LanguageChoice, MistakesInTheSectionNameTheirPlace) {
  const auto first = [](const char* section) {
    LanguagesConfig out;
    Errors errors;
    compile_languages(Json{{"languages", Json::parse(section)}}, out, errors);
    return errors.empty() ? std::string("(none)") : errors[0].code + " " + errors[0].pointer;
  };
  EXPECT_EQ(first(R"({"default": "e"})"), "language.invalid_tag /languages/default");
  EXPECT_EQ(first(R"({"supported": ["hi", "HI"]})"), "config.invalid_value /languages/supported/1");
  EXPECT_EQ(first(R"({"precedence": ["app", "gps"]})"), "config.invalid_value /languages/precedence/1");
  EXPECT_EQ(first(R"({"fallbacks": {"gu": "hi"}})"), "config.invalid_type /languages/fallbacks/gu");
  EXPECT_EQ(first(R"({"defualt": "en"})"), "config.unknown_key /languages/defualt");
}

TEST(LanguageChoice, TheEngineSpeaksTheChosenLanguageInItsNudges) {
  Engine engine;
  const LoadResult loaded = engine.load_config(R"({"version": 1, "languages": {"default": "en"},
    "content": {"tip": {"kind": "tip", "variants": {"en": {"title": "Hello"}, "ta": {"title": "வணக்கம்"}, "ur": {"title": "سلام"}}}},
    "campaigns": {"c": {"trigger": {"event": "app_open"}, "placement": "banner", "content": ["tip"]}}})");
  ASSERT_TRUE(loaded.ok) << loaded.errors[0].message;
  Error error;
  ASSERT_TRUE(engine.set_properties(R"({"geo": {"region": "IN-TN"}, "device": {"languages": ["en-IN"]}})", false, error));
  ASSERT_TRUE(engine.track("app_open", Json::object(), kNow, {kNow, 330}, error));
  ASSERT_EQ(engine.decisions().size(), 1u);
  Json content = engine.nudge_document(engine.decisions()[0])["content"];
  EXPECT_EQ(content["title"], "வணக்கம்");
  EXPECT_EQ(engine.language().to_json()["source"], "region");
  ASSERT_TRUE(engine.set_properties(R"({"app": {"language": "ur"}})", false, error));
  ASSERT_TRUE(engine.render_item("tip", content, error));
  EXPECT_EQ(content["title"], "سلام");
  EXPECT_EQ(content["direction"], "rtl");
  // Only the raw signals are kept: removing the choice brings the region back.
  ASSERT_TRUE(engine.unset_properties(R"(["app.language"])", error));
  EXPECT_EQ(engine.language().tag, "ta");
}

TEST(LanguageChoice, LanguageIsAnAttributeOfConditions) {
  Engine engine;
  const LoadResult loaded = engine.load_config(R"({"version": 1, "languages": {"default": "en", "supported": ["hi", "ta", "en"]},
    "segments": {"speaks_hindi": {"language": "hi"}, "indic": {"language": {"$in": ["hi", "ta"]}}}})");
  ASSERT_TRUE(loaded.ok) << loaded.errors[0].message;
  const auto segments = [&](std::int64_t now) {
    engine.tick({now, 330});
    std::vector<std::string> names;
    for (const std::uint32_t i : engine.evaluate_segments()) names.push_back(engine.segment_names()[i]);
    return names;
  };
  EXPECT_TRUE(segments(kNow).empty());  // nothing but the default: English
  Error error;
  // A Hindi ad whose language counts for a day, on a Tamil Nadu phone.
  ASSERT_TRUE(engine.set_properties(R"({"utm": {"language": "hi", "expiresAt": )" + std::to_string(kNow + 86'400'000) +
                                        R"(}, "geo": {"region": "IN-TN"}})", false, error));
  EXPECT_EQ(segments(kNow), (std::vector<std::string>{"indic", "speaks_hindi"}));
  // The day passes with no other change: the state's Tamil takes over.
  EXPECT_EQ(segments(kNow + 2 * 86'400'000), std::vector<std::string>{"indic"});
  // The decided language is what conditions see, whatever the profile holds under "language".
  ASSERT_TRUE(engine.set_properties(R"({"language": "hi"})", false, error));
  EXPECT_EQ(segments(kNow + 2 * 86'400'000), std::vector<std::string>{"indic"});
}

// The demo's marketer panel caught this: an ad-hoc condition saw no `language` when no segment read it.
TEST(LanguageChoice, AnAdHocConditionSeesTheDecidedLanguageToo) {
  Engine engine;
  ASSERT_TRUE(engine.load_config(R"({"version": 1, "languages": {"default": "en", "supported": ["kn", "en"]},
    "segments": {"south": {"geo.region": "IN-KA"}}})").ok);
  Error error;
  ASSERT_TRUE(engine.set_properties(R"({"geo": {"region": "IN-KA"}, "language": "en"})", false, error));
  const EvaluateResult kannada = engine.evaluate(R"({"language": "kn"})");
  ASSERT_TRUE(kannada.errors.empty());
  EXPECT_TRUE(kannada.value);
  EXPECT_FALSE(engine.evaluate(R"({"language": "en"})").value);  // the decision, not the profile's key
}

// The decision is kept while the properties it reads stay the same; any of them changing, in value or
// presence, or a new config, decides again.
TEST(LanguageChoice, UnrelatedPropertiesKeepTheDecisionAndSignalsOrConfigsRedecide) {
  Engine engine;
  ASSERT_TRUE(engine.load_config(R"({"version": 1, "languages": {"default": "en", "supported": ["ta", "kn", "hi", "en"]}})").ok);
  Error error;
  ASSERT_TRUE(engine.set_properties(R"({"geo": {"region": "IN-TN"}, "ledger": {"entries": 3}})", true, error));
  EXPECT_EQ(engine.language().tag, "ta");
  ASSERT_TRUE(engine.set_properties(R"({"geo": {"region": "IN-TN"}, "ledger": {"entries": 4}})", true, error));
  EXPECT_EQ(engine.language().tag, "ta");
  ASSERT_TRUE(engine.set_properties(R"({"geo": {"region": "IN-KA"}, "ledger": {"entries": 4}})", true, error));
  EXPECT_EQ(engine.language().tag, "kn");
  ASSERT_TRUE(engine.set_properties(R"({"geo": {"region": "IN-KA"}, "device": {"languagesChosen": true, "languages": ["hi"]}})", true, error));
  EXPECT_EQ(engine.language().tag, "hi");
  ASSERT_TRUE(engine.unset_properties(R"(["device.languagesChosen"])", error));
  EXPECT_EQ(engine.language().tag, "kn");  // a factory-default device gives way to the state again
  ASSERT_TRUE(engine.load_config(R"({"version": 1, "languages": {"default": "en", "supported": ["hi", "en"]}})").ok);
  // Kannada is not supported any more: CLDR's one-way kn → en distance makes English the state's match.
  EXPECT_EQ(engine.language().tag, "en");
  EXPECT_EQ(engine.language().source, LanguageSource::Region);
}

}  // namespace
}  // namespace nudgekit

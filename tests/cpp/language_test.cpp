#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nudgekit/language.h"

namespace nudgekit {
namespace {

std::string canonical(const std::string& tag) {
  Error error;
  std::string out;
  EXPECT_TRUE(canonicalize_language_tag(tag, out, error)) << tag << ": " << error.message;
  return out;
}
std::string maximized(const std::string& tag) {
  Error error;
  std::string out;
  EXPECT_TRUE(maximize_tag(tag, out, error)) << tag << ": " << error.message;
  return out;
}
std::string minimized(const std::string& tag, LanguageFavor favor = LanguageFavor::language) {
  Error error;
  std::string out;
  EXPECT_TRUE(minimize_tag(tag, out, error, favor)) << tag << ": " << error.message;
  return out;
}
std::string match(const std::vector<std::string>& desired, const std::vector<std::string>& supported,
                  LanguageMatchOptions options = {}) {
  Error error;
  const auto result = match_language(desired, supported, options, error);
  EXPECT_EQ(error.code, "") << error.message;
  return result ? result->tag : "(none)";
}

TEST(LanguageTag, RejectsMalformedTagsSayingWhy) {
  struct Case { const char* tag; const char* says; };
  for (const Case& c : {Case{"", "empty"}, Case{"e", "2–3 or 5–8 letters"}, Case{"en--US", "empty subtag"},
                        Case{"en-US-", "empty subtag"}, Case{"en-Latn-US-ab", "\"ab\" is not a script"},
                        Case{"en-a", "has no subtags"}, Case{"en-fonipa-fonipa", "appears twice"},
                        Case{"en-\xC3\xA9", "character other than"}, Case{"1234", "2–3 or 5–8 letters"}}) {
    Error error;
    LanguageTag tag;
    EXPECT_FALSE(parse_language_tag(c.tag, tag, error)) << c.tag;
    EXPECT_EQ(error.code, "language.invalid_tag");
    EXPECT_NE(error.message.find(c.says), std::string::npos) << c.tag << ": " << error.message;
  }
  Error error;
  LanguageTag tag;
  EXPECT_FALSE(parse_language_tag(std::string(300, 'a'), tag, error));
}

TEST(LanguageTag, ParsesBothSeparatorsAndAnyCase) {
  EXPECT_EQ(canonical("EN_us"), "en-US");
  EXPECT_EQ(canonical("zh-hant-tw"), "zh-Hant-TW");
  EXPECT_EQ(canonical("de-CH-1996"), "de-CH-1996");
  EXPECT_EQ(canonical("en-u-CA-buddhist-x-Foo"), "en-u-ca-buddhist-x-foo");
  EXPECT_EQ(canonical("x-piglatin"), "und-x-piglatin");
  EXPECT_EQ(canonical("root"), "und");
}

TEST(LanguageTag, ReplacesLegacyCodesAndAliases) {
  EXPECT_EQ(canonical("iw"), "he");
  EXPECT_EQ(canonical("in-ID"), "id-ID");
  EXPECT_EQ(canonical("ji"), "yi");
  EXPECT_EQ(canonical("tl"), "fil");
  EXPECT_EQ(canonical("zsm"), "ms");
  EXPECT_EQ(canonical("sh"), "sr-Latn");
  EXPECT_EQ(canonical("sh-Cyrl"), "sr-Cyrl");  // an explicit script is kept
  EXPECT_EQ(canonical("i-klingon"), "tlh");
  EXPECT_EQ(canonical("art-lojban"), "jbo");
  EXPECT_EQ(canonical("zh-min-nan"), "nan");
  EXPECT_EQ(canonical("en-GB-oed"), "en-GB-oxendict");
  EXPECT_EQ(canonical("en-US-heploc"), "en-US-alalc97");
  EXPECT_EQ(canonical("und-SU"), "und-RU");
  EXPECT_EQ(canonical("hy-SU"), "hy-AM");  // a split region resolves to where the language lives
  EXPECT_EQ(canonical("zh-yue"), "yue");
}

TEST(LanguageTag, MaximizesWithLikelySubtags) {
  EXPECT_EQ(maximized("hi"), "hi-Deva-IN");
  EXPECT_EQ(maximized("zh-TW"), "zh-Hant-TW");
  EXPECT_EQ(maximized("sr-ME"), "sr-Latn-ME");
  EXPECT_EQ(maximized("und-IN"), "hi-Deva-IN");
  EXPECT_EQ(maximized("pa-PK"), "pa-Arab-PK");
  EXPECT_EQ(maximized("en-fonipa"), "en-Latn-US-fonipa");
}

TEST(LanguageTag, MinimizesFavoringRegionUnlessAskedForScript) {
  EXPECT_EQ(minimized("en-Latn-US"), "en");
  EXPECT_EQ(minimized("zh-Hant-TW"), "zh-TW");
  EXPECT_EQ(minimized("zh-Hant-TW", LanguageFavor::script), "zh-Hant");
  EXPECT_EQ(minimized("hi-Deva-IN"), "hi");
}

TEST(LanguageMatch, HindiDesiredAmongIndianLanguages) {
  EXPECT_EQ(match({"hi-IN"}, {"en", "hi", "ta", "te", "bn"}), "hi");
}

TEST(LanguageMatch, EnglishDeviceWithHindiAndIndianEnglish) {
  EXPECT_EQ(match({"en-US"}, {"hi", "en-IN"}), "en-IN");
  LanguageMatchOptions options;
  options.default_locale = "hi";
  Error error;
  const auto result = match_language({"en-US"}, {"hi", "ta"}, options, error);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->tag, "hi");
  EXPECT_EQ(result->supported_index, -1);  // it is the default, not a match
  EXPECT_EQ(result->desired_index, -1);
}

TEST(LanguageMatch, TraditionalChineseNeverGetsSimplified) {
  EXPECT_EQ(match({"zh-TW"}, {"zh-Hans", "zh-Hant"}), "zh-Hant");
  EXPECT_EQ(match({"zh-TW"}, {"zh-Hans", "en"}), "(none)");
  EXPECT_EQ(match({"zh-HK"}, {"zh-Hant-TW", "zh-Hans"}), "zh-Hant-TW");
}

TEST(LanguageMatch, RegionalClusters) {
  EXPECT_EQ(match({"es-MX"}, {"es", "es-419"}), "es-419");
  EXPECT_EQ(match({"pt-AO"}, {"pt", "pt-PT"}), "pt-PT");
  EXPECT_EQ(match({"en-IN"}, {"en", "en-GB"}), "en-GB");
  EXPECT_EQ(match({"sr-Latn"}, {"sr", "sr-Latn"}), "sr-Latn");
  EXPECT_EQ(match({"sh"}, {"sr", "sr-Latn"}), "sr-Latn");
}

TEST(LanguageMatch, LaterPreferencesAreDemoted) {
  // An exact second choice beats a region-only difference for the first only without demotion.
  EXPECT_EQ(match({"en-AU", "fr"}, {"fr", "en-US"}), "en-US");
  LanguageMatchOptions none;
  none.demotion = LanguageDemotion::none;
  EXPECT_EQ(match({"en-AU", "fr"}, {"fr", "en-US"}, none), "fr");
}

TEST(LanguageMatch, FavorScriptAndThreshold) {
  LanguageMatchOptions script;
  script.favor = LanguageFavor::script;
  EXPECT_EQ(match({"hr"}, {"sr-Latn", "ru"}), "(none)");
  EXPECT_EQ(match({"hr"}, {"sr-Cyrl", "sl"}, script), "sl");
  LanguageMatchOptions strict;
  strict.threshold = 4;
  EXPECT_EQ(match({"en-GB"}, {"en-US"}, strict), "(none)");
}

TEST(LanguageMatch, ReportsTheWinningIndexesAndDistance) {
  Error error;
  const auto result = match_language({"de", "ta-IN"}, {"en", "hi", "ta"}, {}, error);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->tag, "ta");
  EXPECT_EQ(result->desired_index, 1);
  EXPECT_EQ(result->supported_index, 2);
  EXPECT_EQ(result->distance, 0);
}

TEST(LanguageMatch, BadEntriesAreLeftOutAndReported) {
  Error error;
  const auto result = match_language({"not a tag", "bn"}, {"en", "bn", "--"}, {}, error);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->tag, "bn");
  EXPECT_EQ(error.code, "language.invalid_tag");
  EXPECT_EQ(error.pointer, "/supported/2");
  LanguageMatchOptions bad_default;
  bad_default.default_locale = "e";
  EXPECT_FALSE(match_language({"bn"}, {"bn"}, bad_default, error));
  EXPECT_EQ(error.pointer, "/defaultLocale");
  EXPECT_FALSE(match_language({}, {}, {}, error));
  EXPECT_EQ(error.code, "");
}

TEST(LanguageDistance, FollowsCldrRules) {
  Error error;
  EXPECT_EQ(language_distance("iw", "he", error), 0);
  EXPECT_EQ(language_distance("nb", "no", error), 1);
  EXPECT_EQ(language_distance("en-VI", "en-GU", error), 4);
  EXPECT_EQ(language_distance("en-US", "en-AU", error), 5);
  EXPECT_EQ(language_distance("e", "en", error), -1);
  EXPECT_EQ(error.code, "language.invalid_tag");
}

// Tags of a language with a build-time LSR skip canonicalization and most likely-subtag searches;
// these are the cases where a script, region or variant must still change the result.
TEST(LanguageDistance, BuildTimeLsrsStillHonourKeysAndAliases) {
  Error error;
  EXPECT_EQ(language_distance("zh-TW", "zh-Hant", error), 0);       // likely key zh-TW → Hant
  EXPECT_EQ(language_distance("zh", "zh-Hant", error), 54);
  EXPECT_EQ(language_distance("zh-Hant-HK", "zh-TW", error), 5);
  EXPECT_EQ(language_distance("en-Shaw", "en", error), 55);         // likely key en-Shaw → GB
  EXPECT_EQ(language_distance("sr-ME", "sr-Latn", error), 4);       // likely key sr-ME → Latn
  EXPECT_EQ(language_distance("az-IQ", "az", error), 54);           // likely key az-IQ → Arab
  EXPECT_EQ(language_distance("en-Zzzz", "en", error), 0);          // Zzzz and ZZ read as absent
  EXPECT_EQ(language_distance("en-ZZ", "en-US", error), 0);
  EXPECT_EQ(language_distance("hy-SU", "hy-AM", error), 0);         // territory alias, by language
  EXPECT_EQ(language_distance("ru-SU", "ru", error), 0);
  EXPECT_EQ(language_distance("zh-guoyu", "zh", error), 0);         // a variant's complex alias
  EXPECT_EQ(error.code, "");
}

TEST(TextDirection, FromTheMaximizedScript) {
  Error error;
  for (const char* rtl : {"ur", "pa-Arab", "ar", "he", "dv", "nqo", "fa-IR", "sd"}) EXPECT_STREQ(text_direction(rtl, error), "rtl") << rtl;
  for (const char* ltr : {"pa", "sd-Deva", "en", "hi", "ks-Deva", "und"}) EXPECT_STREQ(text_direction(ltr, error), "ltr") << ltr;
  EXPECT_STREQ(text_direction("--", error), "ltr");
  EXPECT_EQ(error.code, "language.invalid_tag");
}

std::string first_language(const char* region) {
  const auto langs = region_languages(region);
  return langs.empty() ? "(none)" : langs.front().language;
}

TEST(RegionLanguages, IndianStatesAndRetiredCodes) {
  EXPECT_EQ(first_language("IN-UP"), "hi");
  EXPECT_EQ(region_languages("IN-UP")[1].language, "ur");
  EXPECT_EQ(first_language("IN-TN"), "ta");
  EXPECT_EQ(first_language("IN-MH"), "mr");
  EXPECT_EQ(first_language("IN-KA"), "kn");
  EXPECT_EQ(first_language("IN-WB"), "bn");
  EXPECT_EQ(first_language("in-od"), "or");
  EXPECT_EQ(first_language("IN-OR"), "or");
  EXPECT_EQ(first_language("IN-CT"), "hi");
  EXPECT_EQ(first_language("IN-TG"), "te");
  EXPECT_EQ(first_language("IN-UT"), "hi");
  EXPECT_EQ(first_language("IN-DD"), "gu");
  EXPECT_EQ(first_language("IN-DN"), "gu");
  EXPECT_EQ(first_language("IN-JK"), "ks");  // Kashmiri 53.3% (C-16 2011); Urdu 0.2%
  EXPECT_EQ(first_language("IN-ZZ"), "(none)");
}

// Most spoken first, official as the law says: the two orders differ in several states.
TEST(RegionLanguages, OfficialIsWhatTheStatesLawNamesNotWhoComesFirst) {
  const auto official = [](const char* region) {
    std::vector<std::string> out;
    for (const RegionLanguage& l : region_languages(region)) out.push_back(l.language + (l.official ? "*" : ""));
    return out;
  };
  EXPECT_EQ(official("IN-AR"), (std::vector<std::string>{"njz", "adi", "hi", "en*"}));  // Nyishi, Adi lead; English is official
  EXPECT_EQ(official("IN-BR"), (std::vector<std::string>{"hi*", "mai", "ur*"}));        // Maithili outnumbers Urdu, which is official
  EXPECT_EQ(official("IN-ML"), (std::vector<std::string>{"kha*", "grt*", "en*"}));
  EXPECT_EQ(official("IN-OR"), (std::vector<std::string>{"or*"}));                       // the retired code, the same row
  EXPECT_EQ(official("IN-SK").back(), "en");                                              // the working language, not in the Act
}

TEST(RegionLanguages, CountriesFromCldrByPopulation) {
  const auto india = region_languages("IN");
  ASSERT_FALSE(india.empty());
  EXPECT_EQ(india.front().language, "hi");
  for (std::size_t i = 1; i < india.size(); ++i) EXPECT_GE(india[i - 1].population_percent, india[i].population_percent);
  EXPECT_EQ(first_language("fr"), "fr");
  EXPECT_EQ(first_language("QQ"), "(none)");
  EXPECT_FALSE(std::string(language_data_version()).empty());
}

}  // namespace
}  // namespace nudgekit

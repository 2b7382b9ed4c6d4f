// Variant selection along a language chain, and the rotation rule of choose_item.
#include <gtest/gtest.h>

#include "nudgekit/content.h"
#include "nudgekit/duration.h"

namespace nudgekit {
namespace {

std::shared_ptr<const ContentCatalog> catalog(const char* content_json, std::string default_language = "en") {
  ContentOptions options;
  options.default_language = std::move(default_language);
  Errors errors;
  auto compiled = ContentCatalog::compile(Json{{"content", Json::parse(content_json)}}, options, errors);
  EXPECT_TRUE(errors.empty()) << errors.at(0).pointer << " " << errors.at(0).message;
  return compiled;
}

std::string chosen(const ContentItem& item, const std::vector<std::string>& chain) {
  const auto choice = select_variant(item, chain);
  if (!choice) return "none";
  return std::string(choice->language) + "@" + std::string(choice->locale) + (choice->by_default ? " (default)" : "");
}

TEST(ContentSelect, VariantAlongTheChain) {
  const auto c = catalog(R"({"t": {"kind": "tip", "variants": {
      "en": {"title": "e"}, "hi": {"title": "h"}, "en-IN": {"title": "ei"}, "zh-Hant": {"title": "z"}, "pa-Arab": {"title": "p"}}}})");
  const ContentItem& t = *c->find("t");
  EXPECT_EQ(chosen(t, {"hi"}), "hi@hi");
  EXPECT_EQ(chosen(t, {"hi-IN"}), "hi@hi-IN");                 // dropping the region
  EXPECT_EQ(chosen(t, {"en-IN", "en"}), "en-IN@en-IN");          // exact first
  EXPECT_EQ(chosen(t, {"en-GB", "en"}), "en@en-GB");             // formats numbers the en-GB way
  EXPECT_EQ(chosen(t, {"ta-IN", "ta", "hi"}), "hi@hi");          // the first entry the item has
  EXPECT_EQ(chosen(t, {"mr", "hi-IN", "en-IN"}), "hi@hi-IN");    // a truncated entry beats a later exact one
  EXPECT_EQ(chosen(t, {"zh-Hant-TW"}), "zh-Hant@zh-Hant-TW");
  EXPECT_EQ(chosen(t, {"pa-Arab-PK"}), "pa-Arab@pa-Arab-PK");
  EXPECT_EQ(chosen(t, {"hi-Latn"}), "en@en (default)");          // Latin-script Hindi never gets Devanagari
  EXPECT_EQ(chosen(t, {"hi-Latn", "en-IN"}), "en-IN@en-IN");
  EXPECT_EQ(chosen(t, {"ta", "bn"}), "en@en (default)");
  EXPECT_EQ(chosen(t, {}), "en@en (default)");
}

TEST(ContentSelect, NoDefaultLanguageMeansNone) {
  const auto c = catalog(R"({"t": {"kind": "tip", "variants": {"hi": {"title": "h"}}}})", "");
  EXPECT_EQ(chosen(*c->find("t"), {"ta"}), "none");
  EXPECT_EQ(chosen(*c->find("t"), {"ta", "hi-IN"}), "hi@hi-IN");
}

constexpr std::int64_t kNow = 1'772'735'400'000;

class Rotation : public ::testing::Test {
 protected:
  std::shared_ptr<const ContentCatalog> c = catalog(R"({
    "generic":        {"kind": "tip", "variants": {"en": {"title": "g"}}},
    "kirana_any":     {"kind": "tip", "category": "kirana", "variants": {"en": {"title": "k"}}},
    "kirana_educate": {"kind": "video", "category": ["kirana", "pharmacy"], "stages": ["educate"],
                       "variants": {"en": {"title": "ke", "media": {"video": "/v.mp4"}}}},
    "kirana_expand":  {"kind": "tip", "category": "kirana", "stages": ["expand"], "variants": {"en": {"title": "kx"}}},
    "apparel_tip":    {"kind": "tip", "category": "apparel", "variants": {"en": {"title": "a"}}},
    "educate_any":    {"kind": "tip", "stages": ["educate"], "variants": {"en": {"title": "e"}, "hi": {"title": "eh"}}},
    "hindi_only":     {"kind": "offer", "variants": {"hi": {"title": "h"}, "en": {"title": "he"}}}
  })");
  ContentQuery query;
  SeenTimes seen;

  std::string pick() {
    const auto choice = choose_item(*c, query, seen, kNow);
    return choice ? choice->item->id : "none";
  }
};

TEST_F(Rotation, CategoryAndStageMatchesComeFirst) {
  query.category = "kirana";
  query.stage = "educate";
  EXPECT_EQ(pick(), "kirana_educate");  // names both
  seen["kirana_educate"] = kNow - kMillisecondsPerHour;
  query.not_seen_within_ms = 7 * kMillisecondsPerDay;
  EXPECT_EQ(pick(), "kirana_any");      // names the category
  seen["kirana_any"] = kNow - kMillisecondsPerHour;
  EXPECT_EQ(pick(), "educate_any");     // names the stage
  seen["educate_any"] = kNow - kMillisecondsPerHour;
  EXPECT_EQ(pick(), "generic");         // names neither; apparel and expand never fit
  seen["generic"] = kNow - kMillisecondsPerHour;
  seen["hindi_only"] = kNow - kMillisecondsPerHour;
  EXPECT_EQ(pick(), "none");
}

TEST_F(Rotation, AnItemServesEachCategoryItNames) {
  query.category = "pharmacy";
  query.stage = "educate";
  EXPECT_EQ(pick(), "kirana_educate");
  EXPECT_EQ(c->items_for_category("pharmacy").size(), 1u);
  EXPECT_EQ(c->items_for_category("kirana").size(), 3u);
  EXPECT_EQ(c->generic_items().size(), 3u);  // generic, educate_any, hindi_only
  EXPECT_TRUE(c->items_for_category("bakery").empty());
  query.category = "bakery";
  EXPECT_EQ(pick(), "educate_any");  // names the stage, fits every category
}

TEST_F(Rotation, NeverShownThenLeastRecentlyShown) {
  query.category = "apparel";
  // Fitting: apparel_tip (category), then generic, educate_any? no (stage unknown), hindi_only.
  EXPECT_EQ(pick(), "apparel_tip");
  seen["apparel_tip"] = kNow - 10 * kMillisecondsPerDay;  // outside any window: still the most specific
  EXPECT_EQ(pick(), "apparel_tip");
  query.not_seen_within_ms = 30 * kMillisecondsPerDay;
  EXPECT_EQ(pick(), "generic");  // never shown; generic and hindi_only tie on everything else → id order
  seen["generic"] = kNow - 40 * kMillisecondsPerDay;
  EXPECT_EQ(pick(), "hindi_only");  // never shown beats shown long ago
  seen["hindi_only"] = kNow - 35 * kMillisecondsPerDay;
  EXPECT_EQ(pick(), "generic");     // both shown outside the window: the older one
}

TEST_F(Rotation, WindowBoundariesAndClockSkew) {
  query.category = "apparel";
  query.not_seen_within_ms = 7 * kMillisecondsPerDay;
  seen["apparel_tip"] = kNow - 7 * kMillisecondsPerDay;  // exactly 7 days ago: not within the last 7 days
  EXPECT_EQ(pick(), "apparel_tip");
  seen["apparel_tip"] = kNow - 7 * kMillisecondsPerDay + 1;
  EXPECT_NE(pick(), "apparel_tip");
  seen["apparel_tip"] = kNow + kMillisecondsPerDay;  // in the future (clock moved back): just now
  EXPECT_NE(pick(), "apparel_tip");
  seen["apparel_tip"] = INT64_MIN;
  EXPECT_EQ(pick(), "apparel_tip");
}

TEST_F(Rotation, UnknownCategoryOrStageGetsOnlyGenericItems) {
  EXPECT_EQ(pick(), "generic");
  query.not_seen_within_ms = kMillisecondsPerDay;
  seen["generic"] = kNow;
  EXPECT_EQ(pick(), "hindi_only");
  seen["hindi_only"] = kNow;
  EXPECT_EQ(pick(), "none");  // every other item names a category or a stage
}

TEST_F(Rotation, CandidatesInTheirOrder) {
  const std::vector<std::string> candidates = {"missing", "hindi_only", "generic", "kirana_any"};
  query.candidates = &candidates;
  EXPECT_EQ(pick(), "hindi_only");  // generic ties with it: the list's order decides
  query.category = "kirana";
  EXPECT_EQ(pick(), "kirana_any");
  const std::vector<std::string> none = {};
  query.candidates = &none;
  EXPECT_EQ(pick(), "none");
}

TEST_F(Rotation, KindsAndLanguage) {
  query.category = "kirana";
  query.stage = "educate";
  query.kinds = 1u << static_cast<unsigned>(ContentKind::Tip);
  EXPECT_EQ(pick(), "kirana_any");  // the video is not a tip
  query.kinds = 1u << static_cast<unsigned>(ContentKind::Offer);
  EXPECT_EQ(pick(), "hindi_only");
  query.kinds = 0;
  const std::vector<std::string> chain = {"hi-IN", "hi"};
  query.language_chain = &chain;
  const auto choice = choose_item(*c, query, seen, kNow);
  ASSERT_TRUE(choice && choice->variant);
  EXPECT_EQ(choice->item->id, "kirana_educate");
  EXPECT_EQ(choice->variant->language, "en");  // the default: kirana_educate has no Hindi
  EXPECT_TRUE(choice->variant->by_default);
}

TEST_F(Rotation, ItemsWithoutAVariantForTheChainAreSkipped) {
  const auto hindi = catalog(R"({"a": {"kind": "tip", "variants": {"hi": {"title": "h"}}},
                                 "b": {"kind": "tip", "variants": {"ta": {"title": "t"}}}})", "");
  const std::vector<std::string> chain = {"ta-IN"};
  query.language_chain = &chain;
  const auto choice = choose_item(*hindi, query, seen, kNow);
  ASSERT_TRUE(choice);
  EXPECT_EQ(choice->item->id, "b");
  EXPECT_EQ(choice->variant->locale, "ta-IN");
}

}  // namespace
}  // namespace nudgekit

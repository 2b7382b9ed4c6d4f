// The "content" section: what compiles, and every mistake reported with its exact pointer.
#include <gtest/gtest.h>

#include "nudgekit/content.h"

namespace nudgekit {
namespace {

Json config(const char* content_json) { return Json{{"content", Json::parse(content_json)}}; }

Errors errors_of(const Json& doc, const ContentOptions& options = {}) {
  Errors errors;
  const auto catalog = ContentCatalog::compile(doc, options, errors);
  EXPECT_EQ(catalog == nullptr, !errors.empty());
  return errors;
}

// The one error a document produces.
Error error_of(const char* content_json, const ContentOptions& options = {}) {
  const Errors errors = errors_of(config(content_json), options);
  EXPECT_EQ(errors.size(), 1u) << content_json;
  return errors.empty() ? Error{} : errors[0];
}

TEST(ContentCompile, AFullItem) {
  ContentOptions options;
  options.default_language = "en";
  Errors errors;
  const auto catalog = ContentCatalog::compile(config(R"({
    "tip_gst": {"kind": "tip", "category": "kirana", "stages": ["enable", "educate"], "tags": ["gst", "tax"],
      "variants": {
        "hi": {"title": "GST बिल", "body": "{{profile.first_name | default: 'दोस्त'}}", "badge": "नया",
               "cta": {"label": "देखें", "url": "https://example.in/gst?u={{user.id}}"},
               "media": {"image": "https://cdn.example.in/gst.png", "alt": "GST"},
               "fields": {"promo": "GST10", "deeplink": {"url": "/ledger/gst"}, "aria": {"attribute": "GST \"help\""}}},
        "EN": {"title": "GST bills"}}},
    "kyc_video": {"kind": "video", "category": ["kirana", "pharmacy"],
      "variants": {"en-IN": {"title": "Finish KYC", "media": {"video": "https://cdn.example.in/kyc.mp4"}},
                   "en": {"title": "Finish KYC", "media": {"video": "https://cdn.example.in/kyc.mp4"}}}},
    "spin": {"kind": "wheel", "widget": {"prizes": [{"id": "p1", "weight": 3}]},
      "variants": {"en": {"title": "Spin!", "widget": {"labels": {"p1": "₹10 off"}}}}}
  })"), options, errors);
  ASSERT_NE(catalog, nullptr) << (errors.empty() ? "" : errors[0].pointer + " " + errors[0].message);
  ASSERT_EQ(catalog->items().size(), 3u);
  EXPECT_EQ(catalog->items()[0].id, "kyc_video");  // by id
  const ContentItem* tip = catalog->find("tip_gst");
  ASSERT_NE(tip, nullptr);
  EXPECT_EQ(tip->kind, ContentKind::Tip);
  EXPECT_EQ(tip->categories, std::vector<std::string>{"kirana"});
  EXPECT_EQ(tip->stages, (std::vector<std::string>{"educate", "enable"}));
  ASSERT_EQ(tip->variants.size(), 2u);
  EXPECT_EQ(tip->variants[0].language, "en");  // "EN" in canonical case
  EXPECT_EQ(tip->variants[1].language, "hi");
  EXPECT_EQ(tip->default_variant, 0);
  const ContentVariant* hi = tip->variant("hi");
  ASSERT_NE(hi, nullptr);
  EXPECT_TRUE(hi->body && hi->badge && hi->cta && hi->media);
  ASSERT_EQ(hi->fields.size(), 3u);
  EXPECT_EQ(hi->fields[0].name, "aria");
  EXPECT_EQ(hi->fields[0].value.target(), TemplateTarget::HtmlAttribute);
  EXPECT_EQ(hi->fields[1].value.target(), TemplateTarget::Url);
  EXPECT_EQ(hi->fields[2].value.target(), TemplateTarget::Text);
  EXPECT_EQ(catalog->find("kyc_video")->categories, (std::vector<std::string>{"kirana", "pharmacy"}));
  EXPECT_EQ(catalog->find("kyc_video")->default_variant, 0);  // "en", not "en-IN"
  EXPECT_EQ(catalog->find("nope"), nullptr);
  EXPECT_EQ(catalog->default_language(), "en");
}

TEST(ContentCompile, AbsentOrEmptySectionIsAnEmptyCatalog) {
  Errors errors;
  EXPECT_TRUE(ContentCatalog::compile(Json::object(), {}, errors)->items().empty());
  EXPECT_TRUE(ContentCatalog::compile(config("{}"), {}, errors)->items().empty());
  EXPECT_TRUE(errors.empty());
}

TEST(ContentCompile, MistakesNameTheirPointer) {
  struct Case {
    const char* content;
    const char* code;
    const char* pointer;
  };
  const Case cases[] = {
      {R"([])", "config.invalid_type", "/content"},
      {R"({"tip": []})", "config.invalid_type", "/content/tip"},
      {R"({"9tip": {"kind": "tip", "variants": {"en": {"title": "x"}}}})", "content.invalid_id", "/content/9tip"},
      {R"({"a/b": {"kind": "tip", "variants": {"en": {"title": "x"}}}})", "content.invalid_id", "/content/a~1b"},
      {R"({"tip": {"variants": {"en": {"title": "x"}}}})", "config.missing_key", "/content/tip"},
      {R"({"tip": {"kind": "banner", "variants": {"en": {"title": "x"}}}})", "config.invalid_value", "/content/tip/kind"},
      {R"({"tip": {"kind": "tip", "catgory": "kirana", "variants": {"en": {"title": "x"}}}})", "config.unknown_key", "/content/tip/catgory"},
      {R"({"tip": {"kind": "tip", "category": 5, "variants": {"en": {"title": "x"}}}})", "config.invalid_type", "/content/tip/category"},
      {R"({"tip": {"kind": "tip", "category": "", "variants": {"en": {"title": "x"}}}})", "content.invalid_label", "/content/tip/category"},
      {R"({"tip": {"kind": "tip", "stages": "educate", "variants": {"en": {"title": "x"}}}})", "config.invalid_type", "/content/tip/stages"},
      {R"({"tip": {"kind": "tip", "stages": ["a", "a"], "variants": {"en": {"title": "x"}}}})", "content.invalid_label", "/content/tip/stages/1"},
      {R"({"tip": {"kind": "tip", "tags": [1], "variants": {"en": {"title": "x"}}}})", "content.invalid_label", "/content/tip/tags/0"},
      {R"({"tip": {"kind": "tip"}})", "config.missing_key", "/content/tip"},
      {R"({"tip": {"kind": "tip", "variants": {}}})", "config.invalid_type", "/content/tip/variants"},
      {R"({"tip": {"kind": "tip", "variants": {"en_IN": {"title": "x"}}}})", "content.invalid_language", "/content/tip/variants/en_IN"},
      {R"({"tip": {"kind": "tip", "variants": {"english": {"title": "x"}}}})", "content.invalid_language", "/content/tip/variants/english"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {"title": "x"}, "EN": {"title": "y"}}}})", "content.duplicate_language", "/content/tip/variants"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {}}}})", "config.missing_key", "/content/tip/variants/en"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {"title": ""}}}})", "config.invalid_value", "/content/tip/variants/en/title"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {"title": 7}}}})", "config.invalid_type", "/content/tip/variants/en/title"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {"title": "x", "bdy": "y"}}}})", "config.unknown_key", "/content/tip/variants/en/bdy"},
      {R"({"tip_gst": {"kind": "tip", "variants": {"hi": {"title": "{{profile.name | upper}}"}}}})", "template.unknown_filter", "/content/tip_gst/variants/hi/title"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {"title": "x", "body": "{{vars.a"}}}})", "template.unbalanced", "/content/tip/variants/en/body"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {"title": "x", "cta": {"label": "Go"}}}}})", "config.missing_key", "/content/tip/variants/en/cta"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {"title": "x", "cta": {"label": "Go", "url": "JavaScript:void0"}}}}})", "template.unsafe_url", "/content/tip/variants/en/cta/url"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {"title": "x", "cta": {"label": "Go", "url": "/a", "target": "_blank"}}}}})", "config.unknown_key", "/content/tip/variants/en/cta/target"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {"title": "x", "media": {"image": "data:image/png;base64,AAAA"}}}}})", "template.unsafe_url", "/content/tip/variants/en/media/image"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {"title": "x", "media": {"image": "/a.png", "video": "/a.mp4"}}}}})", "config.missing_key", "/content/tip/variants/en/media"},
      {R"({"tip": {"kind": "tip", "variants": {"en": {"title": "x", "media": {"alt": "a"}}}}})", "config.missing_key", "/content/tip/variants/en/media"},
      {R"({"v": {"kind": "video", "variants": {"en": {"title": "x", "media": {"image": "/a.png"}}}}})", "content.missing_video", "/content/v/variants/en/media"},
      {R"({"v": {"kind": "video", "variants": {"en": {"title": "x"}}}})", "content.missing_video", "/content/v/variants/en"},
      {R"({"q": {"kind": "quiz", "variants": {"en": {"title": "x"}}}})", "content.missing_widget", "/content/q"},
      {R"({"t": {"kind": "tip", "widget": {}, "variants": {"en": {"title": "x"}}}})", "content.unexpected_widget", "/content/t"},
      {R"({"q": {"kind": "quiz", "widget": [], "variants": {"en": {"title": "x"}}}})", "config.invalid_type", "/content/q/widget"},
      {R"({"t": {"kind": "tip", "variants": {"en": {"title": "x", "fields": {"1st": "a"}}}}})", "content.invalid_field_name", "/content/t/variants/en/fields/1st"},
      {R"({"t": {"kind": "tip", "variants": {"en": {"title": "x", "fields": {"a": 1}}}}})", "config.invalid_type", "/content/t/variants/en/fields/a"},
      {R"({"t": {"kind": "tip", "variants": {"en": {"title": "x", "fields": {"a": {"html": "x"}}}}}})", "config.unknown_key", "/content/t/variants/en/fields/a/html"},
      {R"({"t": {"kind": "tip", "variants": {"en": {"title": "x", "fields": {"a": {"url": "vbscript:x"}}}}}})", "template.unsafe_url", "/content/t/variants/en/fields/a/url"},
      {R"({"t": {"kind": "tip", "variants": {"en": {"title": "x", "fields": {"a": {"text": "x", "url": "/y"}}}}}})", "config.invalid_value", "/content/t/variants/en/fields/a"},
  };
  for (const Case& c : cases) {
    const Error e = error_of(c.content);
    EXPECT_EQ(e.code, c.code) << c.content << "\n  → " << e.pointer << " " << e.message;
    EXPECT_EQ(e.pointer, c.pointer) << c.content << "\n  → " << e.message;
  }
}

TEST(ContentCompile, UnknownKeysSuggestTheClosest) {
  EXPECT_NE(error_of(R"({"t": {"kind": "tip", "stage": ["x"], "variants": {"en": {"title": "x"}}}})").message.find("did you mean \"stages\"?"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"t": {"kind": "tip", "variants": {"en": {"titel": "x"}}}})").message.find("did you mean \"title\"?"),
            std::string::npos);
}

TEST(ContentCompile, EveryMistakeIsReportedAtOnce) {
  const Errors errors = errors_of(config(R"({
    "a": {"kind": "nope", "variants": {"en": {"title": "{{x.y}}"}}},
    "b": {"kind": "tip", "variants": {"en": {"title": "ok", "body": "}}"}}}
  })"));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].pointer, "/content/a/kind");
  EXPECT_EQ(errors[1].pointer, "/content/a/variants/en/title");
  EXPECT_EQ(errors[2].pointer, "/content/b/variants/en/body");
}

TEST(ContentCompile, DefaultLanguageMustBeServed) {
  ContentOptions options;
  options.default_language = "en";
  const Error missing = error_of(R"({"t": {"kind": "tip", "variants": {"hi": {"title": "x"}}}})", options);
  EXPECT_EQ(missing.code, "content.missing_default_variant");
  EXPECT_EQ(missing.pointer, "/content/t/variants");
  // An en-IN default is served by an "en" variant (subtags dropped), not the other way round.
  options.default_language = "en-IN";
  EXPECT_TRUE(errors_of(config(R"({"t": {"kind": "tip", "variants": {"en": {"title": "x"}}}})"), options).empty());
  options.default_language = "en";
  EXPECT_EQ(error_of(R"({"t": {"kind": "tip", "variants": {"en-IN": {"title": "x"}}}})", options).code, "content.missing_default_variant");
  options.default_language = "en_US";
  const Error bad = error_of("{}", options);
  EXPECT_EQ(bad.code, "content.invalid_language");
  EXPECT_EQ(bad.pointer, "/languages/default");
}

TEST(ContentCompile, Limits) {
  ContentOptions options;
  options.limits.max_items = 2;
  EXPECT_EQ(error_of(R"({"a": {}, "b": {}, "c": {}})", options).code, "content.too_many_items");
  options = {};
  options.limits.max_variants = 1;
  EXPECT_EQ(error_of(R"({"t": {"kind": "tip", "variants": {"en": {"title": "x"}, "hi": {"title": "y"}}}})", options).code,
            "content.too_many_variants");
  options = {};
  Json tags = Json::array();
  for (int i = 0; i < 33; ++i) tags.push_back("t" + std::to_string(i));
  Json doc = config(R"({"t": {"kind": "tip", "variants": {"en": {"title": "x"}}}})");
  doc["content"]["t"]["tags"] = tags;
  EXPECT_EQ(errors_of(doc).at(0).code, "content.too_many_labels");
  doc = config(R"({"q": {"kind": "quiz", "variants": {"en": {"title": "x"}}}})");
  doc["content"]["q"]["widget"] = {{"blob", std::string(20000, 'x')}};
  EXPECT_EQ(errors_of(doc).at(0).code, "content.widget_too_large");
  doc = config(R"({"t": {"kind": "tip", "variants": {"en": {"title": "x"}}}})");
  doc["content"]["t"]["variants"]["en"]["body"] = std::string(9000, 'x');
  EXPECT_EQ(errors_of(doc).at(0).code, "template.too_large");
  EXPECT_EQ(errors_of(doc).at(0).pointer, "/content/t/variants/en/body");
}

}  // namespace
}  // namespace nudgekit

// Rendering a chosen variant: every text for its target, numbers in the user's locale, unsafe links
// left out, and the JSON the engine hands on.
#include <gtest/gtest.h>

#include "nudgekit/content.h"

namespace nudgekit {
namespace {

std::shared_ptr<const ContentCatalog> catalog() {
  Errors errors;
  ContentOptions options;
  options.default_language = "en";
  auto c = ContentCatalog::compile(Json{{"content", Json::parse(R"j({
    "tip_gst": {"kind": "tip", "category": "kirana",
      "variants": {
        "en": {"title": "Hi {{profile.first_name | default: 'friend'}}",
               "body": "Sales of {{vars.amount | number}} need a GST bill by {{profile.kyc_deadline | date}}.",
               "badge": "{{vars.badge | upcase}}",
               "cta": {"label": "Open", "url": "https://example.in/gst?u={{user.id}}&i={{item.id}}"},
               "media": {"image": "https://cdn.example.in/{{item.id}}.png", "alt": "GST for {{profile.shop}}"},
               "fields": {"promo": "GST{{vars.pct}}", "aria": {"attribute": "{{profile.shop}} tip"}, "next": {"url": "{{vars.next}}:x"}}},
        "hi": {"title": "नमस्ते {{profile.first_name | default: 'दोस्त'}}", "body": "₹{{vars.amount | number: 2}}"}}},
    "spin": {"kind": "wheel", "widget": {"prizes": [{"id": "a", "weight": 1}], "spins": 1},
      "variants": {"en": {"title": "Spin", "widget": {"spins": 2, "labels": {"a": "₹10"}}}}}
  })j")}}, options, errors);
  EXPECT_TRUE(errors.empty()) << errors.at(0).pointer << " " << errors.at(0).message;
  return c;
}

TEST(ContentRender, EveryFieldForItsTarget) {
  const auto c = catalog();
  const Json profile = {{"first_name", "Asha"}, {"kyc_deadline", "2026-03-31"}, {"shop", "Asha \"Kirana\""}};
  const Json vars = {{"amount", 1234567.5}, {"badge", "new"}, {"pct", 10}, {"next", "javascript"}};
  RenderInputs inputs;
  inputs.profile = &profile;
  inputs.vars = &vars;
  inputs.user_id = "u 1";
  inputs.locale = "en-IN";
  RenderedContent out;
  ASSERT_TRUE(render_content(*c->find("tip_gst"), "en", inputs, out));
  EXPECT_EQ(out.item, "tip_gst");
  EXPECT_EQ(out.language, "en");
  EXPECT_EQ(out.title, "Hi Asha");
  EXPECT_EQ(*out.body, "Sales of 12,34,567.5 need a GST bill by 31 Mar 2026.");  // en-IN formats
  EXPECT_EQ(*out.badge, "NEW");
  ASSERT_TRUE(out.cta);
  EXPECT_EQ(out.cta->label, "Open");
  EXPECT_EQ(out.cta->url, "https://example.in/gst?u=u%201&i=tip_gst");
  ASSERT_TRUE(out.media);
  EXPECT_EQ(out.media->url, "https://cdn.example.in/tip_gst.png");
  EXPECT_EQ(out.media->alt, "GST for Asha \"Kirana\"");
  ASSERT_EQ(out.fields.size(), 3u);
  EXPECT_EQ(out.fields[0], (std::pair<std::string, std::string>{"aria", "Asha &quot;Kirana&quot; tip"}));
  EXPECT_EQ(out.fields[1], (std::pair<std::string, std::string>{"next", ""}));  // javascript:x → empty
  EXPECT_EQ(out.fields[2], (std::pair<std::string, std::string>{"promo", "GST10"}));

  const Json json = out.to_json();
  EXPECT_EQ(json["kind"], "tip");
  EXPECT_EQ(json["cta"]["url"], "https://example.in/gst?u=u%201&i=tip_gst");
  EXPECT_EQ(json["media"]["type"], "image");
  EXPECT_EQ(json["fields"]["promo"], "GST10");
  EXPECT_FALSE(json.contains("widget"));
}

TEST(ContentRender, TheVariantsLanguageFormatsByDefault) {
  const auto c = catalog();
  const Json vars = {{"amount", 100000}};
  RenderInputs inputs;
  inputs.vars = &vars;
  RenderedContent out;
  ASSERT_TRUE(render_content(*c->find("tip_gst"), "hi", inputs, out));
  EXPECT_EQ(out.title, "नमस्ते दोस्त");
  EXPECT_EQ(*out.body, "₹1,00,000.00");
  EXPECT_FALSE(out.badge);
  EXPECT_FALSE(out.cta);
  const Json json = out.to_json();
  EXPECT_EQ(json, (Json{{"item", "tip_gst"}, {"kind", "tip"}, {"language", "hi"}, {"title", "नमस्ते दोस्त"}, {"body", "₹1,00,000.00"}}));
}

TEST(ContentRender, UnsafeRenderedLinksAreLeftOut) {
  Errors errors;
  const auto c = ContentCatalog::compile(Json{{"content", {{"t", {{"kind", "tip"}, {"variants", {{"en", {
      {"title", "x"}, {"cta", {{"label", "Go"}, {"url", "{{vars.scheme}}:alert(1)"}}},
      {"media", {{"image", "{{vars.scheme}}:x"}}}}}}}}}}}}, {}, errors);
  ASSERT_TRUE(errors.empty()) << errors.at(0).message;
  const Json vars = {{"scheme", "javascript"}};
  RenderInputs inputs;
  inputs.vars = &vars;
  RenderedContent out;
  ASSERT_TRUE(render_content(*c->find("t"), "en", inputs, out));
  EXPECT_FALSE(out.cta);
  EXPECT_FALSE(out.media);
  const Json safe = {{"scheme", "https"}};
  inputs.vars = &safe;
  ASSERT_TRUE(render_content(*c->find("t"), "en", inputs, out));
  ASSERT_TRUE(out.cta);
  EXPECT_EQ(out.cta->url, "https:alert(1)");  // literal text stays as written
}

TEST(ContentRender, WidgetPayloadsMergeVariantOverItem) {
  const auto c = catalog();
  RenderedContent out;
  ASSERT_TRUE(render_content(*c->find("spin"), "en", RenderInputs{}, out));
  EXPECT_EQ(out.kind, ContentKind::Wheel);
  EXPECT_EQ(out.widget, (Json{{"prizes", {{{"id", "a"}, {"weight", 1}}}}, {"spins", 2}, {"labels", {{"a", "₹10"}}}}));
}

TEST(ContentRender, UnknownLanguageIsRefusedAndBuffersAreReused) {
  const auto c = catalog();
  RenderedContent out;
  EXPECT_FALSE(render_content(*c->find("tip_gst"), "ta", RenderInputs{}, out));
  EXPECT_FALSE(render_content(*c->find("tip_gst"), "EN", RenderInputs{}, out));  // canonical tags only
  ASSERT_TRUE(render_content(*c->find("tip_gst"), "en", RenderInputs{}, out));
  EXPECT_TRUE(out.cta && out.badge);
  ASSERT_TRUE(render_content(*c->find("tip_gst"), "hi", RenderInputs{}, out));
  EXPECT_FALSE(out.cta || out.badge || out.media);  // nothing left over from the previous render
  EXPECT_TRUE(out.fields.empty());
}

}  // namespace
}  // namespace nudgekit

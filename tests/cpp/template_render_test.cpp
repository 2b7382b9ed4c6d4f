// Rendering tokens, filters and defaults.
#include <gtest/gtest.h>

#include "nudgekit/template.h"

namespace nudgekit {
namespace {

struct Rendered {
  bool ok = false;
  std::string text;
  Errors errors;
};

Rendered render(std::string_view source, const Json& profile = Json::object(), const Json& vars = Json::object(),
                std::string_view language = "en", TemplateTarget target = TemplateTarget::Text) {
  Rendered r;
  Template t;
  r.ok = Template::parse(source, target, "/t", TemplateLimits{}, t, r.errors);
  if (!r.ok) return r;
  const LocaleFormat format = LocaleFormat::lookup(language);
  TemplateScope scope;
  scope.profile = &profile;
  scope.vars = &vars;
  scope.user_id = "u-42";
  scope.language = language;
  scope.item_id = "tip_gst";
  scope.item_kind = "tip";
  scope.format = &format;
  scope.utc_offset_minutes = 330;
  t.render(scope, r.text);
  return r;
}

std::string text(std::string_view source, const Json& profile = Json::object(), const Json& vars = Json::object(),
                 std::string_view language = "en") {
  const Rendered r = render(source, profile, vars, language);
  EXPECT_TRUE(r.ok) << source << ": " << (r.errors.empty() ? "" : r.errors[0].message);
  return r.text;
}

TEST(TemplateRender, LiteralTextAndTokens) {
  const Json profile = {{"first_name", "Asha"}, {"shop", {{"name", "Asha Kirana"}}}, {"tags", {"gst", "upi"}}};
  EXPECT_EQ(text("Hello"), "Hello");
  EXPECT_EQ(text(""), "");
  EXPECT_EQ(text("Hi {{profile.first_name}}!", profile), "Hi Asha!");
  EXPECT_EQ(text("{{ profile.shop.name }}", profile), "Asha Kirana");
  EXPECT_EQ(text("{{profile.tags.1}}", profile), "upi");
  EXPECT_EQ(text("{{user.id}} {{user.language}} {{item.id}} {{item.kind}}"), "u-42 en tip_gst tip");
  EXPECT_EQ(text("{{ \"{{\" }}not a token{{ '}}' }}"), "{{not a token}}");
  EXPECT_EQ(text("a { b } c"), "a { b } c");
}

TEST(TemplateRender, ValuesOfEveryType) {
  const Json vars = {{"n", 1200}, {"f", 0.5}, {"big", 1e21}, {"neg", -3}, {"t", true}, {"z", nullptr},
                     {"list", {1, 2}}, {"obj", {{"a", 1}}}, {"u", 18446744073709551615ull}};
  EXPECT_EQ(text("{{vars.n}}|{{vars.f}}|{{vars.big}}|{{vars.neg}}|{{vars.t}}", {}, vars), "1200|0.5|1e+21|-3|true");
  EXPECT_EQ(text("[{{vars.z}}][{{vars.list}}][{{vars.obj}}][{{vars.missing}}]", {}, vars), "[][][][]");
  EXPECT_EQ(text("{{vars.u}}", {}, vars), "18446744073709551615");
}

TEST(TemplateRender, DefaultReplacesBlankValues) {
  const Json profile = {{"empty", ""}, {"null", nullptr}, {"zero", 0}, {"no", false}, {"name", "Ravi"}, {"list", Json::array()}};
  EXPECT_EQ(text("Hi {{profile.first_name | default: \"friend\"}}"), "Hi friend");
  EXPECT_EQ(text("{{profile.name | default: 'friend'}}", profile), "Ravi");
  EXPECT_EQ(text("{{profile.empty | default: 'x'}}{{profile.null | default: 'y'}}{{profile.list | default: 'z'}}", profile), "xyz");
  EXPECT_EQ(text("{{profile.zero | default: 'x'}} {{profile.no | default: 'y'}}", profile), "0 false");
  EXPECT_EQ(text("{{profile.x | default: 5}}"), "5");
  EXPECT_EQ(text("{{profile.x | default: \"say \\\"hi\\\"\"}}"), "say \"hi\"");
}

TEST(TemplateRender, NumberFilterUsesTheLanguage) {
  const Json vars = {{"amount", 1234567.891}, {"text", "100000"}, {"word", "lots"}, {"pct", 12.5}};
  EXPECT_EQ(text("{{vars.amount | number}}", {}, vars, "en-IN"), "12,34,567.891");
  EXPECT_EQ(text("{{vars.amount | number: 2}}", {}, vars, "en-IN"), "12,34,567.89");
  EXPECT_EQ(text("{{vars.amount | number: 0}}", {}, vars, "de"), "1.234.568");
  EXPECT_EQ(text("{{vars.text | number}}", {}, vars, "hi"), "1,00,000");
  EXPECT_EQ(text("{{vars.text | number}}", {}, vars, "mr"), "\u0967,\u0966\u0966,\u0966\u0966\u0966");
  EXPECT_EQ(text("{{vars.pct | number: 2}}", {}, vars, "es"), "12,50");
  EXPECT_EQ(text("[{{vars.word | number}}]", {}, vars), "[]");
  EXPECT_EQ(text("{{vars.word | number | default: '-'}}", {}, vars), "-");
  EXPECT_EQ(text("{{vars.missing | default: 0 | number: 2}}", {}, vars), "0.00");
  for (const char* not_json_number : {"0x10", " 5", "Infinity", "1.", "+1", "01", ".5", "1e", "NaN"}) {
    EXPECT_EQ(text("{{vars.x | number}}", {}, Json{{"x", not_json_number}}), "") << not_json_number;
  }
}

TEST(TemplateRender, DateFilterFromEpochAndIso) {
  const Json profile = {{"deadline", 1772735400000.0}, {"iso", "2026-03-05"}, {"at", "2026-03-05T20:00:00Z"},
                        {"bad", "5 March"}, {"flag", true}};
  EXPECT_EQ(text("{{profile.deadline | date}}", profile), "Mar 6, 2026");  // 00:00 on the 6th in India
  EXPECT_EQ(text("{{profile.iso | date}}", profile, {}, "en-IN"), "5 Mar 2026");
  EXPECT_EQ(text("{{profile.at | date}}", profile, {}, "en-IN"), "6 Mar 2026");
  EXPECT_EQ(text("{{profile.iso | date}}", profile, {}, "mr"), "\u096b \u092e\u093e\u0930\u094d\u091a, \u0968\u0966\u0968\u096c");
  EXPECT_EQ(text("{{profile.bad | date | default: 'soon'}} {{profile.flag | date | default: 'soon'}}", profile), "soon soon");
}

TEST(TemplateRender, CaseFiltersTouchAsciiOnly) {
  const Json vars = {{"s", "Asha \u0906\u0936\u093e \u00e9t\u00e9 \u0421\u0430\u0448\u0430"}, {"n", 7}};
  EXPECT_EQ(text("{{vars.s | upcase}}", {}, vars), "ASHA \u0906\u0936\u093e \u00e9T\u00e9 \u0421\u0430\u0448\u0430");
  EXPECT_EQ(text("{{vars.s | downcase}}", {}, vars), "asha \u0906\u0936\u093e \u00e9t\u00e9 \u0421\u0430\u0448\u0430");
  EXPECT_EQ(text("{{vars.n | upcase}}", {}, vars), "7");
  EXPECT_EQ(text("{{vars.none | upcase | default: 'X'}}", {}, vars), "X");
}

TEST(TemplateRender, TruncateCountsCodePoints) {
  const Json vars = {{"hi", "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e"}, {"en", "Hello world"}};
  EXPECT_EQ(text("{{vars.en | truncate: 5}}", {}, vars), "Hell\u2026");
  EXPECT_EQ(text("{{vars.en | truncate: 11}}", {}, vars), "Hello world");
  EXPECT_EQ(text("{{vars.en | truncate: 8, '...'}}", {}, vars), "Hello...");
  EXPECT_EQ(text("{{vars.en | truncate: 5, ''}}", {}, vars), "Hello");
  EXPECT_EQ(text("{{vars.en | truncate: 1}}", {}, vars), "\u2026");
  // 6 code points of Devanagari are 18 bytes: never cut inside a character.
  EXPECT_EQ(text("{{vars.hi | truncate: 7}}", {}, vars), "\u0928\u092e\u0938\u094d\u0924\u0947\u2026");
}

TEST(TemplateRender, InvalidUtf8InValuesIsReplaced) {
  const Json vars = {{"bad", std::string("a\xff" "b\xe0\x80" "c\xed\xa0\x80")}};
  EXPECT_EQ(text("{{vars.bad}}", {}, vars), "a\uFFFDb\uFFFD\uFFFDc\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(text("{{vars.bad | truncate: 3, ''}}", {}, vars), "a\uFFFDb");
  EXPECT_EQ(text("{{vars.bad | upcase}}", {}, vars), "A\uFFFDB\uFFFD\uFFFDC\uFFFD\uFFFD\uFFFD");
  const Rendered attribute = render("{{vars.bad}}", {}, vars, "en", TemplateTarget::HtmlAttribute);
  EXPECT_EQ(attribute.text, "a\uFFFDb\uFFFD\uFFFDc\uFFFD\uFFFD\uFFFD");
  const Rendered url = render("https://x.in/?q={{vars.bad}}", {}, vars, "en", TemplateTarget::Url);
  EXPECT_EQ(url.text, "https://x.in/?q=a%EF%BF%BDb%EF%BF%BD%EF%BF%BDc%EF%BF%BD%EF%BF%BD%EF%BF%BD");
}

TEST(TemplateRender, MissingScopeReadsAsMissing) {
  Template t;
  Errors errors;
  ASSERT_TRUE(Template::parse("[{{profile.a}}|{{vars.b | number}}|{{user.id | default: 'anon'}}]", TemplateTarget::Text, "/t",
                              TemplateLimits{}, t, errors));
  std::string out;
  t.render(TemplateScope{}, out);
  EXPECT_EQ(out, "[||anon]");
  Template empty;
  out.clear();
  empty.render(TemplateScope{}, out);
  EXPECT_EQ(out, "");
  EXPECT_FALSE(empty.has_tokens());
  EXPECT_TRUE(t.has_tokens());
}

}  // namespace
}  // namespace nudgekit

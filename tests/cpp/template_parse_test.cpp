// Mistakes in templates are found at load, with the template's pointer, a stable code and the byte
// offset; hostile templates get an error, never a crash, a hang or deep recursion.
#include <gtest/gtest.h>

#include "nudgekit/template.h"

namespace nudgekit {
namespace {

Error parse_error(std::string_view source, TemplateTarget target = TemplateTarget::Text, const TemplateLimits& limits = {}) {
  Template t;
  Errors errors;
  if (Template::parse(source, target, "/content/tip/variants/hi/title", limits, t, errors)) return {};
  EXPECT_EQ(errors.size(), 1u);
  return errors.empty() ? Error{} : errors[0];
}

TEST(TemplateParse, ErrorsNameCodePointerAndOffset) {
  struct Case {
    const char* source;
    const char* code;
    const char* message_part;
  };
  const Case cases[] = {
      {"Hi {{profile.name", "template.unbalanced", "never closed at byte 3"},
      {"Hi }} there", "template.unbalanced", "closes no \"{{\" at byte 3"},
      {"{{profile.a {{profile.b}}", "template.unbalanced", "before the next"},
      {"{{}}", "template.syntax", "an empty token at byte 0"},
      {"{{ }}", "template.syntax", "empty token"},
      {"ab {{ 42 }}", "template.unknown_root", "unknown source \"42\" (profile, vars, user, item, or a quoted text) at byte 6"},
      {"{{profile.a b}}", "template.syntax", "unexpected \"b\" in a token (expected \"|\" or \"}}\") at byte 12"},
      {"{{profile.a | }}", "template.syntax", "a filter name"},
      {"{{ contnet.title }}", "template.unknown_root", "unknown source \"contnet\""},
      {"{{ user.email }}", "template.unknown_field", "user has id and language"},
      {"{{ item.title }}", "template.unknown_field", "item has id and kind"},
      {"{{ profile }}", "template.invalid_path", "needs a property path"},
      {"{{ profile..a }}", "template.invalid_path", "empty path segment at byte 11"},
      {"{{profile.a | upper}}", "template.unknown_filter", "did you mean \"upcase\"?) at byte 14"},
      {"{{profile.a | defualt: 'x'}}", "template.unknown_filter", "did you mean \"default\"?"},
      {"{{profile.a | escape}}", "template.unknown_filter", "filters: default, number"},
      {"{{profile.a | default}}", "template.invalid_argument", "default: one value"},
      {"{{profile.a | number: 'two'}}", "template.invalid_argument", "fraction digits"},
      {"{{profile.a | number: 21}}", "template.invalid_argument", "fraction digits"},
      {"{{profile.a | number: 1.5}}", "template.invalid_argument", "fraction digits"},
      {"{{profile.a | truncate}}", "template.invalid_argument", "a length"},
      {"{{profile.a | truncate: 0}}", "template.invalid_argument", "a length"},
      {"{{profile.a | truncate: 5, 3}}", "template.invalid_argument", "ellipsis"},
      {"{{profile.a | date: 'long'}}", "template.invalid_argument", "takes no argument"},
      {"{{profile.a | upcase: 1}}", "template.invalid_argument", "takes no argument"},
      {"{{profile.a | default: 'a', 'b', 'c'}}", "template.invalid_argument", "too many arguments"},
      {"{{profile.a | default: 'open}}", "template.unbalanced", "quoted text in a token is never closed"},
      {"{{profile.a | default: 'a\\nb'}}", "template.syntax", "escapes"},
      {"{{profile.a | default: -}}", "template.invalid_argument", "quoted text or a number"},
  };
  for (const Case& c : cases) {
    const Error e = parse_error(c.source);
    EXPECT_EQ(e.code, c.code) << c.source << " → " << e.message;
    EXPECT_EQ(e.pointer, "/content/tip/variants/hi/title") << c.source;
    EXPECT_NE(e.message.find(c.message_part), std::string::npos) << c.source << " → " << e.message;
  }
}

TEST(TemplateParse, InvalidUtf8InTheSourceIsRefused) {
  const Error e = parse_error(std::string("ok \xc3( bad"));
  EXPECT_EQ(e.code, "template.invalid_utf8");
  EXPECT_NE(e.message.find("at byte 3"), std::string::npos) << e.message;
}

TEST(TemplateParse, LimitsAreErrors) {
  TemplateLimits limits;
  EXPECT_EQ(parse_error(std::string(limits.max_bytes + 1, 'a')).code, "template.too_large");
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "{{profile.a}}";
  limits.max_bytes = many.size();
  const Error tokens = parse_error(many, TemplateTarget::Text, limits);
  EXPECT_EQ(tokens.code, "template.too_many_tokens");
  EXPECT_NE(tokens.message.find("at byte 1664"), std::string::npos) << tokens.message;  // token 129
  std::string filters = "{{profile.a";
  for (int i = 0; i < 9; ++i) filters += " | upcase";
  EXPECT_EQ(parse_error(filters + "}}").code, "template.too_many_filters");
  std::string path = "{{profile";
  for (int i = 0; i < 17; ++i) path += ".a";
  EXPECT_EQ(parse_error(path + "}}").code, "template.invalid_path");
  EXPECT_EQ(parse_error("{{ 'x' | default: '" + std::string(300, 'y') + "' }}").code, "template.invalid_argument");
}

TEST(TemplateParse, HostileInputIsLinearAndFlat) {
  // Deep "nesting" of braces is just text to the parser: no recursion, an error at the first token.
  TemplateLimits big;
  big.max_bytes = 1u << 20;
  EXPECT_EQ(parse_error(std::string(200000, '{'), TemplateTarget::Text, big).code, "template.syntax");
  EXPECT_EQ(parse_error(std::string(200000, '}'), TemplateTarget::Text, big).code, "template.unbalanced");
  std::string quotes = "{{ '";
  quotes.append(500000, '\\');
  EXPECT_EQ(parse_error(quotes, TemplateTarget::Text, big).code, "template.unbalanced");  // escaped backslashes
  std::string unclosed = "{{ profile.a | default: '";
  unclosed.append(500000, 'x');
  EXPECT_EQ(parse_error(unclosed, TemplateTarget::Text, big).code, "template.unbalanced");
  // A long run of plain text with single braces is fine.
  Template t;
  Errors errors;
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "{a}";
  EXPECT_TRUE(Template::parse(text, TemplateTarget::Text, "", big, t, errors));
}

TEST(TemplateParse, FailureLeavesTheTemplateUnchanged) {
  Template t;
  Errors errors;
  ASSERT_TRUE(Template::parse("kept {{user.id}}", TemplateTarget::Text, "", TemplateLimits{}, t, errors));
  EXPECT_FALSE(Template::parse("{{bad", TemplateTarget::Text, "", TemplateLimits{}, t, errors));
  std::string out;
  TemplateScope scope;
  scope.user_id = "u1";
  t.render(scope, out);
  EXPECT_EQ(out, "kept u1");
}

}  // namespace
}  // namespace nudgekit

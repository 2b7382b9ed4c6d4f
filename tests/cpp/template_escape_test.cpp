// Escaping for each target, and an XSS corpus that must render inert: a value can never leave its
// attribute, and a URL can never run script, whatever a profile property or campaign variable holds.
#include <gtest/gtest.h>

#include "nudgekit/template.h"

namespace nudgekit {
namespace {

bool parses(std::string_view source, TemplateTarget target, Template& t, Error* error = nullptr) {
  Errors errors;
  const bool ok = Template::parse(source, target, "/u", TemplateLimits{}, t, errors);
  if (!ok && error != nullptr) *error = errors.at(0);
  return ok;
}

std::string render(std::string_view source, TemplateTarget target, const Json& vars) {
  Template t;
  Error error;
  EXPECT_TRUE(parses(source, target, t, &error)) << source << ": " << error.message;
  TemplateScope scope;
  scope.vars = &vars;
  std::string out;
  t.render(scope, out);
  return out;
}

const char* const kHostileValues[] = {
    "<script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    "\" onerror=\"alert(1)",
    "`onfocus=alert(1)`",
    "&quot;><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    " \t\njavascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "\\\\evil.example",
    "\xef\xbd\x8a\xef\xbd\x81vascript:alert(1)",  // fullwidth "ｊａ"
    "javascript\xef\xbc\x9a" "alert(1)",          // fullwidth colon
    "%0ajavascript:alert(1)",
    "\xe2\x80\xae" "gnp.exe",                     // right-to-left override
};

TEST(TemplateEscape, TextTargetLeavesValuesAsTextForTextContent) {
  for (const char* value : kHostileValues) {
    EXPECT_EQ(render("{{vars.v}}", TemplateTarget::Text, Json{{"v", value}}), value);
  }
}

TEST(TemplateEscape, AttributeValuesCannotLeaveTheAttribute) {
  for (const char* value : kHostileValues) {
    const std::string out = render("x {{vars.v}} y", TemplateTarget::HtmlAttribute, Json{{"v", value}});
    EXPECT_EQ(out.find_first_of("<>\"'`"), std::string::npos) << out;
    // Every & starts one of our references, so an entity in the value is shown, not decoded.
    for (std::size_t at = out.find('&'); at != std::string::npos; at = out.find('&', at + 1)) {
      const std::string_view rest = std::string_view(out).substr(at);
      EXPECT_TRUE(rest.rfind("&amp;", 0) == 0 || rest.rfind("&lt;", 0) == 0 || rest.rfind("&gt;", 0) == 0 ||
                  rest.rfind("&quot;", 0) == 0 || rest.rfind("&#39;", 0) == 0 || rest.rfind("&#96;", 0) == 0)
          << out;
    }
  }
  EXPECT_EQ(render("{{vars.v}}", TemplateTarget::HtmlAttribute, Json{{"v", "\"><b a='1'>&amp;`"}}),
            "&quot;&gt;&lt;b a=&#39;1&#39;&gt;&amp;amp;&#96;");
  // The literal text is plain text too, escaped the same way.
  EXPECT_EQ(render("Tom & \"Jerry\" <3", TemplateTarget::HtmlAttribute, Json::object()), "Tom &amp; &quot;Jerry&quot; &lt;3");
}

TEST(TemplateEscape, UrlTokenValuesArePercentEncoded) {
  EXPECT_EQ(render("https://pay.example.in/r?to={{vars.v}}&n=1", TemplateTarget::Url, Json{{"v", "a b&c=d/e?f#g"}}),
            "https://pay.example.in/r?to=a%20b%26c%3Dd%2Fe%3Ff%23g&n=1");
  EXPECT_EQ(render("/q/{{vars.v}}", TemplateTarget::Url, Json{{"v", "\u0939\u093f"}}), "/q/%E0%A4%B9%E0%A4%BF");
  EXPECT_EQ(render("/q/{{vars.v}}", TemplateTarget::Url, Json{{"v", "A-Z_a.z~09"}}), "/q/A-Z_a.z~09");
  EXPECT_EQ(render("/n/{{vars.v | number}}", TemplateTarget::Url, Json{{"v", 1234.5}}), "/n/1%2C234.5");
  for (const char* value : kHostileValues) {
    const std::string out = render("https://x.example/?q={{vars.v}}", TemplateTarget::Url, Json{{"v", value}});
    EXPECT_EQ(out.rfind("https://x.example/?q=", 0), 0u) << out;
    EXPECT_EQ(out.substr(21).find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%"),
              std::string::npos)
        << out;
    // A whole URL from a value is a relative reference whose ':' and '/' are encoded: inert.
    const std::string whole = render("{{vars.v}}", TemplateTarget::Url, Json{{"v", value}});
    EXPECT_EQ(whole.find_first_of(":/\\<>\"' \t\n"), std::string::npos) << whole;
  }
}

TEST(TemplateEscape, UnsafeLiteralUrlsAreRefusedAtLoad) {
  const char* const unsafe[] = {
      "javascript:alert(1)", "JaVaScRiPt:alert(1)", "javascript&#58;alert(1)", "javascript&colon;alert(1)",
      "javascript&#x3A;alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "DATA:image/svg+xml;base64,PHN2Zz4=", "vbscript:msgbox(1)",
      "file:///etc/passwd", "mailto:a@b.c", "intent://scan#Intent;end", "//evil.example/x", "///evil.example",
      "\xef\xbd\x8a\xef\xbd\x81vascript:alert(1)", ":no-scheme", "java{{vars.x}}script:alert(1){{bad",
  };
  for (const char* source : unsafe) {
    Template t;
    Error error;
    EXPECT_FALSE(parses(source, TemplateTarget::Url, t, &error)) << source;
    if (std::string_view(source).find("{{bad") == std::string_view::npos) {
      EXPECT_EQ(error.code, "template.unsafe_url") << source << ": " << error.message;
    }
  }
  const char* const malformed[] = {" javascript:alert(1)", "\tjavascript:alert(1)", "java\nscript:alert(1)", "java\rscript:x",
                                   "https://x.example/a b", "https://x.example/\"onmouseover", "/\\evil.example", "https://x/<svg>",
                                   "https://x/`", "https://x/{y}", "https://x/^", "https://x/|"};
  for (const char* source : malformed) {
    Template t;
    Error error;
    EXPECT_FALSE(parses(source, TemplateTarget::Url, t, &error)) << source;
    EXPECT_EQ(error.code, "template.invalid_url") << source;
  }
}

TEST(TemplateEscape, SafeUrlsPass) {
  const Json none = Json::object();
  EXPECT_EQ(render("https://example.in/kyc", TemplateTarget::Url, none), "https://example.in/kyc");
  EXPECT_EQ(render("HTTP://EXAMPLE.IN", TemplateTarget::Url, none), "HTTP://EXAMPLE.IN");
  EXPECT_EQ(render("/app/kyc?step=selfie#top", TemplateTarget::Url, none), "/app/kyc?step=selfie#top");
  EXPECT_EQ(render("kyc/help", TemplateTarget::Url, none), "kyc/help");
  EXPECT_EQ(render("?tab=ledger", TemplateTarget::Url, none), "?tab=ledger");
  EXPECT_EQ(render("/", TemplateTarget::Url, none), "/");
  EXPECT_EQ(render("", TemplateTarget::Url, none), "");
  EXPECT_EQ(render("https://example.in/\u0939\u093f", TemplateTarget::Url, none), "https://example.in/%E0%A4%B9%E0%A4%BF");
  EXPECT_EQ(render("https://example.in/a%20b", TemplateTarget::Url, none), "https://example.in/a%20b");
}

TEST(TemplateEscape, RenderedUrlsWhoseSchemeBecameUnsafeRenderEmpty) {
  EXPECT_EQ(render("{{vars.s}}:alert(1)", TemplateTarget::Url, Json{{"s", "javascript"}}), "");
  EXPECT_EQ(render("{{vars.s}}:alert(1)", TemplateTarget::Url, Json{{"s", "JAVASCRIPT"}}), "");
  EXPECT_EQ(render("{{vars.s}}://example.in/", TemplateTarget::Url, Json{{"s", "https"}}), "https://example.in/");
  EXPECT_EQ(render("java{{vars.s}}:alert(1)", TemplateTarget::Url, Json{{"s", "script"}}), "");
  EXPECT_EQ(render("da{{vars.s}}:text/html,x", TemplateTarget::Url, Json{{"s", "ta"}}), "");
  // An empty value would turn a path into a protocol-relative URL.
  EXPECT_EQ(render("/{{vars.p}}/evil.example", TemplateTarget::Url, Json{{"p", ""}}), "");
  EXPECT_EQ(render("/{{vars.p}}/evil.example", TemplateTarget::Url, Json{{"p", "shop"}}), "/shop/evil.example");
}

}  // namespace
}  // namespace nudgekit

// Runs tests/cases/templates.json natively; the same table is meant for the wasm runner, so that both
// builds are held to one set of expected outputs.
#include <gtest/gtest.h>

#include <fstream>

#include "nudgekit/template.h"

namespace nudgekit {
namespace {

Json load_table() {
  std::ifstream in(std::string(NK_CASES_DIR) + "/templates.json");
  return Json::parse(in);
}

TemplateTarget target_of(const Json& c) {
  const std::string name = c.value("target", "text");
  if (name == "attribute") return TemplateTarget::HtmlAttribute;
  if (name == "url") return TemplateTarget::Url;
  EXPECT_EQ(name, "text");
  return TemplateTarget::Text;
}

class TemplateTable : public ::testing::TestWithParam<Json> {};

TEST_P(TemplateTable, MatchesExpectation) {
  const Json& c = GetParam();
  SCOPED_TRACE(c["name"].get<std::string>());
  Template t;
  Errors errors;
  const bool ok = Template::parse(c["template"].get<std::string>(), target_of(c), "/t", TemplateLimits{}, t, errors);
  if (c.contains("error")) {
    ASSERT_FALSE(ok);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].code, c["error"]["code"].get<std::string>()) << errors[0].message;
    return;
  }
  ASSERT_TRUE(ok) << errors.at(0).code << " " << errors.at(0).message;
  const Json profile = c.value("profile", Json::object());
  const Json vars = c.value("vars", Json::object());
  const std::string language = c.value("language", "en");
  const std::string user_id = c.contains("user") ? c["user"].value("id", "") : "";
  const LocaleFormat format = LocaleFormat::lookup(language);
  TemplateScope scope;
  scope.profile = &profile;
  scope.vars = &vars;
  scope.user_id = user_id;
  scope.language = language;
  scope.format = &format;
  scope.utc_offset_minutes = c.value("utcOffsetMinutes", 0);
  std::string out;
  t.render(scope, out);
  EXPECT_EQ(out, c["expected"].get<std::string>());
}

std::vector<Json> all_cases() {
  const Json table = load_table();
  return table["cases"].get<std::vector<Json>>();
}

INSTANTIATE_TEST_SUITE_P(Cases, TemplateTable, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Json>& info) { return "case" + std::to_string(info.index); });

}  // namespace
}  // namespace nudgekit

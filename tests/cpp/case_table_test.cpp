// Runs tests/cases/conditions.json natively; tests/js/case_table.test.mjs runs the same file through
// the wasm build, so both builds are held to one table.
#include <gtest/gtest.h>

#include <fstream>

#include "nudgekit/engine.h"

namespace nudgekit {
namespace {

Json load_table() {
  std::ifstream in(std::string(NK_CASES_DIR) + "/conditions.json");
  return Json::parse(in);
}

struct Case {
  std::string label;
  Json data;
  std::string dialect;
};

std::vector<Case> all_cases() {
  std::vector<Case> out;
  const Json table = load_table();
  for (const Json& c : table["cases"]) {
    for (const char* dialect : {"nudgekit", "growthbook"}) {
      const bool has_expectation = (c.contains("expected") && c["expected"].contains(dialect)) ||
                                   (c.contains("error") && c["error"].contains(dialect));
      if (has_expectation) out.push_back({c["name"].get<std::string>() + " [" + dialect + "]", c, dialect});
    }
  }
  return out;
}

class CaseTable : public ::testing::TestWithParam<Case> {};

TEST_P(CaseTable, MatchesExpectation) {
  const Case& tc = GetParam();
  const Json table = load_table();
  Engine engine;
  const Json config = {{"version", 1}, {"dialect", tc.dialect}, {"savedGroups", table["savedGroups"]}};
  ASSERT_TRUE(engine.load_config(config.dump()).ok);
  Error error;
  ASSERT_TRUE(engine.set_properties(tc.data["attributes"].dump(), true, error)) << error.message;
  const EvaluateResult result = engine.evaluate(tc.data["condition"].dump());
  if (tc.data.contains("error") && tc.data["error"].contains(tc.dialect)) {
    ASSERT_FALSE(result.ok) << tc.label;
    ASSERT_FALSE(result.errors.empty());
    EXPECT_EQ(result.errors[0].code, tc.data["error"][tc.dialect]["code"]) << result.errors[0].message;
    EXPECT_EQ(result.errors[0].pointer, tc.data["error"][tc.dialect]["pointer"]);
  } else {
    ASSERT_TRUE(result.ok) << (result.errors.empty() ? "" : result.errors[0].code + " " + result.errors[0].message);
    EXPECT_EQ(result.value, tc.data["expected"][tc.dialect].get<bool>());
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return "case" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(Conditions, CaseTable, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace nudgekit

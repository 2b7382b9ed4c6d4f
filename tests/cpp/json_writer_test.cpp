// JsonWriter writes what to_json_text would: the same values after parsing, strings escaped the
// same way and always valid UTF-8, commas right at every depth.
#include <gtest/gtest.h>

#include "nudgekit/json_writer.h"

namespace nudgekit {
namespace {

TEST(JsonWriter, NestsWithCommasInTheRightPlaces) {
  std::string text;
  JsonWriter out(text);
  out.begin_object().member("a", 1).key("b").begin_array();
  out.begin_object().end_object().begin_array().end_array().null().value(true).value(std::int64_t{-9'007'199'254'740'991});
  out.end_array().member("c", "x").key("d").begin_object().member("e", false).end_object().end_object();
  EXPECT_EQ(text, R"({"a":1,"b":[{},[],null,true,-9007199254740991],"c":"x","d":{"e":false}})");
}

TEST(JsonWriter, EscapesAndRepairsStringsAsToJsonTextDoes) {
  const std::string samples[] = {
      "quote \" backslash \\ slash /",
      std::string("controls \b\f\n\r\t \x01\x1f and NUL ") + '\0' + " end",
      "हिन्दी ₹ 🎉 اردو",
      "bad \xff byte, surrogate \xed\xa0\x80 encoded",
  };
  for (const std::string& sample : samples) {
    std::string text;
    JsonWriter(text).value(sample);
    EXPECT_EQ(text, to_json_text(Json(sample))) << sample;
  }
  // A sequence cut short loses each of its bytes, as rendered templates repair text (to_json_text
  // would write one U+FFFD for both): the writer never sends what JSON.parse would reject.
  std::string text;
  JsonWriter(text).value("cut \xe0\xa4.");
  EXPECT_EQ(text, "\"cut \xEF\xBF\xBD\xEF\xBF\xBD.\"");
}

TEST(JsonWriter, WritesABuiltTreeAsItIs) {
  const Json tree = Json::parse(R"({"z": [1, 2.5, "three"], "a": {"nested": null}})");
  std::string text;
  JsonWriter(text).begin_array().value(tree).value("after").end_array();
  EXPECT_EQ(Json::parse(text), (Json::array({tree, "after"})));
}

}  // namespace
}  // namespace nudgekit

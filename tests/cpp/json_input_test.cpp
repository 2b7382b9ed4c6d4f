#include <gtest/gtest.h>

#include "nudgekit/json_input.h"

namespace nudgekit {
namespace {

std::optional<Json> parse(std::string_view text, Error& error) { return parse_json_input(text, 1 << 20, 64, error); }

TEST(JsonInput, ParsesAValidDocument) {
  Error error;
  const auto doc = parse(R"({"a": [1, 2.5, "x", null, true]})", error);
  ASSERT_TRUE(doc);
  EXPECT_EQ((*doc)["a"][2], "x");
}

TEST(JsonInput, MalformedJsonNamesTheByte) {
  Error error;
  EXPECT_FALSE(parse(R"({"a": 1,})", error));
  EXPECT_EQ(error.code, "json.parse");
  EXPECT_NE(error.message.find("at byte 8"), std::string::npos) << error.message;
}

TEST(JsonInput, RejectsWhatJavaScriptWouldNotProduce) {
  for (const char* bad : {"NaN", "[Infinity]", "{'a': 1}", "[1,]", "// c\n1", "01", "\"\\x41\"", ""}) {
    Error error;
    EXPECT_FALSE(parse(bad, error)) << bad;
    EXPECT_EQ(error.code, "json.parse") << bad;
  }
}

TEST(JsonInput, TenThousandLevelsAreRejectedWithoutRecursion) {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  Error error;
  EXPECT_FALSE(parse(deep, error));
  EXPECT_EQ(error.code, "json.too_deep");
}

TEST(JsonInput, BracketsInsideStringsDoNotCountAsDepth) {
  Error error;
  const std::string text = "[\"" + std::string(500, '[') + "\\\"" + std::string(500, '{') + "\"]";
  EXPECT_TRUE(parse(text, error)) << error.message;
}

TEST(JsonInput, InvalidUtf8IsAParseError) {
  Error error;
  EXPECT_FALSE(parse("{\"a\": \"\xC3\x28\"}", error));
  EXPECT_EQ(error.code, "json.parse");
  EXPECT_FALSE(parse("\"\xED\xA0\x80\"", error));  // an encoded surrogate
}

TEST(JsonInput, LoneSurrogateEscapeIsAParseError) {
  Error error;
  EXPECT_FALSE(parse(R"("\ud800")", error));
  EXPECT_FALSE(parse(R"("\udc00x")", error));
  EXPECT_TRUE(parse(R"("\ud83d\ude00")", error));
}

TEST(JsonInput, TooLargeIsRejectedBeforeParsing) {
  Error error;
  EXPECT_FALSE(parse_json_input(std::string(2000, ' '), 1000, 64, error));
  EXPECT_EQ(error.code, "json.too_large");
}

TEST(JsonInput, OutputNeverThrowsOnBadUtf8) {
  Json value = std::string("\xFF\xFE");
  EXPECT_NO_THROW(to_json_text(value));
}

}  // namespace
}  // namespace nudgekit

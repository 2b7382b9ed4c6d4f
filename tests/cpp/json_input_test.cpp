#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

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

// Strings are scanned eight bytes at a time: an escape, a quote, a control character or a non-ASCII
// byte at any offset of any word must still be seen, exactly where nlohmann's parser sees it.
TEST(JsonInput, EveryByteThatEndsAPlainRunIsSeenAtEveryOffset) {
  const std::string specials[] = {"\\n", "\\\"", "\\u20b9", "₹", "\x7f", "\x1f", "\"", "\xff"};
  for (const std::string& special : specials) {
    for (std::size_t offset = 0; offset < 24; ++offset) {
      const std::string text = "\"" + std::string(offset, 'a') + special + std::string(20, 'b') + "\"";
      Error error;
      const auto ours = parse(text, error);
      const Json theirs = Json::parse(text, nullptr, false);
      if (theirs.is_discarded()) {
        EXPECT_FALSE(ours) << special << " at " << offset;
        // A raw quote ends the string early; control bytes and invalid UTF-8 are refused where they are.
        if (special != "\"") EXPECT_NE(error.message.find("byte " + std::to_string(offset + 1)), std::string::npos) << error.message;
      } else {
        ASSERT_TRUE(ours) << special << " at " << offset << ": " << error.message;
        EXPECT_EQ(*ours, theirs) << special << " at " << offset;
      }
    }
  }
}

// The reader's fast decimal path must round exactly like strtod, including signs, zeros and exponents.
TEST(JsonInput, DecimalsRoundExactlyLikeStrtod) {
  std::mt19937_64 random(42);
  std::vector<std::string> texts = {"613.4", "165.54", "-0.0", "0.1", "0.30000000000000004", "1e22", "1e23",
                                    "123456789012345.6", "1234567890123456.7", "4.35", "1.7976931348623157e308",
                                    "5e-324", "0.000001", "-2.5E+3", "9007199254740993.0", "0e500", "1e-22"};
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t digits = random() % 100000000000000000ull;
    const int point = static_cast<int>(random() % 18);
    std::string text = std::to_string(digits);
    if (point > 0 && point < static_cast<int>(text.size())) text.insert(text.size() - static_cast<std::size_t>(point), ".");
    if (text.front() == '.') text.insert(0, "0");
    if (random() % 3 == 0) text += "e" + std::to_string(static_cast<int>(random() % 60) - 30);
    if (random() % 2 == 0) text.insert(0, "-");
    if (text.find('.') == std::string::npos && text.find('e') == std::string::npos) text += ".5";
    texts.push_back(text);
  }
  for (const std::string& text : texts) {
    Error error;
    const auto doc = parse(text, error);
    ASSERT_TRUE(doc) << text << ": " << error.message;
    const double expected = std::strtod(text.c_str(), nullptr);
    const double actual = doc->get<double>();
    EXPECT_EQ(std::memcmp(&expected, &actual, sizeof expected), 0) << text;
  }
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

namespace nudgekit {
namespace {

// Parsing into storage that holds another document must give exactly what a fresh parse gives.
TEST(JsonInput, ParsingIntoAnotherDocumentEqualsParsingFresh) {
  const char* documents[] = {
      R"({"geo": {"country": "IN", "region": "IN-UP"}, "tags": ["a", "b", "c"], "n": 1, "s": "a long string value"})",
      R"({"geo": {"country": "BD"}, "tags": ["x"], "n": "now a string", "extra": {"deep": [1, {"k": null}]}})",
      R"({"geo": [1, 2], "tags": {"was": "array"}, "s": "short"})",
      R"({})",
      R"({"a": 1, "a": {"b": 2}, "a": [3]})",
      R"({"tags": [], "geo": {}, "n": 1.5e3})",
      R"([{"k": 1}, {"k": 2}, {"k": 3}])",
      R"("just a string")",
  };
  for (const char* before : documents) {
    for (const char* after : documents) {
      Error error;
      Json target;
      ASSERT_TRUE(parse_json_input_into(before, 1 << 20, 64, target, error));
      ASSERT_TRUE(parse_json_input_into(after, 1 << 20, 64, target, error));
      const auto fresh = parse_json_input(after, 1 << 20, 64, error);
      ASSERT_TRUE(fresh);
      EXPECT_EQ(target, *fresh) << before << "  then  " << after;
    }
  }
}

}  // namespace
}  // namespace nudgekit

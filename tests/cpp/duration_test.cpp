#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "nudgekit/duration.h"

namespace nudgekit {
namespace {

std::int64_t parsed(std::string_view text) {
  std::int64_t ms = -1;
  std::string message;
  EXPECT_TRUE(parse_duration(text, ms, message)) << text << ": " << message;
  return ms;
}

// The message for a refused text, checking the refusal leaves the output alone.
std::string refusal(std::string_view text) {
  std::int64_t ms = 12345;
  std::string message;
  EXPECT_FALSE(parse_duration(text, ms, message)) << text;
  EXPECT_EQ(ms, 12345) << text;
  EXPECT_FALSE(message.empty()) << text;
  return message;
}

bool mentions(const std::string& message, std::string_view part) { return message.find(part) != std::string::npos; }

TEST(Duration, ParsesEachUnit) {
  EXPECT_EQ(parsed("90s"), 90 * 1000);
  EXPECT_EQ(parsed("30m"), 30 * 60 * 1000);
  EXPECT_EQ(parsed("24h"), 24 * 3600 * 1000);
  EXPECT_EQ(parsed("7d"), 7 * 86400 * 1000LL);
  EXPECT_EQ(parsed("2w"), 14 * 86400 * 1000LL);
  EXPECT_EQ(parsed("1s"), 1000);
}

TEST(Duration, AcceptsUpToTenYearsInAnyUnit) {
  EXPECT_EQ(parsed("3660d"), kMaxDurationMs);
  EXPECT_EQ(parsed("87840h"), kMaxDurationMs);
  EXPECT_EQ(parsed("316224000s"), kMaxDurationMs);
  EXPECT_EQ(parsed("522w"), 522 * kMillisecondsPerWeek);
  for (std::string_view text : {"3661d", "87841h", "523w", "316224001s", "5270401m"}) {
    EXPECT_TRUE(mentions(refusal(text), "longer than the maximum, 3660d")) << text;
  }
}

TEST(Duration, HugeAmountsAreRefusedWithoutOverflow) {
  for (std::string_view text : {"9223372036854775807s", "9223372036854775808w", "18446744073709551617d",
                                "99999999999999999999999999999999999999999h"}) {
    EXPECT_TRUE(mentions(refusal(text), "longer than the maximum")) << text;
  }
}

TEST(Duration, RefusesWhatIsNotOneWholeAmountAndOneUnit) {
  const std::string expected = R"(expected a duration like "7d", "24h" or "30m")";
  for (std::string_view text : {"", "7", "7x", "-1d", "+1d", "1.5d", "1,5d", " 7d", "7d ", "7 d", "\t7d", "d", "0d",
                                "00h", "07d", "7D", "7ms", "7dd", "1d12h", "7days", "x7d", "٧d", "７d"}) {
    const std::string message = refusal(text);
    EXPECT_EQ(message.rfind(expected, 0), 0u) << text << ": " << message;
  }
}

TEST(Duration, MessagesSayWhatIsWrong) {
  EXPECT_TRUE(mentions(refusal(""), "empty string"));
  EXPECT_TRUE(mentions(refusal("7"), "no unit"));
  EXPECT_TRUE(mentions(refusal("7x"), R"(unknown unit "x")"));
  EXPECT_TRUE(mentions(refusal("7D"), "lower case"));
  EXPECT_TRUE(mentions(refusal("-1d"), "no sign"));
  EXPECT_TRUE(mentions(refusal("1.5d"), "whole number"));
  EXPECT_TRUE(mentions(refusal(" 7d"), "spaces"));
  EXPECT_TRUE(mentions(refusal("7d "), "spaces"));
  EXPECT_TRUE(mentions(refusal("d"), "no amount"));
  EXPECT_TRUE(mentions(refusal("0d"), "at least 1"));
  EXPECT_TRUE(mentions(refusal("07d"), "start with 0"));
  EXPECT_TRUE(mentions(refusal("7"), R"(got "7")"));
}

TEST(Duration, MessagesQuoteTheTextSafely) {
  // Control bytes are escaped, quotes too, and a long text is cut on a UTF-8 boundary.
  EXPECT_TRUE(mentions(refusal(std::string_view("7\0d", 3)), R"(got "7\x00d")"));
  EXPECT_TRUE(mentions(refusal(R"(7"d)"), R"(got "7\"d")"));
  const std::string long_text = "1" + std::string(40, 'q');
  EXPECT_TRUE(mentions(refusal(long_text), "\"1" + std::string(31, 'q') + "\"…"));
  const std::string cyrillic = "7" + std::string(21, ' ') + "дней дней";  // byte 32 is inside the second "д"
  const std::string message = refusal(cyrillic);
  EXPECT_TRUE(mentions(message, "\"7" + std::string(21, ' ') + "дней \"…")) << message;
}

TEST(Duration, FormatsInTheLargestExactUnit) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(1), "1ms");
  EXPECT_EQ(format_duration(1500), "1500ms");
  EXPECT_EQ(format_duration(90 * 1000), "90s");
  EXPECT_EQ(format_duration(30 * kMillisecondsPerMinute), "30m");
  EXPECT_EQ(format_duration(90 * kMillisecondsPerMinute), "90m");
  EXPECT_EQ(format_duration(24 * kMillisecondsPerHour), "1d");
  EXPECT_EQ(format_duration(36 * kMillisecondsPerHour), "36h");
  EXPECT_EQ(format_duration(7 * kMillisecondsPerDay), "1w");
  EXPECT_EQ(format_duration(10 * kMillisecondsPerDay), "10d");
  EXPECT_EQ(format_duration(kMaxDurationMs), "3660d");
  EXPECT_EQ(format_duration(-2 * kMillisecondsPerHour), "-2h");
  EXPECT_EQ(format_duration(std::numeric_limits<std::int64_t>::min()), "-9223372036854775808ms");
  EXPECT_EQ(format_duration(std::numeric_limits<std::int64_t>::max()), "9223372036854775807ms");
}

TEST(Duration, FormatReadsBackAsTheSameDuration) {
  for (std::string_view text : {"90s", "30m", "24h", "7d", "2w", "3660d", "61s", "1w"}) {
    EXPECT_EQ(parsed(format_duration(parsed(text))), parsed(text)) << text;
  }
  for (std::int64_t seconds = 1; seconds < 4 * 86400; seconds += 997) {
    EXPECT_EQ(parsed(format_duration(seconds * 1000)), seconds * 1000) << seconds;
  }
}

}  // namespace
}  // namespace nudgekit

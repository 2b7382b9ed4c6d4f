// Numbers in each locale's CLDR symbols, grouping and digits. Expected strings are what CLDR 48 says
// (they agree with ICU 78's Intl.NumberFormat, which also ships CLDR 48).
#include <gtest/gtest.h>

#include "nudgekit/format.h"

namespace nudgekit {
namespace {

std::string number(std::string_view tag, double value, int min_fraction = 0, int max_fraction = 3) {
  std::string out;
  LocaleFormat::lookup(tag).append_number(value, min_fraction, max_fraction, out);
  return out;
}

TEST(FormatNumber, KnownCldrOutputs) {
  struct Case {
    const char* tag;
    const char* expected;
  };
  const Case cases[] = {
      {"en", "1,234,567.891"},
      {"en-IN", "12,34,567.891"},
      {"hi", "12,34,567.891"},
      {"mr", "\u0967\u0968,\u0969\u096a,\u096b\u096c\u096d.\u096e\u096f\u0967"},  // Devanagari digits
      {"bn", "\u09e7\u09e8,\u09e9\u09ea,\u09eb\u09ec\u09ed.\u09ee\u09ef\u09e7"},  // Bengali digits
      {"ta", "12,34,567.891"},
      {"ar", "1,234,567.891"},  // CLDR 46+ writes Arabic with Latin digits by default
      {"ar-EG", "\u0661\u066c\u0662\u0663\u0664\u066c\u0665\u0666\u0667\u066b\u0668\u0669\u0661"},
      {"es", "1.234.567,891"},
      {"uk", "1\u00a0234\u00a0567,891"},
      {"de", "1.234.567,891"},
  };
  for (const Case& c : cases) EXPECT_EQ(number(c.tag, 1234567.891), c.expected) << c.tag;
}

TEST(FormatNumber, MinimumGroupingDigits) {
  // Spanish groups four-digit numbers only from five digits on (minimumGroupingDigits 2).
  EXPECT_EQ(number("es", 1234), "1234");
  EXPECT_EQ(number("es", 12345), "12.345");
  EXPECT_EQ(number("de", 1234), "1.234");
  EXPECT_EQ(number("en-IN", 100000), "1,00,000");
  EXPECT_EQ(number("en-IN", 999), "999");
  EXPECT_EQ(number("en-IN", 1000), "1,000");
}

TEST(FormatNumber, NegativeNumbersUseTheLocaleMinus) {
  EXPECT_EQ(number("en", -1234.5, 2, 2), "-1,234.50");
  EXPECT_EQ(number("ar", -5), "\u200e-5");
  EXPECT_EQ(number("fa", -5), "\u200e\u2212\u06f5");
  EXPECT_EQ(number("en", -0.0004), "0");  // rounds to zero: no sign
  EXPECT_EQ(number("en", -0.0), "0");
}

TEST(FormatNumber, RoundsHalfAwayFromZeroOnTheShortestDecimal) {
  EXPECT_EQ(number("en", 1.005, 0, 2), "1.01");
  EXPECT_EQ(number("en", 2.5, 0, 0), "3");
  EXPECT_EQ(number("en", -2.5, 0, 0), "-3");
  EXPECT_EQ(number("en", 9.9995), "10");
  EXPECT_EQ(number("en", 999999.9999), "1,000,000");
  EXPECT_EQ(number("en", 0.1 + 0.2), "0.3");
  EXPECT_EQ(number("en", 0.0005), "0.001");
  EXPECT_EQ(number("en", 0.00049), "0");
  EXPECT_EQ(number("en", 1.23456e-8, 0, 20), "0.0000000123456");
}

TEST(FormatNumber, FractionDigits) {
  EXPECT_EQ(number("en", 1200, 2, 2), "1,200.00");
  EXPECT_EQ(number("en", 3.14159, 0, 0), "3");
  EXPECT_EQ(number("en", 3.1, 0, 3), "3.1");
  EXPECT_EQ(number("hi", 1234.5678, 1, 1), "1,234.6");
  EXPECT_EQ(number("en", 5, 3, 1), "5.0");  // min is clamped to max
  EXPECT_EQ(LocaleFormat::lookup("en").default_max_fraction(), 3);
}

TEST(FormatNumber, ExtremesStayExact) {
  EXPECT_EQ(number("en", 1e21), "1,000,000,000,000,000,000,000");
  EXPECT_EQ(number("en", 9007199254740993.0), "9,007,199,254,740,992");
  const std::string huge = number("en", 1.7976931348623157e308);
  EXPECT_EQ(huge.substr(0, 12), "179,769,313,");
  EXPECT_EQ(huge.size(), 309u + 102u);  // 309 digits, 102 group separators
  EXPECT_EQ(number("en", std::numeric_limits<double>::infinity()), "");
  EXPECT_EQ(number("en", std::numeric_limits<double>::quiet_NaN()), "");
}

TEST(FormatNumber, LookupFollowsTheCldrParentChain) {
  EXPECT_EQ(LocaleFormat::lookup("en-IN").locale(), "en-IN");
  EXPECT_EQ(LocaleFormat::lookup("mr-IN").locale(), "mr");          // truncation
  EXPECT_EQ(LocaleFormat::lookup("EN-in").locale(), "en-IN");       // case-insensitive
  EXPECT_EQ(LocaleFormat::lookup("en_IN").locale(), "en-IN");
  EXPECT_EQ(LocaleFormat::lookup("en-IN-u-nu-latn").locale(), "en-IN");  // extensions are ignored
  EXPECT_EQ(LocaleFormat::lookup("es-MX").locale().substr(0, 2), "es");
  EXPECT_EQ(number("es-MX", 1234567.891), "1,234,567.891");  // es-MX → es-419 per parentLocales
  EXPECT_EQ(number("hi-Latn", 100000), "1,00,000");          // hi-Latn → en-IN per parentLocales
  EXPECT_EQ(number("en-150", 1234.5), "1,234.5");
  EXPECT_EQ(LocaleFormat::lookup("xx").locale(), "und");
  EXPECT_EQ(LocaleFormat::lookup("").locale(), "und");
  EXPECT_EQ(LocaleFormat::lookup(std::string(1000, 'a')).locale(), "und");
  EXPECT_EQ(cldr_version(), "48.2.0");
}

}  // namespace
}  // namespace nudgekit

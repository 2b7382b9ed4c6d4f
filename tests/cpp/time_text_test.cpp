#include <gtest/gtest.h>

#include "nudgekit/time_text.h"

namespace nudgekit {
namespace {

std::int64_t instant(const char* text) {
  std::int64_t ms = -1;
  EXPECT_TRUE(parse_instant(text, ms)) << text;
  return ms;
}

TEST(TimeText, InstantsWithTheirZone) {
  EXPECT_EQ(instant("1970-01-01T00:00Z"), 0);
  EXPECT_EQ(instant("2026-01-01T05:30:00+05:30"), 1'767'225'600'000);
  EXPECT_EQ(instant("2025-12-31T19:00:00.001-05:00"), 1'767'225'600'001);
  EXPECT_EQ(instant("2025-12-31T19:00:00.5-05:00"), 1'767'225'600'500);
  EXPECT_EQ(instant("2024-02-29T12:00:00.123456Z"), 1'709'208'000'123);
}

TEST(TimeText, RefusesWhatIsNotAnInstant) {
  std::int64_t ms = 7;
  for (const char* bad : {"", "2026-01-01", "2026-01-01T10:00", "2026-02-30T10:00Z", "2025-02-29T00:00Z",
                          "2026-13-01T00:00Z", "2026-01-01T24:00Z", "2026-01-01T10:00:60Z", "2026-01-01T10:00+5:30",
                          "2026-01-01 10:00Z", "1899-12-31T00:00Z", "2026-01-01T10:00:00.Z", "+2026-01-01T10:00Z",
                          "2026-01-01T10:00Zjunk"}) {
    EXPECT_FALSE(parse_instant(bad, ms)) << bad;
  }
  EXPECT_EQ(ms, 7);
}

TEST(TimeText, Dates) {
  std::int32_t day = 0;
  ASSERT_TRUE(parse_date("1970-01-02", day));
  EXPECT_EQ(day, 1);
  ASSERT_TRUE(parse_date("2024-02-29", day));
  EXPECT_EQ(day, 19'782);
  EXPECT_FALSE(parse_date("2023-02-29", day));
  EXPECT_FALSE(parse_date("2024-2-29", day));
  EXPECT_FALSE(parse_date("2024-02-29T00:00Z", day));
}

}  // namespace
}  // namespace nudgekit

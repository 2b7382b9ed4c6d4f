// Dates in each locale's medium CLDR pattern, from epoch milliseconds and from ISO 8601 text.
#include <gtest/gtest.h>

#include "nudgekit/format.h"

namespace nudgekit {
namespace {

std::string date(std::string_view tag, CivilDate day) {
  std::string out;
  LocaleFormat::lookup(tag).append_date(day, out);
  return out;
}

TEST(FormatDate, MediumPatternsFromCldr) {
  const CivilDate day{2026, 3, 5};
  EXPECT_EQ(date("en", day), "Mar 5, 2026");
  EXPECT_EQ(date("en-IN", day), "5 Mar 2026");
  EXPECT_EQ(date("hi", day), "5 \u092e\u093e\u0930\u094d\u091a 2026");
  EXPECT_EQ(date("mr", day), "\u096b \u092e\u093e\u0930\u094d\u091a, \u0968\u0966\u0968\u096c");
  EXPECT_EQ(date("de", day), "05.03.2026");
  EXPECT_EQ(date("es", day), "5 mar 2026");
  EXPECT_EQ(date("uk", day), "5 \u0431\u0435\u0440. 2026\u202f\u0440.");  // quoted literal 'р'.
  EXPECT_EQ(date("ar-EG", day), "\u0660\u0665\u200f/\u0660\u0663\u200f/\u0662\u0660\u0662\u0666");
  EXPECT_EQ(date("zh-Hant-HK", day), "2026\u5e743\u67085\u65e5");
  EXPECT_EQ(date("ta", CivilDate{2026, 12, 31}), "31 \u0b9f\u0bbf\u0b9a., 2026");
}

TEST(FormatDate, EpochMillisecondsInTheUsersZone) {
  CivilDate day;
  ASSERT_TRUE(civil_date_from_epoch_ms(1772735400000.0, 0, day));  // 2026-03-05T18:30:00Z
  EXPECT_EQ(date("en", day), "Mar 5, 2026");
  ASSERT_TRUE(civil_date_from_epoch_ms(1772735400000.0, 330, day));  // midnight in India
  EXPECT_EQ(date("en", day), "Mar 6, 2026");
  ASSERT_TRUE(civil_date_from_epoch_ms(-1.0, 0, day));
  EXPECT_EQ(date("en", day), "Dec 31, 1969");
  EXPECT_FALSE(civil_date_from_epoch_ms(8.64e15 + 1, 0, day));
  EXPECT_FALSE(civil_date_from_epoch_ms(-62135596800001.0, 0, day));  // before year 1
  EXPECT_FALSE(civil_date_from_epoch_ms(std::numeric_limits<double>::quiet_NaN(), 0, day));
}

TEST(FormatDate, IsoDatesAndDateTimes) {
  CivilDate day;
  ASSERT_TRUE(civil_date_from_iso("2024-02-29", 0, day));
  EXPECT_EQ(date("en", day), "Feb 29, 2024");
  ASSERT_TRUE(civil_date_from_iso("2026-03-05T23:59", -300, day));  // no zone: the day as written
  EXPECT_EQ(day.day, 5);
  ASSERT_TRUE(civil_date_from_iso("2026-03-05T20:00:00.000Z", 330, day));  // 01:30 on the 6th in India
  EXPECT_EQ(day.day, 6);
  ASSERT_TRUE(civil_date_from_iso("2026-03-06T01:30:00+05:30", 0, day));
  EXPECT_EQ(day.day, 5);
  EXPECT_EQ(day.month, 3);
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-3-5", "05/03/2026", "2026-03-05T24:00", "2026-03-05T10:00+5:30",
                          "2026-03-05 10:00", "2026-03-05T10:00:00.Z", "0000-01-01", "2026-03-05Z", "", "2026-03-05T10:00:61"}) {
    EXPECT_FALSE(civil_date_from_iso(bad, 0, day)) << bad;
  }
}

}  // namespace
}  // namespace nudgekit

// Numbers and dates written the way a locale writes them: CLDR's decimal and group symbols, grouping
// sizes (Indian 1,00,000), minimum grouping digits, native digits (Devanagari for mr, Bengali for bn)
// and medium date pattern with its month names. The tables are generated at build time from the
// CLDR npm packages (scripts/gen-format-data.mjs); nothing here is typed in by hand.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nudgekit {

namespace detail {
struct FormatLocaleRow;
}

// A day in the proleptic Gregorian calendar.
struct CivilDate {
  int year = 1970;
  int month = 1;  // 1–12
  int day = 1;    // 1–31
};

class LocaleFormat {
 public:
  // The formatting data for `tag`, a BCP 47 tag in any letter case ("en-IN", "hi", "sr-Latn-RS").
  // When CLDR has no data of its own for the tag, it falls back along CLDR's parent chain: the
  // parentLocales entry when there is one (en-IN → en-001 → en, hi-Latn → en-IN), else the tag
  // without its last subtag (mr-IN → mr), ending at root ("und"). Never fails; O(log n) per step.
  static LocaleFormat lookup(std::string_view tag);

  // The tag whose data is used ("en-001" for "en-AU" when the two write numbers alike).
  std::string_view locale() const;
  // Fraction digits the locale's standard decimal pattern shows at most (3 in every CLDR locale today).
  int default_max_fraction() const;

  // Appends `value` with at most `max_fraction` and at least `min_fraction` fraction digits
  // (0 ≤ min ≤ max ≤ 20), rounded half away from zero from its shortest round-trip decimal form
  // (as JavaScript's Intl.NumberFormat does: 1.005 → "1.01"), grouped, in the locale's digits.
  // A value that rounds to zero has no minus sign. Non-finite values append nothing.
  void append_number(double value, int min_fraction, int max_fraction, std::string& out) const;
  // Appends `date` in the locale's medium date pattern ("5 Mar 2026" in en-IN, "५ मार्च, २०२६" in mr).
  void append_date(const CivilDate& date, std::string& out) const;

 private:
  explicit LocaleFormat(const detail::FormatLocaleRow* row) : row_(row) {}
  const detail::FormatLocaleRow* row_;
};

// The CLDR release the tables were generated from ("48.2.0").
std::string_view cldr_version();

// The local calendar day of an instant: epoch milliseconds shifted by the user's UTC offset. False
// outside years 1–9999 (or for NaN/infinite input).
bool civil_date_from_epoch_ms(double epoch_ms, std::int32_t utc_offset_minutes, CivilDate& out);

// Reads an ISO 8601 calendar date or date-time as JSON and JavaScript write them: "2026-03-05",
// "2026-03-05T10:30", "2026-03-05T10:30:00.000Z", "2026-03-05T23:30:00+05:30". A date, or a date-time
// without a zone, is the day it names; a date-time with "Z" or an offset is an instant, shown on the
// user's local day. False for anything else (other layouts, impossible days such as 2026-02-30).
bool civil_date_from_iso(std::string_view text, std::int32_t utc_offset_minutes, CivilDate& out);

}  // namespace nudgekit

// The shape of the locale formatting tables that scripts/gen-format-data.mjs generates from CLDR into
// the build tree. Strings live once each in one pool; rows hold 16-bit offsets into it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nudgekit::detail {

inline constexpr std::uint16_t kNoMonths = 0xFFFF;

// One locale whose values differ from those its CLDR parent resolves to, sorted by tag.
struct FormatLocaleRow {
  std::uint16_t tag;
  std::uint16_t decimal;       // "." "," "٫"
  std::uint16_t group;         // "," "." " " (U+00A0) "٬"
  std::uint16_t minus;         // "-" or with bidi marks ("\u200e-")
  std::uint16_t digits;        // ten digits of the default numbering system, all of one UTF-8 length
  std::uint16_t date_pattern;  // CLDR's medium gregorian date pattern ("d MMM y", "dd.MM.y")
  std::uint16_t months;        // twelve NUL-terminated abbreviated month names, or kNoMonths
  std::uint8_t primary_group;    // digits in the group next to the decimal point; 0: no grouping
  std::uint8_t secondary_group;  // digits in each group further left (2 for Indian 1,00,000)
  std::uint8_t min_grouping;     // integer digits below primary + this many stay ungrouped (es: 2)
  std::uint8_t max_fraction;     // fraction digits of the standard decimal pattern
};

// An explicit CLDR parentLocales entry (en-IN → en-001, hi-Latn → en-IN), sorted by child.
struct FormatParentRow {
  std::uint16_t child;
  std::uint16_t parent;
};

extern const char kCldrVersion[];
extern const char kFormatPool[];
extern const std::size_t kFormatPoolSize;
extern const FormatLocaleRow kFormatLocales[];
extern const std::size_t kFormatLocaleCount;
extern const FormatParentRow kFormatParents[];
extern const std::size_t kFormatParentCount;

}  // namespace nudgekit::detail

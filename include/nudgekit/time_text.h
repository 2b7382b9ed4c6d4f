// Instants and calendar dates as configs write them ("2026-03-01T10:00:00+05:30", "2026-03-01").
#pragma once

#include <cstdint>
#include <string_view>

namespace nudgekit {

// Days from 1970-01-01 to a proleptic Gregorian date (month 1–12, day 1–31, not range-checked).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;

// RFC 3339 date-time with a mandatory zone: "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)" → epoch ms.
// Rejects anything else, including impossible dates (Feb 30) and years outside 1900–9999.
bool parse_instant(std::string_view text, std::int64_t& epoch_ms) noexcept;

// "YYYY-MM-DD" → days since 1970-01-01 (the user's local calendar day, when a config means one).
bool parse_date(std::string_view text, std::int32_t& day) noexcept;

}  // namespace nudgekit

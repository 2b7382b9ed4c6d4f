// Durations written in configs ("within": "7d", "olderThan": "2h") and shown back in explanations.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace nudgekit {

inline constexpr std::int64_t kMillisecondsPerSecond = 1000;
inline constexpr std::int64_t kMillisecondsPerMinute = 60 * kMillisecondsPerSecond;
inline constexpr std::int64_t kMillisecondsPerHour = 60 * kMillisecondsPerMinute;
inline constexpr std::int64_t kMillisecondsPerDay = 24 * kMillisecondsPerHour;
inline constexpr std::int64_t kMillisecondsPerWeek = 7 * kMillisecondsPerDay;
// Ten years of 366 days, so that any ten calendar years fit whichever unit they are written in.
inline constexpr std::int64_t kMaxDurationMs = 3660 * kMillisecondsPerDay;

// Parses a whole positive number followed by one unit: s (seconds), m (minutes), h (hours), d (days)
// or w (weeks), e.g. "90s", "30m", "24h", "7d", "2w". Days and weeks are fixed multiples of 24 hours;
// calendar-aware windows (local midnight, DST) are the caller's business. Nothing else is accepted:
// no spaces, signs, fractions, leading zeros, upper-case or combined units, and nothing longer than
// kMaxDurationMs. On failure returns false, leaves `ms` unchanged and sets `message` for people.
bool parse_duration(std::string_view text, std::int64_t& ms, std::string& message);

// The duration in the largest unit that holds it exactly: 604800000 → "1w", 90000 → "90s",
// 1500 → "1500ms", 0 → "0s". Negative durations get a leading "-". parse_duration reads back
// everything this writes for values from 1 second to kMaxDurationMs in whole seconds.
std::string format_duration(std::int64_t ms);

}  // namespace nudgekit

#include "nudgekit/duration.h"

#include <cstdio>

#include "detail/cold.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

constexpr std::string_view kExpected = "expected a duration like \"7d\", \"24h\" or \"30m\"";
constexpr std::size_t kMaxQuotedBytes = 32;

struct Unit {
  char suffix;
  std::int64_t ms;
};
// Largest first, so format_duration picks the largest unit that divides exactly.
constexpr Unit kUnits[] = {{'w', kMillisecondsPerWeek},
                           {'d', kMillisecondsPerDay},
                           {'h', kMillisecondsPerHour},
                           {'m', kMillisecondsPerMinute},
                           {'s', kMillisecondsPerSecond}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// The text as it would appear in a config, cut short so that a huge or binary value cannot make the
// message huge or unprintable. The cut never splits a UTF-8 sequence, so the message stays valid UTF-8.
std::string quoted(std::string_view text) {
  std::size_t shown = text.size();
  if (shown > kMaxQuotedBytes) {
    shown = kMaxQuotedBytes;
    while (shown > 0 && (static_cast<unsigned char>(text[shown]) & 0xC0) == 0x80) --shown;
  }
  std::string out = "\"";
  for (char c : text.substr(0, shown)) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20 || byte == 0x7F) {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\x%02X", byte);
      out += escape;
    } else {
      out.push_back(c);
    }
  }
  out += shown < text.size() ? "\"…" : "\"";
  return out;
}

const Unit* find_unit(std::string_view suffix) {
  if (suffix.size() != 1) return nullptr;
  for (const Unit& unit : kUnits) {
    if (unit.suffix == suffix[0]) return &unit;
  }
  return nullptr;
}

// Why `text` is not a duration, as the end of a sentence that starts with kExpected.
std::string why_not_a_duration(std::string_view text) {
  if (text.empty()) return "got an empty string";
  const std::string got = "got " + quoted(text);
  for (char c : text) {
    if (is_space(c)) return got + ", which has spaces in it";
  }
  if (text[0] == '-' || text[0] == '+') return got + ": the amount is a whole number from 1 up, with no sign";
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  if (digits == 0) return got + ", which has no amount in front of the unit";
  const std::string_view suffix = text.substr(digits);
  if (suffix.empty()) return got + ", which has no unit (s, m, h, d or w)";
  if (suffix[0] == '.' || suffix[0] == ',') return got + ": the amount must be a whole number";
  if (find_unit(suffix) == nullptr) {
    return got + ": unknown unit " + quoted(suffix) + " (the units are s, m, h, d and w, in lower case)";
  }
  if (text.find_first_not_of('0') == digits) return got + ": the amount must be at least 1";
  return got + ": the amount must not start with 0";
}

}  // namespace

bool parse_duration(std::string_view text, std::int64_t& ms, std::string& message) {
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  const Unit* unit = digits > 0 ? find_unit(text.substr(digits)) : nullptr;
  if (unit == nullptr || text[0] == '0') {
    message = std::string(kExpected) + ", " + why_not_a_duration(text);
    return false;
  }
  // Stops as soon as the amount is too large, so no number of digits can overflow it.
  const std::int64_t max_amount = kMaxDurationMs / unit->ms;
  std::int64_t amount = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    amount = amount * 10 + (text[i] - '0');
    if (amount > max_amount) {
      message = "the duration " + quoted(text) + " is longer than the maximum, " + format_duration(kMaxDurationMs) +
                " (ten years)";
      return false;
    }
  }
  ms = amount * unit->ms;
  return true;
}

std::string format_duration(std::int64_t ms) {
  if (ms == 0) return "0s";
  // Unsigned, because the magnitude of INT64_MIN does not fit in int64_t.
  const std::uint64_t magnitude = ms < 0 ? 0 - static_cast<std::uint64_t>(ms) : static_cast<std::uint64_t>(ms);
  const std::string sign = ms < 0 ? "-" : "";
  for (const Unit& unit : kUnits) {
    const auto unit_ms = static_cast<std::uint64_t>(unit.ms);
    if (magnitude % unit_ms == 0) return sign + std::to_string(magnitude / unit_ms) + unit.suffix;
  }
  return sign + std::to_string(magnitude) + "ms";
}

NK_COLD_CODE_END
}  // namespace nudgekit

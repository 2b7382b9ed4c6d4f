#include "nudgekit/time_text.h"

namespace nudgekit {
namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) noexcept {
  if (at + count > text.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

bool leap(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) noexcept {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

// "YYYY-MM-DD" at the start of text.
bool date_part(std::string_view text, std::int64_t& day) noexcept {
  int year = 0, month = 0, mday = 0;
  if (!digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, month) || text[7] != '-' ||
      !digits(text, 8, 2, mday)) {
    return false;
  }
  if (year < 1900 || month < 1 || month > 12 || mday < 1 || mday > days_in_month(year, month)) return false;
  day = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(mday));
  return true;
}

}  // namespace

std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

bool parse_date(std::string_view text, std::int32_t& day) noexcept {
  std::int64_t days = 0;
  if (text.size() != 10 || !date_part(text, days)) return false;
  day = static_cast<std::int32_t>(days);
  return true;
}

bool parse_instant(std::string_view text, std::int64_t& epoch_ms) noexcept {
  std::int64_t day = 0;
  int hour = 0, minute = 0, second = 0, millis = 0;
  if (!date_part(text, day) || text.size() < 16 || (text[10] != 'T' && text[10] != 't') || !digits(text, 11, 2, hour) ||
      text[13] != ':' || !digits(text, 14, 2, minute) || hour > 23 || minute > 59) {
    return false;
  }
  std::size_t at = 16;
  if (at < text.size() && text[at] == ':') {
    if (!digits(text, at + 1, 2, second) || second > 59) return false;
    at += 3;
    if (at < text.size() && text[at] == '.') {
      std::size_t end = at + 1;
      while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
      if (end == at + 1 || end - at - 1 > 9) return false;
      int fraction = 0;
      digits(text, at + 1, end - at - 1 < 3 ? end - at - 1 : 3, fraction);
      for (std::size_t n = end - at - 1; n < 3; ++n) fraction *= 10;  // ".5" is 500 ms
      millis = fraction;
      at = end;
    }
  }
  int offset_minutes = 0;
  if (at + 1 == text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    offset_minutes = 0;
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-')) {
    int oh = 0, om = 0;
    if (!digits(text, at + 1, 2, oh) || text[at + 3] != ':' || !digits(text, at + 4, 2, om) || oh > 18 || om > 59) return false;
    offset_minutes = (text[at] == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return false;
  }
  epoch_ms = ((day * 24 + hour) * 60 + minute - offset_minutes) * 60'000 + second * 1000 + millis;
  return true;
}

}  // namespace nudgekit

// Calendar days from instants and ISO 8601 text, written in a locale's medium date pattern.
#include <cmath>
#include <cstring>

#include "detail/format_data.h"
#include "nudgekit/format.h"

namespace nudgekit {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kMsPerMinute = 60'000;

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153u * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2u) / 5u + static_cast<unsigned>(d) - 1u;
  const unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
  const unsigned doy = doe - (365u * yoe + yoe / 4u - yoe / 100u);
  const unsigned mp = (5u * doy + 2u) / 153u;
  CivilDate date;
  date.day = static_cast<int>(doy - (153u * mp + 2u) / 5u + 1u);
  date.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  date.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (date.month <= 2));
  return date;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Reads exactly `count` ASCII digits at text[at].
bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
  if (at + count > text.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

const char* pool(std::uint16_t offset) { return detail::kFormatPool + offset; }

}  // namespace

bool civil_date_from_epoch_ms(double epoch_ms, std::int32_t utc_offset_minutes, CivilDate& out) {
  // JavaScript's Date range (±10^8 days) keeps every step below within 64 bits.
  if (!std::isfinite(epoch_ms) || std::fabs(epoch_ms) > 8.64e15) return false;
  const auto local = static_cast<std::int64_t>(std::floor(epoch_ms)) + std::int64_t{utc_offset_minutes} * kMsPerMinute;
  const std::int64_t days = local >= 0 ? local / kMsPerDay : -((-local + kMsPerDay - 1) / kMsPerDay);
  const CivilDate date = civil_from_days(days);
  if (date.year < 1 || date.year > 9999) return false;
  out = date;
  return true;
}

bool civil_date_from_iso(std::string_view text, std::int32_t utc_offset_minutes, CivilDate& out) {
  CivilDate date;
  if (!digits(text, 0, 4, date.year) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, date.month) ||
      text[7] != '-' || !digits(text, 8, 2, date.day)) {
    return false;
  }
  if (date.year < 1 || date.month < 1 || date.month > 12 || date.day < 1 || date.day > days_in_month(date.year, date.month)) {
    return false;
  }
  if (text.size() == 10) {
    out = date;
    return true;
  }
  int hour = 0, minute = 0, second = 0;
  if ((text[10] != 'T' && text[10] != 't') || !digits(text, 11, 2, hour) || text.size() < 16 || text[13] != ':' ||
      !digits(text, 14, 2, minute) || hour > 23 || minute > 59) {
    return false;
  }
  std::size_t at = 16;
  if (at < text.size() && text[at] == ':') {
    if (!digits(text, at + 1, 2, second) || second > 59) return false;
    at += 3;
    if (at < text.size() && text[at] == '.') {
      const std::size_t start = ++at;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
      if (at == start || at - start > 9) return false;
    }
  }
  if (at == text.size()) {  // a local date-time: the day it names
    out = date;
    return true;
  }
  int zone_minutes = 0;
  if ((text[at] == 'Z' || text[at] == 'z') && at + 1 == text.size()) {
    zone_minutes = 0;
  } else if (text[at] == '+' || text[at] == '-') {
    int zone_hour = 0, zone_minute = 0;
    if (text.size() != at + 6 || !digits(text, at + 1, 2, zone_hour) || text[at + 3] != ':' ||
        !digits(text, at + 4, 2, zone_minute) || zone_hour > 23 || zone_minute > 59) {
      return false;
    }
    zone_minutes = (text[at] == '-' ? -1 : 1) * (zone_hour * 60 + zone_minute);
  } else {
    return false;
  }
  const std::int64_t utc_ms = days_from_civil(date.year, date.month, date.day) * kMsPerDay +
                              (std::int64_t{hour} * 60 + minute - zone_minutes) * kMsPerMinute + std::int64_t{second} * 1000;
  return civil_date_from_epoch_ms(static_cast<double>(utc_ms), utc_offset_minutes, out);
}

void LocaleFormat::append_date(const CivilDate& date, std::string& out) const {
  const char* digit_table = pool(row_->digits);
  const std::size_t digit_width = std::strlen(digit_table) / 10;
  const auto put_number = [&](int value, int min_width) {
    char reversed[12];
    int n = 0;
    do {
      reversed[n++] = static_cast<char>(value % 10);
      value /= 10;
    } while (value != 0);
    while (n < min_width) reversed[n++] = 0;
    while (n-- > 0) out.append(digit_table + static_cast<std::size_t>(reversed[n]) * digit_width, digit_width);
  };
  const std::string_view pattern = pool(row_->date_pattern);
  for (std::size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (c == '\'') {  // quoted literal; '' is a single quote, inside quotes or out
      std::size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '\'') {
        out.push_back('\'');
        i = j + 1;
        continue;
      }
      for (; j < pattern.size(); ++j) {
        if (pattern[j] != '\'') {
          out.push_back(pattern[j]);
        } else if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
          out.push_back('\'');
          ++j;
        } else {
          break;
        }
      }
      i = j + 1;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
      out.push_back(c);
      ++i;
      continue;
    }
    std::size_t run = 1;
    while (i + run < pattern.size() && pattern[i + run] == c) ++run;
    i += run;
    // The generator admits only y, d, dd, M, MM and MMM (it fails on any other field).
    if (c == 'y') {
      put_number(run == 2 ? date.year % 100 : date.year, static_cast<int>(run));
    } else if (c == 'd') {
      put_number(date.day, static_cast<int>(run));
    } else if (c == 'M' && run >= 3 && row_->months != detail::kNoMonths) {
      const char* name = pool(row_->months);
      for (int m = 1; m < date.month; ++m) name += std::strlen(name) + 1;
      out.append(name);
    } else if (c == 'M') {
      put_number(date.month, static_cast<int>(run > 2 ? 2 : run));
    }
  }
}

}  // namespace nudgekit

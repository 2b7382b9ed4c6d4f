// Decimal numbers in a locale's symbols, grouping and digits.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "detail/format_data.h"
#include "nudgekit/format.h"

namespace nudgekit {
namespace {

const char* pool(std::uint16_t offset) { return detail::kFormatPool + offset; }

// The value's decimal digits without leading or trailing zeros, and the position of the decimal
// point relative to them ("12345", point 2 → 12.345). Integers below 2^53 skip snprintf entirely:
// amounts are usually whole. Others take the shortest of 15, 16 or 17 significant digits that reads
// back as the same double — at most one 15-digit decimal lies in any double's rounding interval, so
// when 15 round-trips it is the shortest form padded with zeros.
struct Decimal {
  char digits[24];
  int count = 0;
  int point = 0;
};

void to_decimal(double magnitude, Decimal& d) {
  if (magnitude < 9007199254740992.0 && magnitude == std::floor(magnitude)) {
    auto whole = static_cast<unsigned long long>(magnitude);
    char reversed[24];
    int n = 0;
    do {
      reversed[n++] = static_cast<char>('0' + whole % 10);
      whole /= 10;
    } while (whole != 0);
    for (int i = 0; i < n; ++i) d.digits[i] = reversed[n - 1 - i];
    d.count = n;
    d.point = n;
  } else {
    char text[40];
    for (int precision = 15; precision <= 17; ++precision) {
      std::snprintf(text, sizeof text, "%.*e", precision - 1, magnitude);
      if (std::strtod(text, nullptr) == magnitude) break;
    }
    const char* p = text;
    for (; *p != '\0' && *p != 'e'; ++p) {
      if (*p >= '0' && *p <= '9') d.digits[d.count++] = *p;
    }
    d.point = std::atoi(p + 1) + 1;
  }
  while (d.count > 1 && d.digits[d.count - 1] == '0') --d.count;
}

}  // namespace

void LocaleFormat::append_number(double value, int min_fraction, int max_fraction, std::string& out) const {
  if (!std::isfinite(value)) return;
  max_fraction = max_fraction < 0 ? 0 : (max_fraction > 20 ? 20 : max_fraction);
  min_fraction = min_fraction < 0 ? 0 : (min_fraction > max_fraction ? max_fraction : min_fraction);
  Decimal d;
  to_decimal(std::fabs(value), d);

  // Lay the digits out in a fixed frame: at least one integer digit, exactly max_fraction fraction
  // digits, and one spare digit on the left for a carry (9.999 → 10.00).
  const int integer_digits = d.point > 0 ? d.point : 1;
  std::string frame(static_cast<std::size_t>(1 + integer_digits + max_fraction), '0');
  const int first = 1 + integer_digits - d.point;  // frame index of d.digits[0]
  bool round_up = false;
  for (int i = 0; i < d.count; ++i) {
    const int at = first + i;
    if (at < static_cast<int>(frame.size())) {
      frame[static_cast<std::size_t>(at)] = d.digits[i];
    } else if (at == static_cast<int>(frame.size())) {
      round_up = d.digits[i] >= '5';  // half away from zero: the first dropped digit decides
    }
  }
  for (std::size_t i = frame.size(); round_up && i-- > 0;) {
    round_up = frame[i] == '9';
    frame[i] = round_up ? '0' : static_cast<char>(frame[i] + 1);
  }

  std::size_t integer_start = 0;
  const std::size_t fraction_start = static_cast<std::size_t>(1 + integer_digits);
  while (integer_start + 1 < fraction_start && frame[integer_start] == '0') ++integer_start;
  std::size_t fraction_end = frame.size();
  while (fraction_end > fraction_start + static_cast<std::size_t>(min_fraction) && frame[fraction_end - 1] == '0') {
    --fraction_end;
  }
  bool zero = true;
  for (char c : frame) zero = zero && c == '0';

  const char* digits = pool(row_->digits);
  const std::size_t digit_width = std::strlen(digits) / 10;
  const auto put_digit = [&](char c) { out.append(digits + static_cast<std::size_t>(c - '0') * digit_width, digit_width); };
  if (value < 0 && !zero) out.append(pool(row_->minus));

  const std::size_t whole = fraction_start - integer_start;
  const std::size_t primary = row_->primary_group;
  const std::size_t secondary = row_->secondary_group != 0 ? row_->secondary_group : primary;
  const bool grouped = primary != 0 && whole >= primary + row_->min_grouping;
  const char* group = pool(row_->group);
  for (std::size_t i = integer_start; i < fraction_start; ++i) {
    put_digit(frame[i]);
    const std::size_t left = fraction_start - i - 1;  // integer digits still to write
    if (grouped && left >= primary && (left - primary) % secondary == 0) out.append(group);
  }
  if (fraction_end > fraction_start) {
    out.append(pool(row_->decimal));
    for (std::size_t i = fraction_start; i < fraction_end; ++i) put_digit(frame[i]);
  }
}

}  // namespace nudgekit

#include "detail/js_semantics.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace nudgekit::detail {
namespace {

double as_double(const Json& v) {
  if (v.is_number_float()) return v.get<double>();
  if (v.is_number_unsigned()) return static_cast<double>(v.get<std::uint64_t>());
  return static_cast<double>(v.get<std::int64_t>());
}

bool is_js_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// StringToNumber (ECMA-262 7.1.4.1.1) for the ASCII forms: decimal with optional exponent, Infinity,
// 0x/0o/0b integers, and the empty string as 0. Anything else is NaN.
double string_to_number(const std::string& s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_js_space(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && is_js_space(static_cast<unsigned char>(s[e - 1]))) --e;
  if (b == e) return 0.0;
  const std::string t = s.substr(b, e - b);
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X' || t[1] == 'o' || t[1] == 'O' || t[1] == 'b' || t[1] == 'B')) {
    const int base = (t[1] == 'x' || t[1] == 'X') ? 16 : (t[1] == 'o' || t[1] == 'O') ? 8 : 2;
    double value = 0;
    for (std::size_t i = 2; i < t.size(); ++i) {
      const char c = t[i];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0 || digit >= base) return std::nan("");
      value = value * base + digit;
    }
    return value;
  }
  std::size_t i = 0;
  bool negative = false;
  if (t[i] == '+' || t[i] == '-') {
    negative = t[i] == '-';
    ++i;
  }
  if (t.compare(i, std::string::npos, "Infinity") == 0) return negative ? -INFINITY : INFINITY;
  // Validate the decimal grammar ourselves: strtod would also accept "inf", "nan" and hex floats.
  const std::size_t digits_start = i;
  std::size_t mantissa_digits = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++mantissa_digits;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return std::nan("");
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    std::size_t exponent_digits = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++exponent_digits;
    if (exponent_digits == 0) return std::nan("");
  }
  if (i != t.size()) return std::nan("");
  const double magnitude = std::strtod(t.c_str() + digits_start, nullptr);
  return negative ? -magnitude : magnitude;
}

}  // namespace

std::size_t js_number_to_chars(double value, char* out) noexcept {
  std::size_t n_out = 0;
  const auto put = [&](const char* text, std::size_t length) {
    for (std::size_t i = 0; i < length; ++i) out[n_out++] = text[i];
  };
  if (std::isnan(value)) {
    put("NaN", 3);
    return n_out;
  }
  if (std::isinf(value)) {
    value < 0 ? put("-Infinity", 9) : put("Infinity", 8);
    return n_out;
  }
  if (value == 0) {
    put("0", 1);
    return n_out;
  }
  if (value < 0) {
    put("-", 1);
    value = -value;
  }
  // Shortest digit string that round-trips, as JS requires.
  char buf[40];
  int precision = 1;
  for (; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  // buf is "d.ddde±XX": collect the digits and the decimal exponent.
  char digits[24];
  int k = 0;
  const char* p = buf;
  for (; *p && *p != 'e'; ++p) {
    if (*p >= '0' && *p <= '9') digits[k++] = *p;
  }
  while (k > 1 && digits[k - 1] == '0') --k;
  const int exponent = std::atoi(p + 1);
  const int n = exponent + 1;  // position of the decimal point relative to the digits
  const auto zeros = [&](int count) {
    for (int i = 0; i < count; ++i) out[n_out++] = '0';
  };
  if (k <= n && n <= 21) {
    put(digits, static_cast<std::size_t>(k));
    zeros(n - k);
  } else if (0 < n && n <= 21) {
    put(digits, static_cast<std::size_t>(n));
    put(".", 1);
    put(digits + n, static_cast<std::size_t>(k - n));
  } else if (-6 < n && n <= 0) {
    put("0.", 2);
    zeros(-n);
    put(digits, static_cast<std::size_t>(k));
  } else {
    put(digits, 1);
    if (k > 1) {
      put(".", 1);
      put(digits + 1, static_cast<std::size_t>(k - 1));
    }
    put("e", 1);
    put(n - 1 >= 0 ? "+" : "-", 1);
    char exp[8];
    const int written = std::snprintf(exp, sizeof exp, "%d", std::abs(n - 1));
    put(exp, static_cast<std::size_t>(written));
  }
  return n_out;
}

void js_number_to_string(double value, std::string& out) {
  char buf[32];
  out.append(buf, js_number_to_chars(value, buf));
}

void js_to_string(const Json* value, std::string& out) {
  if (value == nullptr || value->is_null()) {
    out += "null";
  } else if (value->is_string()) {
    out += value->get_ref<const std::string&>();
  } else if (value->is_boolean()) {
    out += value->get<bool>() ? "true" : "false";
  } else if (value->is_number()) {
    js_number_to_string(as_double(*value), out);
  } else if (value->is_array()) {
    // Array.prototype.join: null and undefined elements become empty strings.
    bool first = true;
    for (const Json& element : *value) {
      if (!first) out += ',';
      first = false;
      if (!element.is_null()) js_to_string(&element, out);
    }
  } else {
    out += "[object Object]";
  }
}

double js_to_number(const Json* value) {
  if (value == nullptr || value->is_null()) return 0.0;
  if (value->is_number()) return as_double(*value);
  if (value->is_boolean()) return value->get<bool>() ? 1.0 : 0.0;
  if (value->is_string()) return string_to_number(value->get_ref<const std::string&>());
  if (value->is_array()) {
    std::string text;
    js_to_string(value, text);
    return string_to_number(text);
  }
  return std::nan("");
}

bool js_truthy(const Json* value) {
  if (value == nullptr || value->is_null()) return false;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_number()) {
    const double d = as_double(*value);
    return d != 0 && !std::isnan(d);
  }
  if (value->is_string()) return !value->get_ref<const std::string&>().empty();
  return true;
}

Order js_order(const Json* a, const Json& b) {
  // ToPrimitive turns arrays and objects into strings; null, booleans and numbers stay non-strings.
  const bool a_stringish = a != nullptr && (a->is_string() || a->is_array() || a->is_object());
  const bool b_stringish = b.is_string() || b.is_array() || b.is_object();
  if (a_stringish && b_stringish) {
    if (a->is_string() && b.is_string()) {
      const int c = a->get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
      return c < 0 ? Order::Less : c > 0 ? Order::Greater : Order::Equal;
    }
    std::string left;
    std::string right;
    js_to_string(a, left);
    js_to_string(&b, right);
    const int c = left.compare(right);
    return c < 0 ? Order::Less : c > 0 ? Order::Greater : Order::Equal;
  }
  const double x = js_to_number(a);
  const double y = js_to_number(&b);
  if (std::isnan(x) || std::isnan(y)) return Order::Unordered;
  return x < y ? Order::Less : x > y ? Order::Greater : Order::Equal;
}

}  // namespace nudgekit::detail

// JavaScript's coercions, as GrowthBook's evalCondition relies on them (String(x), x * 1, x < y).
// Only the GrowthBook dialect uses these.
#pragma once

#include <string>

#include "nudgekit/json_input.h"

namespace nudgekit::detail {

// Number.prototype.toString(10): shortest round-trip digits, JS's switch to exponent form.
void js_number_to_string(double value, std::string& out);
// The same into a caller's buffer of at least 32 bytes, without allocating; returns the length.
std::size_t js_number_to_chars(double value, char* out) noexcept;
// String(v) with a missing value read as null (GrowthBook's getPath returns null when absent).
void js_to_string(const Json* value, std::string& out);
// Number(v): null → 0, booleans → 0/1, strings parsed per StringToNumber, arrays via their string form.
double js_to_number(const Json* value);
bool js_truthy(const Json* value);

enum class Order : unsigned char { Less, Equal, Greater, Unordered };
// The abstract relational comparison of `a` against `b` (ToPrimitive, then both-strings or numeric).
Order js_order(const Json* a, const Json& b);

}  // namespace nudgekit::detail

// Case-insensitive comparison for $ini / $nini / $alli (JavaScript's toLowerCase on both sides).
// Covers the simple one-to-one lowercase mappings of Latin, Latin-1, Latin Extended-A, Greek and
// Cyrillic; scripts without case (Devanagari, Tamil, Arabic…) compare as they are.
#pragma once

#include <string>
#include <string_view>

namespace nudgekit::detail {

std::string fold_case(std::string_view utf8);
// The simple lowercase mapping fold_case applies to one code point.
char32_t simple_lowercase(char32_t c) noexcept;
// Equivalent to fold_case(subject) == folded, without allocating.
bool equals_folded(std::string_view subject, std::string_view folded) noexcept;

}  // namespace nudgekit::detail

// UTF-8 validation shared by the readers of text that comes from outside.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nudgekit::detail {

// Length of the valid UTF-8 sequence at text[i] (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF),
// or 0 when the bytes there are not one.
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) -> unsigned { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u; };
  const unsigned b0 = byte(0);
  const auto cont = [&](std::size_t k, unsigned lo, unsigned hi) { const unsigned b = byte(k); return b >= lo && b <= hi; };
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
  if (b0 == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (b0 == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

inline bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// Decodes the code point at s[i] and advances i. A byte that does not begin a valid, shortest-form,
// non-surrogate sequence reads as one U+FFFD and the next byte is decoded afresh, so each invalid byte
// counts as one character.
inline std::uint32_t decode_utf8(const unsigned char* s, std::size_t n, std::size_t& i) noexcept {
  const std::uint32_t b0 = s[i];
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  const auto continuation = [&](std::size_t k, std::uint32_t low, std::uint32_t high) {
    return i + k < n && s[i + k] >= low && s[i + k] <= high;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (continuation(1, 0x80, 0xBF)) {
      const std::uint32_t cp = ((b0 & 0x1F) << 6) | (s[i + 1] & 0x3Fu);
      i += 2;
      return cp;
    }
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (continuation(1, b0 == 0xE0 ? 0xA0 : 0x80, b0 == 0xED ? 0x9F : 0xBF) && continuation(2, 0x80, 0xBF)) {
      const std::uint32_t cp = ((b0 & 0x0F) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
      i += 3;
      return cp;
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (continuation(1, b0 == 0xF0 ? 0x90 : 0x80, b0 == 0xF4 ? 0x8F : 0xBF) && continuation(2, 0x80, 0xBF) &&
        continuation(3, 0x80, 0xBF)) {
      const std::uint32_t cp =
          ((b0 & 0x07) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3Fu);
      i += 4;
      return cp;
    }
  }
  ++i;
  return 0xFFFD;
}

inline std::uint32_t decode_utf8(std::string_view text, std::size_t& i) noexcept {
  return decode_utf8(reinterpret_cast<const unsigned char*>(text.data()), text.size(), i);
}

}  // namespace nudgekit::detail

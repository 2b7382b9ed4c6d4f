// A strict RFC 8259 reader that builds nlohmann::json in place. nlohmann's own parser copies every
// token through a growable buffer one character at a time; profiles arrive on every setProperties
// call, so this reader copies runs of plain bytes at once, parses short integers without strtod, and
// validates UTF-8 as it goes. Depth is bounded, so its recursion is too.
//
// It writes into whatever the target already holds: object entries, string buffers and array slots
// of a previous document of the same shape are reused instead of freed and allocated again.
#include "nudgekit/json_input.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "detail/json_reuse.h"
#include "detail/read_input.h"
#include "detail/utf8.h"

namespace nudgekit {
namespace {

// Clinger's fast path: when the significant digits fit in 53 bits and the power of ten is exact in a
// double (|e| <= 22), one multiplication or division rounds correctly, exactly as strtod would. That
// covers prices and ratios like 613.4 and skips musl's strtod, which works in software long double.
bool exact_decimal(std::string_view text, double& out) {
  static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  std::size_t i = 0;
  const bool negative = text[0] == '-';
  if (negative) ++i;
  std::uint64_t mantissa = 0;
  int significant = 0;
  int exponent = 0;
  bool fraction = false;
  for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
    if (text[i] == '.') {
      fraction = true;
      continue;
    }
    if (mantissa == 0 && text[i] == '0') {
      if (fraction) --exponent;
      continue;
    }
    if (++significant > 15) return false;  // 10^15 < 2^53: every 15-digit mantissa is exact
    mantissa = mantissa * 10 + static_cast<std::uint64_t>(text[i] - '0');
    if (fraction) --exponent;
  }
  if (i < text.size()) {
    ++i;
    const bool negative_exponent = text[i] == '-';
    if (text[i] == '+' || text[i] == '-') ++i;
    int written = 0;
    for (; i < text.size(); ++i) {
      written = written * 10 + (text[i] - '0');
      if (written > 400) return false;
    }
    exponent += negative_exponent ? -written : written;
  }
  if (exponent < -22 || exponent > 22) return mantissa == 0 ? (out = negative ? -0.0 : 0.0, true) : false;
  const double value = exponent < 0 ? static_cast<double>(mantissa) / kPowers[-exponent]
                                    : static_cast<double>(mantissa) * kPowers[exponent];
  out = negative ? -value : value;
  return true;
}

// Whether any of the eight bytes is a quote, a backslash, a control character or non-ASCII: the
// bytes a string's plain run stops at. SWAR tests (Hacker's Delight's "has less than" / "has zero
// byte") that may say yes when a neighbouring byte matched, never no when one does.
bool may_end_plain_run(std::uint64_t bytes) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const std::uint64_t quote = bytes ^ (kOnes * '"');
  const std::uint64_t backslash = bytes ^ (kOnes * '\\');
  const std::uint64_t control = bytes - kOnes * 0x20;
  return ((control | (quote - kOnes) | (backslash - kOnes) | bytes) & kHigh) != 0;
}

class Reader {
 public:
  Reader(std::string_view text, std::size_t max_depth) : text_(text), max_depth_(max_depth) {}

  bool document(Json& out) {
    // A UTF-8 byte order mark is tolerated, as RFC 8259 allows parsers to do.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;
    skip_space();
    if (!value(out, 0)) return false;
    skip_space();
    if (at_ != text_.size()) return fail("unexpected text after the JSON value");
    return true;
  }

  std::size_t error_offset = 0;
  std::string error_message;
  bool too_deep = false;

 private:
  bool value(Json& out, std::size_t depth) {
    if (at_ >= text_.size()) return fail("unexpected end of input");
    switch (text_[at_]) {
      case '{':
      case '[':
        if (depth + 1 > max_depth_) {
          too_deep = true;
          return fail("JSON nests deeper than " + std::to_string(max_depth_) + " levels");
        }
        return text_[at_] == '{' ? object(out, depth + 1) : array(out, depth + 1);
      case '"': {
        if (!out.is_string()) out = std::string();
        std::string& text = out.get_ref<std::string&>();
        text.clear();
        return string(text);
      }
      case 't':
        return literal("true", Json(true), out);
      case 'f':
        return literal("false", Json(false), out);
      case 'n':
        return literal("null", Json(nullptr), out);
      default:
        return number(out);
    }
  }

  bool object(Json& out, std::size_t depth) {
    ++at_;
    if (!out.is_object()) out = Json::object();
    auto& members = out.get_ref<Json::object_t&>();
    skip_space();
    if (peek() == '}') {
      ++at_;
      members.clear();
      return true;
    }
    const std::size_t first_seen = seen_.size();
    std::string key;
    while (true) {
      if (peek() != '"') return fail("expected a string key");
      key.clear();
      if (!string(key)) return false;
      skip_space();
      if (peek() != ':') return fail("expected ':' after a key");
      ++at_;
      skip_space();
      auto entry = members.find(key);
      if (entry == members.end()) entry = members.emplace(key, Json()).first;
      seen_.push_back(&entry->first);
      // A repeated key keeps its last value, as JSON.parse does: parsing again overwrites it.
      if (!value(entry->second, depth)) return false;
      skip_space();
      if (peek() == ',') {
        ++at_;
        skip_space();
        continue;
      }
      if (peek() == '}') {
        ++at_;
        detail::drop_unseen_members(members, seen_, first_seen);
        return true;
      }
      return fail("expected ',' or '}' in an object");
    }
  }

  bool array(Json& out, std::size_t depth) {
    ++at_;
    if (!out.is_array()) out = Json::array();
    auto& elements = out.get_ref<Json::array_t&>();
    skip_space();
    if (peek() == ']') {
      ++at_;
      elements.clear();
      return true;
    }
    std::size_t count = 0;
    while (true) {
      if (count == elements.size()) elements.emplace_back();
      if (!value(elements[count++], depth)) return false;
      skip_space();
      if (peek() == ',') {
        ++at_;
        skip_space();
        continue;
      }
      if (peek() == ']') {
        ++at_;
        elements.erase(elements.begin() + static_cast<std::ptrdiff_t>(count), elements.end());
        return true;
      }
      return fail("expected ',' or ']' in an array");
    }
  }

  bool string(std::string& out) {
    ++at_;  // opening quote
    while (true) {
      const std::size_t run = at_;
      // Eight bytes at a time while none of them ends the run; the loop below finds which one does.
      while (at_ + 8 <= text_.size()) {
        std::uint64_t bytes;
        std::memcpy(&bytes, text_.data() + at_, 8);
        if (may_end_plain_run(bytes)) break;
        at_ += 8;
      }
      while (at_ < text_.size()) {
        const auto c = static_cast<unsigned char>(text_[at_]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++at_;
      }
      out.append(text_.data() + run, at_ - run);
      if (at_ >= text_.size()) return fail("unterminated string");
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (c == '"') {
        ++at_;
        return true;
      }
      if (c < 0x20) return fail("control character in a string (escape it)");
      if (c == '\\') {
        if (!escape(out)) return false;
        continue;
      }
      const std::size_t length = utf8_sequence(at_);
      if (length == 0) return fail("invalid UTF-8 in a string");
      out.append(text_.data() + at_, length);
      at_ += length;
    }
  }

  std::size_t utf8_sequence(std::size_t i) const { return detail::utf8_sequence_length(text_, i); }

  bool escape(std::string& out) {
    ++at_;  // backslash
    if (at_ >= text_.size()) return fail("unterminated escape");
    const char c = text_[at_++];
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: --at_; return fail("invalid escape");
    }
    unsigned code = 0;
    if (!hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return fail("lone low surrogate escape");
    if (code >= 0xD800 && code <= 0xDBFF) {
      unsigned low = 0;
      if (text_.substr(at_, 2) != "\\u") return fail("high surrogate escape not followed by a low surrogate");
      at_ += 2;
      if (!hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return fail("high surrogate escape not followed by a low surrogate");
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(code, out);
    return true;
  }

  bool hex4(unsigned& code) {
    if (at_ + 4 > text_.size()) return fail("truncated \\u escape");
    for (int i = 0; i < 4; ++i) {
      const char c = text_[at_++];
      code <<= 4;
      if (c >= '0' && c <= '9') code |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') code |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') code |= static_cast<unsigned>(c - 'A' + 10);
      else return fail("invalid \\u escape");
    }
    return true;
  }

  static void append_utf8(unsigned code, std::string& out) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  bool number(Json& out) {
    const std::size_t start = at_;
    const bool negative = peek() == '-';
    if (negative) ++at_;
    if (peek() == '0') {
      ++at_;
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9') ++at_;
    } else {
      at_ = start;
      return fail("unexpected character");
    }
    bool integral = true;
    if (peek() == '.') {
      integral = false;
      ++at_;
      if (!(peek() >= '0' && peek() <= '9')) return fail("expected a digit after '.'");
      while (peek() >= '0' && peek() <= '9') ++at_;
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      ++at_;
      if (peek() == '+' || peek() == '-') ++at_;
      if (!(peek() >= '0' && peek() <= '9')) return fail("expected a digit in the exponent");
      while (peek() >= '0' && peek() <= '9') ++at_;
    }
    const std::string_view digits = text_.substr(start, at_ - start);
    const std::size_t magnitude_digits = digits.size() - (negative ? 1 : 0);
    if (integral && magnitude_digits <= 18) {
      std::int64_t value = 0;
      for (std::size_t i = negative ? 1 : 0; i < digits.size(); ++i) value = value * 10 + (digits[i] - '0');
      if (negative) {
        out = -value;
      } else {
        out = static_cast<std::uint64_t>(value);
      }
      return true;
    }
    double fast = 0;
    if (exact_decimal(digits, fast)) {
      out = fast;
      return true;
    }
    const std::string copy(digits);
    errno = 0;
    const double value = std::strtod(copy.c_str(), nullptr);
    if (!std::isfinite(value)) {
      at_ = start;
      return fail("number out of range");
    }
    out = value;
    return true;
  }

  bool literal(std::string_view word, Json&& value, Json& out) {
    if (text_.substr(at_, word.size()) != word) return fail("unexpected character");
    at_ += word.size();
    out = std::move(value);
    return true;
  }

  void skip_space() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++at_;
    }
  }

  char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }

  bool fail(std::string message) {
    error_offset = at_;
    error_message = std::move(message);
    return false;
  }

  std::string_view text_;
  std::size_t max_depth_;
  std::size_t at_ = 0;
  std::vector<const std::string*> seen_;  // keys written, per open object (a stack of slices)
};

}  // namespace

bool parse_json_input_into(std::string_view text, std::size_t max_bytes, std::size_t max_depth, Json& target,
                           Error& error) {
  return detail::read_input<Reader>(text, "JSON", max_bytes, max_depth, target, error);
}

std::optional<Json> parse_json_input(std::string_view text, std::size_t max_bytes, std::size_t max_depth,
                                     Error& error) {
  Json out;
  if (!parse_json_input_into(text, max_bytes, max_depth, out, error)) return std::nullopt;
  return out;
}

std::string to_json_text(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace nudgekit

// The lexical half of the regex parser: pattern characters, escapes, character classes, group names and
// the shape of {n,m}, with JavaScript's Annex B readings of everything a browser accepts.
#include "detail/cold.h"
#include "detail/regex_internal.h"

namespace nudgekit::detail::rx {
NK_COLD_CODE_BEGIN
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict UTF-8: shortest form, no surrogates, at most U+10FFFF. Returns kNone on an invalid sequence.
std::uint32_t decode_strict(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t len = 0;
  std::uint32_t cp = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0Fu;
    if (b0 == 0xE0) low = 0xA0;
    if (b0 == 0xED) high = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07u;
    if (b0 == 0xF0) low = 0x90;
    if (b0 == 0xF4) high = 0x8F;
  } else {
    return kNone;
  }
  if (i + len > s.size()) return kNone;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return kNone;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  i += len;
  return cp;
}

}  // namespace

bool Scanner::fail(std::size_t offset, const char* message) {
  error_ = {"regex.syntax", message, offset};
  return false;
}

bool Scanner::pattern_char(std::uint32_t& cp) {
  const std::size_t start = at_;
  cp = decode_strict(p_, at_);
  if (cp == kNone) return fail(start, "invalid UTF-8 in the pattern");
  return true;
}

// Groups after the escape count too: "\1(a)" is a backreference.
void Scanner::prescan() {
  bool in_class = false;
  for (std::size_t i = 0; i < p_.size(); ++i) {
    const char c = p_[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      const std::string_view rest = p_.substr(i + 1);
      if (rest.empty() || rest[0] != '?') {
        ++capture_count_;
      } else if (rest.size() >= 2 && rest[1] == '<' && (rest.size() < 3 || (rest[2] != '=' && rest[2] != '!'))) {
        ++capture_count_;
        has_named_groups_ = true;
      }
    }
  }
}

// RegExpIdentifierName up to and including ">". Non-ASCII is accepted without checking ID_Start and
// ID_Continue (except combining marks and joiners first): the name does not change what matches.
bool Scanner::group_name(std::u32string& name) {
  while (at_ < p_.size() && p_[at_] != '>') {
    std::uint32_t cp = 0;
    if (p_[at_] == '\\') {
      if (!unicode_escape_in_name(cp)) return false;
    } else {
      cp = decode_strict(p_, at_);
      if (cp == kNone) return false;
    }
    const bool first = name.empty();
    const bool ascii_ok = (cp < 128 && (is_ascii_letter(static_cast<char>(cp)) || cp == '$' || cp == '_' ||
                                        (!first && is_digit(static_cast<char>(cp)))));
    const bool other_ok = cp >= 128 && !contains(space_set(), cp) &&
                          !(first && ((cp >= 0x300 && cp <= 0x36F) || cp == 0x200C || cp == 0x200D));
    if (!ascii_ok && !other_ok) return false;
    name.push_back(static_cast<char32_t>(cp));
  }
  if (at_ >= p_.size() || name.empty()) return false;
  ++at_;  // '>'
  return true;
}

bool Scanner::unicode_escape_in_name(std::uint32_t& cp) {
  if (p_.substr(at_, 2) != "\\u") return false;
  at_ += 2;
  if (at_ < p_.size() && p_[at_] == '{') {
    ++at_;
    cp = 0;
    const std::size_t digits = at_;
    while (at_ < p_.size() && hex_value(p_[at_]) >= 0) {
      cp = cp * 16 + static_cast<std::uint32_t>(hex_value(p_[at_++]));
      if (cp > 0x10FFFF) return false;
    }
    if (at_ == digits || at_ >= p_.size() || p_[at_] != '}') return false;
    ++at_;
    return true;
  }
  return hex_digits(4, cp);
}

const CharSet& Scanner::class_escape(char c) {
  static const CharSet not_digit = complement(digit_set());
  static const CharSet not_word = complement(word_set());
  static const CharSet not_space = complement(space_set());
  switch (c) {
    case 'd': return digit_set();
    case 'D': return not_digit;
    case 'w': return word_set();
    case 'W': return not_word;
    case 's': return space_set();
    default: return not_space;
  }
}

bool Scanner::hex_digits(int count, std::uint32_t& value) {
  if (at_ + static_cast<std::size_t>(count) > p_.size()) return false;
  std::uint32_t v = 0;
  for (int k = 0; k < count; ++k) {
    const int h = hex_value(p_[at_ + static_cast<std::size_t>(k)]);
    if (h < 0) return false;
    v = v * 16 + static_cast<std::uint32_t>(h);
  }
  at_ += static_cast<std::size_t>(count);
  value = v;
  return true;
}

// An escape that stands for one character, outside or inside a class; at_ is just past the backslash.
bool Scanner::character_escape(bool in_class, std::uint32_t& cp) {
  const char c = p_[at_];
  switch (c) {
    case 'n': ++at_; cp = '\n'; return true;
    case 't': ++at_; cp = '\t'; return true;
    case 'r': ++at_; cp = '\r'; return true;
    case 'f': ++at_; cp = '\f'; return true;
    case 'v': ++at_; cp = '\v'; return true;
    case 'c':
      // Control letters; inside a class Annex B also takes digits and "_".
      if (at_ + 1 < p_.size() && (is_ascii_letter(p_[at_ + 1]) || (in_class && (is_digit(p_[at_ + 1]) || p_[at_ + 1] == '_')))) {
        cp = static_cast<std::uint32_t>(static_cast<unsigned char>(p_[at_ + 1])) % 32;
        at_ += 2;
        return true;
      }
      break;  // the caller handles a bare "\c"
    case 'x':
      ++at_;
      if (!hex_digits(2, cp)) cp = 'x';
      return true;
    case 'u':
      ++at_;
      if (!hex_digits(4, cp)) cp = 'u';  // non-unicode mode has no \u{...}: "\u{4}" is "uuuu"
      return true;
    default:
      if (is_octal(c)) {
        // Annex B legacy octal: \0 to \377, at most three digits.
        cp = static_cast<std::uint32_t>(c - '0');
        ++at_;
        if (at_ < p_.size() && is_octal(p_[at_])) {
          cp = cp * 8 + static_cast<std::uint32_t>(p_[at_++] - '0');
          if (c <= '3' && at_ < p_.size() && is_octal(p_[at_])) cp = cp * 8 + static_cast<std::uint32_t>(p_[at_++] - '0');
        }
        return true;
      }
      break;
  }
  // Identity escape: the character itself (\8, \9, \a, \-, \/, \é…).
  return pattern_char(cp);
}

bool Scanner::char_class(bool ignore_case, CharSet& out) {
  const std::size_t open = at_;
  ++at_;
  bool negated = false;
  if (at_ < p_.size() && p_[at_] == '^') {
    negated = true;
    ++at_;
  }
  CharSet set;
  pending_low_ = kNone;
  while (true) {
    if (pending_low_ == kNone) {
      if (at_ >= p_.size()) return fail(open, "unterminated character class");
      if (p_[at_] == ']') {
        ++at_;
        break;
      }
    }
    ClassAtom a;
    if (!class_atom(a)) return false;
    if (pending_low_ == kNone && at_ + 1 < p_.size() && p_[at_] == '-' && p_[at_ + 1] != ']') {
      const std::size_t dash = at_;
      ++at_;
      ClassAtom b;
      if (!class_atom(b)) return false;
      if (a.is_set || b.is_set) {
        // Annex B: a "range" with a class escape at either end is the union of both ends and "-".
        add(set, a);
        set.push_back({'-', '-'});
        add(set, b);
      } else if (a.unit > b.unit) {
        return fail(dash, "range out of order in character class");
      } else {
        set.push_back({a.unit, b.unit});
      }
      continue;
    }
    add(set, a);
  }
  normalize(set);
  // [^...] with /i: a unit is excluded when any case variant of it is in the class, so fold first.
  if (ignore_case) add_case_variants(set);
  if (negated) set = complement(set);
  out = std::move(set);
  return true;
}

void Scanner::add(CharSet& set, const ClassAtom& a) {
  if (a.is_set) {
    set.insert(set.end(), a.set.begin(), a.set.end());
  } else {
    set.push_back({a.unit, a.unit});
  }
}

bool Scanner::class_atom(ClassAtom& a) {
  if (pending_low_ != kNone) {
    a.unit = pending_low_;
    pending_low_ = kNone;
    return true;
  }
  if (p_[at_] != '\\') {
    std::uint32_t cp = 0;
    if (!pattern_char(cp)) return false;
    return unit_atom(a, cp);
  }
  const std::size_t start = at_;
  if (!enter_escape()) return false;
  const char c = p_[at_];
  switch (c) {
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 's':
    case 'S':
      ++at_;
      a.is_set = true;
      a.set = class_escape(c);
      return true;
    case 'b':
      ++at_;
      a.unit = '\b';
      return true;
    case 'k':
      if (has_named_groups_) return fail(start, "invalid escape \\k in a character class");
      break;
    case 'c':
      if (at_ + 1 < p_.size() && (is_ascii_letter(p_[at_ + 1]) || is_digit(p_[at_ + 1]) || p_[at_ + 1] == '_')) break;
      a.unit = '\\';  // Annex B, as outside a class: the "c" is read again
      return true;
    default:
      break;
  }
  std::uint32_t cp = 0;
  if (!character_escape(true, cp)) return false;
  return unit_atom(a, cp);
}

// Inside a class, as in JavaScript without the u flag, an astral character is two atoms: its high
// surrogate now and its low surrogate as the next atom.
bool Scanner::unit_atom(ClassAtom& a, std::uint32_t cp) {
  if (cp < kUnitLimit) {
    a.unit = cp;
  } else {
    a.unit = 0xD800 + ((cp - 0x10000) >> 10);
    pending_low_ = 0xDC00 + (cp & 0x3FF);
  }
  return true;
}

bool Scanner::enter_escape() {
  if (at_ + 1 >= p_.size()) return fail(at_, "\\ at end of pattern");
  ++at_;
  return true;
}

// {n}, {n,} or {n,m} at p_[i]; counts saturate at kCountCap.
bool Scanner::braced_quantifier(std::size_t i, std::uint64_t& min, std::uint64_t& max, std::size_t& end) const {
  if (i >= p_.size() || p_[i] != '{') return false;
  ++i;
  const auto number = [&](std::uint64_t& value) {
    const std::size_t from = i;
    value = 0;
    while (i < p_.size() && is_digit(p_[i])) value = std::min(kCountCap, value * 10 + static_cast<std::uint64_t>(p_[i++] - '0'));
    return i > from;
  };
  if (!number(min)) return false;
  max = min;
  if (i < p_.size() && p_[i] == ',') {
    ++i;
    if (!number(max)) max = kInfinite;
  }
  if (i >= p_.size() || p_[i] != '}') return false;
  end = i + 1;
  return true;
}

NK_COLD_CODE_END
}  // namespace nudgekit::detail::rx

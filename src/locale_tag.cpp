#include "detail/locale_tag.h"

namespace nudgekit::detail {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool all_of(std::string_view s, bool (*test)(char)) {
  for (const char c : s) {
    if (!test(c)) return false;
  }
  return !s.empty();
}
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

}  // namespace

bool canonical_language_tag(std::string_view tag, std::string& out) {
  out.clear();
  if (tag.size() > 64) return false;
  enum { Language, Script, Region, Variant } expect = Language;
  std::size_t start = 0;
  while (start <= tag.size()) {
    std::size_t end = tag.find('-', start);
    if (end == std::string_view::npos) end = tag.size();
    const std::string_view subtag = tag.substr(start, end - start);
    const std::size_t n = subtag.size();
    std::string piece(subtag);
    if (expect == Language) {
      if (n < 2 || n > 3 || !all_of(subtag, is_alpha)) return false;
      for (char& c : piece) c = lower(c);
      expect = Script;
    } else if (expect == Script && n == 4 && all_of(subtag, is_alpha)) {
      piece[0] = upper(piece[0]);
      for (std::size_t i = 1; i < n; ++i) piece[i] = lower(piece[i]);
      expect = Region;
    } else if (expect != Variant && ((n == 2 && all_of(subtag, is_alpha)) || (n == 3 && all_of(subtag, is_digit)))) {
      for (char& c : piece) c = upper(c);
      expect = Variant;
    } else if (((n >= 5 && n <= 8) || (n == 4 && is_digit(subtag[0]))) && all_of(subtag, is_alnum)) {
      for (char& c : piece) c = lower(c);
      expect = Variant;
    } else {
      return false;
    }
    if (!out.empty()) out.push_back('-');
    out.append(piece);
    start = end + 1;
  }
  return true;
}

std::string_view drop_last_subtag(std::string_view canonical_tag) {
  const std::size_t cut = canonical_tag.rfind('-');
  if (cut == std::string_view::npos) return {};
  const std::string_view last = canonical_tag.substr(cut + 1);
  const bool script = last.size() == 4 && is_alpha(last[0]) && last[0] >= 'A' && last[0] <= 'Z';
  return script ? std::string_view() : canonical_tag.substr(0, cut);
}

}  // namespace nudgekit::detail

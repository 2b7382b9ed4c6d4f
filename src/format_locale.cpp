// Finds a locale's formatting row in the generated CLDR tables, along CLDR's parent chain.
#include <algorithm>
#include <cstring>

#include "detail/format_data.h"
#include "nudgekit/format.h"

namespace nudgekit {
namespace {

const char* pool(std::uint16_t offset) { return detail::kFormatPool + offset; }

// BCP 47 is case-insensitive; CLDR writes language lower, script title, region upper ("zh-Hant-HK").
// Extensions (-u-…, -x-…) carry nothing the tables know, so the canonical form stops before them.
std::size_t canonical_tag(std::string_view tag, char* out, std::size_t capacity) {
  std::size_t n = 0;
  std::size_t subtag_index = 0;
  for (std::size_t start = 0; start <= tag.size() && n < capacity;) {
    std::size_t end = start;
    while (end < tag.size() && tag[end] != '-' && tag[end] != '_') ++end;
    const std::size_t length = end - start;
    if (length == 0 || (subtag_index > 0 && length == 1)) break;
    if (n + length + 1 > capacity) break;
    if (subtag_index > 0) out[n++] = '-';
    for (std::size_t i = 0; i < length; ++i) {
      char c = tag[start + i];
      const bool upper = (subtag_index > 0 && length == 2) || (subtag_index > 0 && length == 4 && i == 0);
      if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      out[n++] = c;
    }
    ++subtag_index;
    start = end + 1;
  }
  return n;
}

const detail::FormatLocaleRow* find_row(std::string_view tag) {
  const auto* begin = detail::kFormatLocales;
  const auto* end = begin + detail::kFormatLocaleCount;
  const auto* found = std::lower_bound(begin, end, tag, [](const detail::FormatLocaleRow& row, std::string_view key) {
    return std::string_view(pool(row.tag)) < key;
  });
  return found != end && std::string_view(pool(found->tag)) == tag ? found : nullptr;
}

const char* explicit_parent(std::string_view tag) {
  const auto* begin = detail::kFormatParents;
  const auto* end = begin + detail::kFormatParentCount;
  const auto* found = std::lower_bound(begin, end, tag, [](const detail::FormatParentRow& row, std::string_view key) {
    return std::string_view(pool(row.child)) < key;
  });
  return found != end && std::string_view(pool(found->child)) == tag ? pool(found->parent) : nullptr;
}

}  // namespace

LocaleFormat LocaleFormat::lookup(std::string_view tag) {
  // Longer tags carry nothing that a 64-byte prefix would not already have decided.
  char buffer[64];
  std::string current(buffer, canonical_tag(tag, buffer, sizeof buffer));
  // Each step shortens the tag or follows an explicit link, and CLDR's links form a tree rooted at
  // "und"; the bound only guards against a table that broke that rule.
  for (int steps = 0; steps < 16 && !current.empty() && current != "und"; ++steps) {
    if (const auto* row = find_row(current)) return LocaleFormat(row);
    if (const char* parent = explicit_parent(current)) {
      current = parent;
    } else {
      const std::size_t cut = current.rfind('-');
      current.resize(cut == std::string::npos ? 0 : cut);
    }
  }
  return LocaleFormat(find_row("und"));
}

std::string_view LocaleFormat::locale() const { return pool(row_->tag); }

int LocaleFormat::default_max_fraction() const { return row_->max_fraction; }

std::string_view cldr_version() { return detail::kCldrVersion; }

}  // namespace nudgekit

// Parsing, canonicalization and likely subtags for BCP 47 / unicode_locale_id tags (UTS #35).
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "detail/language_data.h"
#include "detail/language_tag_internal.h"
#include "nudgekit/language.h"

namespace nudgekit {
namespace detail {

const char* find_pair(const StringPair* table, std::size_t count, const char* key, std::size_t key_length) {
  std::size_t lo = 0, hi = count;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    const char* k = table[mid].key;
    int cmp = std::strncmp(k, key, key_length);
    if (cmp == 0 && k[key_length] != '\0') cmp = 1;  // k is longer: it sorts after the key
    if (cmp == 0) return table[mid].value;
    if (cmp < 0) lo = mid + 1; else hi = mid;
  }
  return nullptr;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace detail

namespace {

using detail::StringPair;

// Longer tags are not language tags anyone sends; the bound keeps hostile input cheap.
constexpr std::size_t kMaxTagLength = 256;

bool is_alpha(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}
bool is_digit(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool is_alnum(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}
std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}
std::string title(std::string_view s) {
  std::string out = lower(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::vector<std::string_view> split(std::string_view tag) {
  std::vector<std::string_view> parts;
  parts.reserve(tag.size() / 2 + 1);  // the most a tag can have: one allocation, not a growing series
  std::size_t start = 0;
  for (std::size_t i = 0; i <= tag.size(); ++i) {
    if (i == tag.size() || tag[i] == '-' || tag[i] == '_') {
      parts.push_back(tag.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

bool fail(Error& error, std::string_view tag, const std::string& why) {
  error.code = "language.invalid_tag";
  error.pointer.clear();
  error.message = "\"" + std::string(tag.substr(0, 64)) + "\" is not a valid language tag: " + why;
  return false;
}

// The unicode_locale_id grammar of UTS #35 (no extlang, no grandfathered tags).
bool parse_strict(std::string_view tag, LanguageTag& out, Error& error) {
  out = LanguageTag{};
  if (tag.empty()) return fail(error, tag, "it is empty");
  if (tag.size() > kMaxTagLength) return fail(error, tag, "it is longer than 256 characters");
  const std::vector<std::string_view> parts = split(tag);
  std::size_t i = 0;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (parts[k].empty()) return fail(error, tag, "it has an empty subtag (two separators in a row, or one at an end)");
    if (!is_alnum(parts[k])) return fail(error, tag, "subtag \"" + std::string(parts[k]) + "\" has a character other than A–Z, a–z, 0–9");
  }
  const std::string_view first = parts[0];
  if (first.size() == 1 && (first[0] == 'x' || first[0] == 'X')) {
    out.language = "und";  // a private-use tag ("x-piglatin") reads as und-x-piglatin
  } else if (lower(first) == "root") {
    out.language = "und";  // CLDR's name for the root locale, four letters like a script
    i = 1;
  } else if (is_alpha(first) && ((first.size() >= 2 && first.size() <= 3) || (first.size() >= 5 && first.size() <= 8))) {
    out.language = lower(first);
    i = 1;
  } else if (is_alpha(first) && first.size() == 4) {
    out.language = "und";  // a tag may start with its script ("Latn-US")
  } else {
    return fail(error, tag, "the language \"" + std::string(first) + "\" must be 2–3 or 5–8 letters");
  }
  if (i < parts.size() && parts[i].size() == 4 && is_alpha(parts[i])) out.script = title(parts[i++]);
  if (i < parts.size() && ((parts[i].size() == 2 && is_alpha(parts[i])) || (parts[i].size() == 3 && is_digit(parts[i])))) {
    out.region = upper(parts[i++]);
  }
  for (; i < parts.size() && parts[i].size() > 1; ++i) {
    const std::string_view v = parts[i];
    const bool variant = (v.size() >= 5 && v.size() <= 8) || (v.size() == 4 && v[0] >= '0' && v[0] <= '9');
    if (!variant) {
      std::string where = out.variants.empty() && out.region.empty() && out.script.empty() ? "after the language" : "here";
      return fail(error, tag, "\"" + std::string(v) + "\" is not a script (4 letters), region (2 letters or 3 digits) or variant (5–8 characters, or a digit and 3) " + where);
    }
    std::string value = lower(v);
    if (std::find(out.variants.begin(), out.variants.end(), value) != out.variants.end()) {
      return fail(error, tag, "the variant \"" + value + "\" appears twice");
    }
    out.variants.push_back(std::move(value));
  }
  std::sort(out.variants.begin(), out.variants.end());
  // Extensions: a singleton then subtags of 2–8 characters; after "x" every subtag is 1–8.
  std::string seen;
  while (i < parts.size()) {
    const char singleton = lower(parts[i])[0];
    if (seen.find(singleton) != std::string::npos) return fail(error, tag, std::string("the extension -") + singleton + "- appears twice");
    seen.push_back(singleton);
    if (!out.extensions.empty()) out.extensions.push_back('-');
    out.extensions.push_back(singleton);
    ++i;
    const std::size_t min_length = singleton == 'x' ? 1 : 2;
    std::size_t count = 0;
    for (; i < parts.size() && (singleton == 'x' || parts[i].size() > 1); ++i, ++count) {
      if (parts[i].size() < min_length || parts[i].size() > 8) {
        return fail(error, tag, "extension subtag \"" + std::string(parts[i]) + "\" must be 2–8 characters");
      }
      out.extensions.push_back('-');
      out.extensions += lower(parts[i]);
    }
    if (count == 0) return fail(error, tag, std::string("the extension -") + singleton + "- has no subtags");
  }
  return true;
}

// Grandfathered and other legacy tags that the unicode_locale_id grammar cannot read ("i-klingon",
// "zh-min-nan", "sgn-BE-FR") are alias keys that failed the strict parse.
const char* irregular_replacement(std::string_view tag) {
  std::string dashed(tag);
  std::replace(dashed.begin(), dashed.end(), '_', '-');
  for (std::size_t k = 0; k < detail::kLanguageAliasesCount; ++k) {
    const StringPair& p = detail::kLanguageAliases[k];
    if (std::strchr(p.key, '-') == nullptr) continue;
    if (!detail::ascii_iequals(dashed, p.key)) continue;
    LanguageTag ignored;
    Error ignored_error;
    if (!parse_strict(p.key, ignored, ignored_error)) return p.value;
  }
  return nullptr;
}

bool has_variant(const LanguageTag& tag, std::string_view v) {
  return std::find(tag.variants.begin(), tag.variants.end(), v) != tag.variants.end();
}

// Calls f(variant) for each of a space-separated list; false as soon as f is false.
template <class F>
bool each_variant(const char* list, F f) {
  const char* start = list;
  for (const char* c = list;; ++c) {
    if (*c == ' ' || *c == '\0') {
      if (c > start && !f(std::string_view(start, static_cast<std::size_t>(c - start)))) return false;
      if (*c == '\0') return true;
      start = c + 1;
    }
  }
}

bool rule_matches(const detail::ComplexAlias& rule, const LanguageTag& tag) {
  if (*rule.variants && tag.variants.empty()) return false;  // most tags, and every "und" rule: no scan
  if (std::strcmp(rule.language, "und") != 0 && tag.language != rule.language) return false;
  if (*rule.script && tag.script != rule.script) return false;
  if (*rule.region && tag.region != rule.region) return false;
  return each_variant(rule.variants, [&](std::string_view v) { return has_variant(tag, v); });
}

const detail::ComplexAlias* find_complex_alias(const std::string& language, const LanguageTag& tag) {
  const detail::ComplexAlias* begin = detail::kComplexAliases;
  const detail::ComplexAlias* end = begin + detail::kComplexAliasesCount;
  const auto* first = std::lower_bound(begin, end, language, [](const detail::ComplexAlias& a, const std::string& l) {
    return std::strcmp(a.language, l.c_str()) < 0;
  });
  // The generator orders each language's rules best first: the first that matches applies.
  for (const auto* rule = first; rule != end && language == rule->language; ++rule) {
    if (rule_matches(*rule, tag)) return rule;
  }
  return nullptr;
}

void apply_rule(const detail::ComplexAlias& rule, LanguageTag& tag) {
  const bool any_language = std::strcmp(rule.language, "und") == 0;
  if (!any_language || std::strcmp(rule.to_language, "und") != 0) tag.language = rule.to_language;
  // A subtag the rule names is replaced (or dropped); one it does not name is only filled in.
  if (*rule.script || tag.script.empty()) tag.script = rule.to_script;
  if (*rule.region || tag.region.empty()) tag.region = rule.to_region;
  each_variant(rule.variants, [&](std::string_view v) {
    tag.variants.erase(std::find(tag.variants.begin(), tag.variants.end(), v));
    return true;
  });
  each_variant(rule.to_variants, [&](std::string_view v) {
    if (!has_variant(tag, v)) tag.variants.emplace_back(v);
    return true;
  });
  std::sort(tag.variants.begin(), tag.variants.end());
}

bool apply_language_alias(LanguageTag& tag) {
  if (const detail::ComplexAlias* rule = find_complex_alias(tag.language, tag)) {
    apply_rule(*rule, tag);
    return true;
  }
  // Most aliases replace just the language ("iw" → "he", "sh" → "sr-Latn"); they come before the
  // "und-variant" rules for the same reason the language's own complex rules do.
  if (const char* to = detail::find_pair(detail::kLanguageAliases, detail::kLanguageAliasesCount, tag.language.c_str(),
                                         tag.language.size())) {
    LanguageTag target;
    Error ignored;
    if (parse_strict(to, target, ignored)) {
      tag.language = target.language;
      if (tag.script.empty()) tag.script = target.script;
      if (tag.region.empty()) tag.region = target.region;
      for (const std::string& v : target.variants) if (!has_variant(tag, v)) tag.variants.push_back(v);
      std::sort(tag.variants.begin(), tag.variants.end());
      return true;
    }
  }
  if (const detail::ComplexAlias* rule = find_complex_alias("und", tag)) {
    apply_rule(*rule, tag);
    return true;
  }
  return false;
}

// A retired region may have split ("SU" → "RU AM AZ …"): Annex C takes the region the tag's
// language is most likely used in, when it is one of the candidates, else the first candidate.
std::string pick_region(const LanguageTag& tag, std::string_view candidates) {
  std::vector<std::string_view> list;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= candidates.size(); ++i) {
    if (i == candidates.size() || candidates[i] == ' ') {
      list.push_back(candidates.substr(start, i - start));
      start = i + 1;
    }
  }
  if (list.size() > 1) {
    LanguageTag probe;
    probe.language = tag.language;
    probe.script = tag.script;
    if (detail::add_likely_subtags(probe)) {
      for (std::string_view r : list) if (r == probe.region) return std::string(r);
    }
  }
  return std::string(list.front());
}

}  // namespace

namespace detail {

void canonicalize(LanguageTag& tag) {
  // Alias chains are short (CLDR resolves them); the bound only guards against a cyclic table.
  for (int round = 0; round < 16; ++round) {
    if (apply_language_alias(tag)) continue;
    if (!tag.script.empty()) {
      if (const char* s = find_pair(kScriptAliases, kScriptAliasesCount, tag.script.c_str(), tag.script.size())) {
        tag.script = s;
        continue;
      }
    }
    if (!tag.region.empty()) {
      if (const char* r = find_pair(kTerritoryAliases, kTerritoryAliasesCount, tag.region.c_str(), tag.region.size())) {
        tag.region = pick_region(tag, r);
        continue;
      }
    }
    bool changed = false;
    for (std::string& v : tag.variants) {
      if (const char* r = find_pair(kVariantAliases, kVariantAliasesCount, v.c_str(), v.size())) {
        v = r;
        changed = true;
      }
    }
    if (!changed) break;
    std::sort(tag.variants.begin(), tag.variants.end());
    tag.variants.erase(std::unique(tag.variants.begin(), tag.variants.end()), tag.variants.end());
  }
}

bool add_likely_subtags(LanguageTag& tag) {
  const std::string language = tag.language == "und" ? "" : tag.language;
  const std::string script = tag.script == "Zzzz" ? "" : tag.script;
  const std::string region = tag.region == "ZZ" ? "" : tag.region;
  std::string key;
  key.reserve(16);
  auto lookup = [&](const std::string& l, const std::string& s, const std::string& r) -> const char* {
    key.assign(l.empty() ? "und" : l);
    if (!s.empty()) key.append(1, '-').append(s);
    if (!r.empty()) key.append(1, '-').append(r);
    return find_pair(kLikelySubtags, kLikelySubtagsCount, key.c_str(), key.size());
  };
  const char* found = nullptr;
  if (!language.empty()) {
    if (!script.empty() && !region.empty()) found = lookup(language, script, region);
    if (!found && !region.empty()) found = lookup(language, "", region);
    if (!found && !script.empty()) found = lookup(language, script, "");
    if (!found) found = lookup(language, "", "");
  } else {
    // Without a language the script says more than the region (und-Taml-IN is Tamil, not Hindi).
    if (!script.empty() && !region.empty()) found = lookup("", script, region);
    if (!found && !script.empty()) found = lookup("", script, "");
    if (!found && !region.empty()) found = lookup("", "", region);
    if (!found) found = lookup("", "", "");
  }
  if (!found) return false;
  // CLDR's values are canonical language-Script-REGION (the generator checks): split, not parsed.
  const std::string_view value(found);
  const std::size_t first = value.find('-');
  const std::size_t second = first == std::string_view::npos ? first : value.find('-', first + 1);
  if (second == std::string_view::npos) return false;
  if (language.empty()) tag.language.assign(value.substr(0, first));
  if (script.empty()) tag.script.assign(value.substr(first + 1, second - first - 1));
  if (region.empty()) tag.region.assign(value.substr(second + 1));
  return true;
}

}  // namespace detail

std::string LanguageTag::to_string() const {
  std::string out = language.empty() ? "und" : language;
  if (!script.empty()) out += "-" + script;
  if (!region.empty()) out += "-" + region;
  for (const std::string& v : variants) out += "-" + v;
  if (!extensions.empty()) out += "-" + extensions;
  return out;
}

bool parse_language_tag(std::string_view tag, LanguageTag& out, Error& error) {
  // Most tags apps support are a language alone ("hi", "mai"): what parse_strict makes of them,
  // without splitting.
  if (((tag.size() >= 2 && tag.size() <= 3) || (tag.size() >= 5 && tag.size() <= 8)) && is_alpha(tag)) {
    out = LanguageTag{};
    out.language = lower(tag);
    return true;
  }
  Error strict_error;
  if (parse_strict(tag, out, strict_error)) return true;
  if (tag.size() <= kMaxTagLength) {
    if (const char* replacement = irregular_replacement(tag)) return parse_strict(replacement, out, error);
    // BCP 47 extended language subtags ("zh-yue", "ar-aao"): the extlang is the language itself.
    const std::vector<std::string_view> parts = split(tag);
    if (parts.size() >= 2 && parts[0].size() >= 2 && parts[0].size() <= 3 && is_alpha(parts[0]) &&
        parts[1].size() == 3 && is_alpha(parts[1])) {
      const std::size_t skip = parts[0].size() + 1;
      if (parse_strict(tag.substr(skip), out, error)) return true;
    }
  }
  error = strict_error;
  return false;
}

bool canonicalize_language_tag(std::string_view tag, std::string& out, Error& error) {
  LanguageTag parsed;
  if (!parse_language_tag(tag, parsed, error)) return false;
  detail::canonicalize(parsed);
  out = parsed.to_string();
  return true;
}

bool maximize_tag(std::string_view tag, std::string& out, Error& error) {
  LanguageTag parsed;
  if (!parse_language_tag(tag, parsed, error)) return false;
  detail::canonicalize(parsed);
  detail::add_likely_subtags(parsed);
  out = parsed.to_string();
  return true;
}

bool minimize_tag(std::string_view tag, std::string& out, Error& error, LanguageFavor favor) {
  LanguageTag parsed;
  if (!parse_language_tag(tag, parsed, error)) return false;
  detail::canonicalize(parsed);
  LanguageTag max = parsed;
  if (!detail::add_likely_subtags(max)) {
    out = parsed.to_string();
    return true;
  }
  // The shortest of language, language-region, language-script (script favored: script before
  // region) that maximizes back to the same tag.
  const bool script_first = favor == LanguageFavor::script;
  for (int trial = 0; trial < 3; ++trial) {
    LanguageTag candidate;
    candidate.language = max.language;
    if (trial == 1) (script_first ? candidate.script : candidate.region) = script_first ? max.script : max.region;
    if (trial == 2) (script_first ? candidate.region : candidate.script) = script_first ? max.region : max.script;
    LanguageTag check = candidate;
    if (detail::add_likely_subtags(check) && check.language == max.language && check.script == max.script &&
        check.region == max.region) {
      candidate.variants = parsed.variants;
      candidate.extensions = parsed.extensions;
      out = candidate.to_string();
      return true;
    }
  }
  out = max.to_string();
  return true;
}

const char* language_data_version() { return detail::kLanguageDataVersion; }

}  // namespace nudgekit

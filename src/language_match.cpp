// ICU LocaleMatcher / LocaleDistance over the CLDR languageMatching rules.
//
// Distances add up per level: language, then script, then region, each taken from the first rule of
// that level that matches (CLDR order), else the level's default (80 / 50 / 4). The generator splits
// the rules by level and sorts them by language pair, so a distance is a few binary searches over
// static data, never a pass over all 378 rules, and nothing is indexed at start-up. Building the
// LSRs of a supported list is what a first call costs: the generator maximizes the languages with
// CLDR locale data, and their rows of each rule table, ahead of time (see known_lsr).
// Distances are compared shifted left by 3 bits; the low bits are ICU's micro-distance that
// prefers a supported tag whose explicit subtags are the same as the desired one's.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detail/language_data.h"
#include "detail/language_tag_internal.h"
#include "nudgekit/language.h"

namespace nudgekit {
namespace {

using namespace std::string_view_literals;

constexpr int kShift = 3;
constexpr int kExplicitLanguage = 4, kExplicitScript = 2, kExplicitRegion = 1;

// Subtags are a few letters: a loop is cheaper than the strlen and memcmp calls of std::string's
// operators, and comparing subtags is most of what building a matcher and matching do.
bool equals(const std::string& subtag, const char* text) {
  for (const char c : subtag) {
    if (*text++ != c) return false;  // also stops at the end of a shorter `text`
  }
  return *text == '\0';
}
bool equals(const std::string& a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// language-script-region after canonicalization and likely subtags; `flags` records which subtags
// the tag itself spelled out. Pseudo-locales get a prefixed language so they match only themselves.
struct Lsr {
  std::string language, script, region;
  int flags = 0;
  std::uint32_t region_vars = 0;  // bit i set: the region is in match variable i
  // The rule rows whose desired language is this one, found once per tag rather than per pair.
  const detail::LanguagePair *pairs = nullptr, *pairs_end = nullptr;
  const detail::ScriptPair *scripts = nullptr, *scripts_end = nullptr;
  const detail::RegionRule *regions = nullptr, *regions_end = nullptr;

  bool likely_default = false;  // the LSR the language alone maximizes to (fr → fr-Latn-FR)
  const detail::LanguageLsr* known = nullptr;  // the generated LSR of `language`, when it has one

  // A hash of language, script and region: most comparisons are between different LSRs, and one
  // integer compare settles those.
  std::uint64_t key = 0;

  bool same(const Lsr& o) const {
    return key == o.key && equals(language, o.language) && equals(script, o.script) && equals(region, o.region);
  }
  bool identical(const Lsr& o) const { return flags == o.flags && same(o); }
};

std::uint64_t lsr_key(const Lsr& lsr) {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a 64
  const auto add = [&hash](const std::string& subtag) {
    for (const char c : subtag) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    hash = (hash ^ 0xffu) * 1099511628211ull;  // a separator no subtag holds: "ab"+"c" ≠ "a"+"bc"
  };
  add(lsr.language);
  add(lsr.script);
  add(lsr.region);
  return hash;
}

void set_rules(Lsr& lsr, std::size_t match_language) {
  if (match_language >= detail::kMatchLanguagesCount) return;  // no rule names it: defaults only
  const detail::MatchLanguage& rows = detail::kMatchLanguages[match_language];
  lsr.pairs = detail::kLanguagePairs + rows.pairs_begin;
  lsr.pairs_end = detail::kLanguagePairs + rows.pairs_end;
  lsr.scripts = detail::kScriptPairs + rows.scripts_begin;
  lsr.scripts_end = detail::kScriptPairs + rows.scripts_end;
  lsr.regions = detail::kRegionRules + rows.regions_begin;
  lsr.regions_end = detail::kRegionRules + rows.regions_end;
}

const detail::LanguageLsr* find_language_lsr(const std::string& language) {
  const std::uint32_t key = detail::language_key(language.data(), language.size());
  const detail::LanguageLsr* end = detail::kLanguageLsrs + detail::kLanguageLsrsCount;
  const detail::LanguageLsr* found = std::lower_bound(detail::kLanguageLsrs, end, key,
      [](const detail::LanguageLsr& row, std::uint32_t k) { return row.language < k; });
  return found != end && found->language == key ? found : nullptr;
}

void find_rules(Lsr& lsr) {
  const detail::MatchLanguage* end = detail::kMatchLanguages + detail::kMatchLanguagesCount;
  const detail::MatchLanguage* found = std::lower_bound(detail::kMatchLanguages, end, lsr.language.c_str(),
      [](const detail::MatchLanguage& row, const char* l) { return std::strcmp(row.language, l) < 0; });
  const bool named = found != end && equals(lsr.language, found->language);
  set_rules(lsr, named ? static_cast<std::size_t>(found - detail::kMatchLanguages) : detail::kMatchLanguagesCount);
}

bool pattern_matches(const detail::RegionPatternData& p, const Lsr& lsr) {
  switch (p.kind) {
    case 0: return true;
    case 1: return (lsr.region_vars & p.variable_bit) != 0;
    case 2: return (lsr.region_vars & p.variable_bit) == 0;
    default: return equals(lsr.region, p.region);
  }
}

std::uint32_t region_variables(const std::string& region) {
  const detail::RegionMask* end = detail::kRegionMasks + detail::kRegionMasksCount;
  const detail::RegionMask* found = std::lower_bound(detail::kRegionMasks, end, region,
      [](const detail::RegionMask& row, const std::string& r) { return std::strcmp(row.region, r.c_str()) < 0; });
  return found != end && equals(region, found->region) ? found->variables : 0;
}

// make_lsr's canonicalize and add_likely_subtags, from the generated LSR of the tag's language, for
// tags where that gives the same: the generator left out languages an alias rule could rewrite, and
// here the tag must have no variants (they have aliases and complex rules of their own) and no
// aliased script or region. Likely subtags is searched only when it has keys for the language with
// the kind of subtag the tag has ("zh-Hant"). Most supported tags are a language alone ("hi",
// "ta"): one search of a small table instead of the alias and likely-subtags searches.
bool known_lsr(const LanguageTag& tag, Lsr& lsr) {
  if (!tag.variants.empty()) return false;  // which also leaves out the pseudo-locale variants
  const detail::LanguageLsr* known = find_language_lsr(tag.language);
  if (known == nullptr) return false;
  if (!tag.script.empty() && detail::find_pair(detail::kScriptAliases, detail::kScriptAliasesCount, tag.script.c_str(), tag.script.size())) {
    return false;
  }
  if (!tag.region.empty() && detail::find_pair(detail::kTerritoryAliases, detail::kTerritoryAliasesCount, tag.region.c_str(), tag.region.size())) {
    return false;
  }
  // add_likely_subtags reads Zzzz and ZZ as absent.
  const bool has_script = !tag.script.empty() && tag.script != "Zzzz"sv;
  const bool has_region = !tag.region.empty() && tag.region != "ZZ"sv;
  lsr.language = tag.language;
  if ((has_script && (known->likely_keys & detail::kLikelyScriptKeys) != 0) ||
      (has_region && (known->likely_keys & detail::kLikelyRegionKeys) != 0)) {
    LanguageTag maximized = tag;
    detail::add_likely_subtags(maximized);  // finds at least the language's own entry
    lsr.script = std::move(maximized.script);
    lsr.region = std::move(maximized.region);
  } else {
    if (has_script) lsr.script = tag.script;
    else lsr.script.assign(known->script, sizeof known->script);
    lsr.region = has_region ? tag.region : known->region;
  }
  lsr.region_vars = equals(lsr.region, known->region) ? known->region_variables : region_variables(lsr.region);
  set_rules(lsr, known->match_language);
  lsr.known = known;
  return true;
}

// One of CLDR's paradigm locales (en, en-GB, es, es-419, pt-BR, pt-PT), which win ties.
bool is_paradigm(const Lsr& lsr) {
  for (std::size_t p = 0; p < detail::kParadigmLsrsCount; ++p) {
    const detail::LsrText& paradigm = detail::kParadigmLsrs[p];
    if (equals(lsr.region, paradigm.region) && equals(lsr.language, paradigm.language) && equals(lsr.script, paradigm.script)) return true;
  }
  return false;
}

Lsr make_unkeyed_lsr(const LanguageTag& parsed) {
  Lsr lsr;
  lsr.flags = (parsed.language != "und"sv ? kExplicitLanguage : 0) | (parsed.script.empty() ? 0 : kExplicitScript) |
              (parsed.region.empty() ? 0 : kExplicitRegion);
  // ICU's pseudo-locales (en-XA accents, ar-XB bidi, en-XC cracked; or -PSACCENT etc. variants)
  // are test renderings of their base language: they must match only themselves.
  char pseudo = 0;
  if (parsed.region == "XA"sv) pseudo = '\'';
  else if (parsed.region == "XB"sv) pseudo = '+';
  else if (parsed.region == "XC"sv) pseudo = ',';
  if (pseudo == 0 && known_lsr(parsed, lsr)) return lsr;
  LanguageTag tag = parsed;
  for (const std::string& v : tag.variants) {
    const char* region = nullptr;
    if (v == "psaccent") { pseudo = '\''; region = "XA"; }
    else if (v == "psbidi") { pseudo = '+'; region = "XB"; }
    else if (v == "pscrack") { pseudo = ','; region = "XC"; }
    if (region != nullptr) {
      // As ICU: a pseudo variant without a region counts as having its region implicitly.
      lsr.flags = kExplicitLanguage | kExplicitScript | (tag.region.empty() ? 0 : kExplicitRegion);
      if (tag.region.empty()) tag.region = region;
      break;
    }
  }
  // ICU maximizes "und" to itself, not to en-Latn-US: otherwise "und" desired would pick English
  // over a supported Italian that is the default. A private-use tag is only equal to itself.
  if (tag.language == "und" && tag.script.empty() && tag.region.empty() && tag.variants.empty()) {
    lsr.language = tag.extensions.rfind("x-", 0) == 0 ? tag.extensions : "und";
    lsr.flags = kExplicitLanguage | kExplicitScript | kExplicitRegion;
    return lsr;
  }
  if (pseudo != 0) {
    lsr.language = std::string(1, pseudo) + tag.language;
    lsr.script = tag.script;
    lsr.region = tag.region;
    if (tag.region == parsed.region) lsr.flags = kExplicitLanguage | kExplicitScript | kExplicitRegion;
    return lsr;
  }
  detail::canonicalize(tag);
  if (!detail::add_likely_subtags(tag)) {
    // ICU's matcher, unlike UTS #35's maximize, fills an unknown language's script and region
    // from "und" (zxx → zxx-Latn-US), so that it can still match by script and region.
    LanguageTag probe = tag;
    probe.language = "und";
    if (detail::add_likely_subtags(probe)) {
      tag.script = probe.script;
      tag.region = probe.region;
    }
  }
  lsr.language = tag.language;
  lsr.script = tag.script;
  lsr.region = tag.region;
  lsr.region_vars = region_variables(lsr.region);
  find_rules(lsr);
  return lsr;
}

Lsr make_lsr(const LanguageTag& parsed) {
  Lsr lsr = make_unkeyed_lsr(parsed);
  lsr.key = lsr_key(lsr);
  return lsr;
}

// Unshifted distance of desired→supported, or a value above `threshold` as soon as it is known to
// be above it (the caller only needs to know it lost).
int distance_between(const Lsr& desired, const Lsr& supported, int threshold, bool favor_script) {
  int distance = 0;
  if (!equals(desired.language, supported.language)) {
    distance = detail::kDefaultLanguageDistance;
    for (const auto* pair = desired.pairs; pair != desired.pairs_end; ++pair) {
      if (equals(supported.language, pair->supported)) {
        distance = pair->distance;
        break;
      }
    }
  }
  // ICU's "favor script": a quarter of the language distance, so that a script difference weighs more.
  if (favor_script) distance >>= 2;
  if (distance > threshold) return distance;

  if (!equals(desired.script, supported.script)) {
    int script = detail::kDefaultScriptDistance;
    for (const auto* rule = desired.scripts; rule != desired.scripts_end; ++rule) {
      if (equals(supported.language, rule->supported_language) && equals(desired.script, rule->desired) &&
          equals(supported.script, rule->supported)) {
        script = rule->distance;
        break;
      }
    }
    distance += script;
    if (distance > threshold) return distance;
  }

  if (equals(desired.region, supported.region)) return distance;
  for (const auto* rule = desired.regions; rule != desired.regions_end; ++rule) {
    if (equals(supported.language, rule->supported_language) && (rule->desired_script[0] == '*' || equals(desired.script, rule->desired_script)) &&
        (rule->supported_script[0] == '*' || equals(supported.script, rule->supported_script)) &&
        pattern_matches(rule->desired, desired) && pattern_matches(rule->supported, supported)) {
      return distance + rule->distance;
    }
  }
  return distance + detail::kDefaultRegionDistance;
}

// Whether `lsr` is what its language alone maximizes to (fr-Latn-FR for fr).
bool is_likely_default(const Lsr& lsr) {
  if (const detail::LanguageLsr* known = lsr.known != nullptr ? lsr.known : find_language_lsr(lsr.language)) {
    return equals(lsr.script, std::string_view(known->script, sizeof known->script)) && equals(lsr.region, known->region);
  }
  LanguageTag bare;
  bare.language = lsr.language;
  detail::add_likely_subtags(bare);
  return bare.script == lsr.script && bare.region == lsr.region;
}

// The supported side, prepared once per distinct supported list and options (ICU's Builder).
struct Matcher {
  Error supported_error;              // the first invalid supported tag, reported on every match
  std::vector<std::string> supported;
  LanguageMatchOptions options;
  std::vector<Lsr> lsrs;             // distinct LSRs in ICU's priority order
  std::vector<int> lsr_to_supported;  // the first supported index with that LSR
  bool has_default = false;
  Lsr default_lsr;
};

bool parse_for_match(const std::string& text, const char* what, std::size_t index, LanguageTag& out, Error& error) {
  if (parse_language_tag(text, out, error)) return true;
  error.pointer = "/" + std::string(what) + "/" + std::to_string(index);
  return false;
}

std::unique_ptr<Matcher> build_matcher(const std::vector<std::string>& supported, const LanguageMatchOptions& options,
                                       Error& error) {
  auto m = std::make_unique<Matcher>();
  m->supported = supported;
  m->options = options;
  std::vector<Lsr> lsrs(supported.size());
  std::vector<bool> valid(supported.size(), true);
  for (std::size_t i = 0; i < supported.size(); ++i) {
    LanguageTag tag;
    Error bad;
    if (!parse_for_match(supported[i], "supported", i, tag, bad)) {
      // One bad entry must not take the app's whole language list down: it is left out, reported.
      if (error.code.empty()) error = bad;
      valid[i] = false;
      continue;
    }
    lsrs[i] = make_lsr(tag);
    lsrs[i].likely_default = is_likely_default(lsrs[i]);
  }
  if (!options.default_locale.empty()) {
    LanguageTag tag;
    if (!parse_language_tag(options.default_locale, tag, error)) {
      error.pointer = "/defaultLocale";
      return nullptr;  // the default is what callers fall back on: it has to be valid
    }
    m->has_default = true;
    m->default_lsr = make_lsr(tag);
  }
  m->lsrs.reserve(supported.size());
  m->lsr_to_supported.reserve(supported.size());
  auto add = [&](std::size_t i) {
    // "fr" and "fr-FR" maximize alike but stay apart: the one spelled like the desired tag wins.
    for (const Lsr& seen : m->lsrs) if (seen.identical(lsrs[i])) return;
    m->lsrs.push_back(std::move(lsrs[i]));  // not read again: `order` is already ranked
    m->lsr_to_supported.push_back(static_cast<int>(i));
  };
  // ICU's order, so that ties go to: the default locale's equivalents, then paradigm locales
  // (en, en-GB, es, es-419, pt-BR, pt-PT), then the rest in the order given.
  std::vector<int> order(supported.size(), 3);
  for (std::size_t i = 0; i < supported.size(); ++i) {
    if (!valid[i]) order[i] = 0;
    else if (m->has_default && lsrs[i].same(m->default_lsr)) order[i] = 1;
    else if (is_paradigm(lsrs[i])) order[i] = 2;
  }
  for (int rank = 1; rank <= 3; ++rank) {
    for (std::size_t i = 0; i < supported.size(); ++i) if (order[i] == rank) add(i);
  }
  return m;
}

// Desired tags repeat (the device's languages on every call): their LSRs are cached per thread.
const Lsr* desired_lsr(const std::string& text, std::size_t index, Error& error) {
  thread_local std::unordered_map<std::string, Lsr> cache;
  const auto found = cache.find(text);
  if (found != cache.end()) return &found->second;
  LanguageTag tag;
  if (!parse_for_match(text, "desired", index, tag, error)) return nullptr;
  if (cache.size() >= 512) cache.clear();
  return &cache.emplace(text, make_lsr(tag)).first->second;
}

std::optional<LanguageMatch> run(const Matcher& m, const std::vector<std::string>& desired, Error& error) {
  const bool favor_script = m.options.favor == LanguageFavor::script;
  const int threshold = std::clamp(m.options.threshold, 0, 100);
  // Demotion: a region difference for one desired tag is as good as an exact match of the next one.
  const int demotion = m.options.demotion == LanguageDemotion::region ? 5 : 0;
  int best_shifted = threshold << kShift;
  int best_lsr = -1, best_desired = -1, best_distance = 0;
  for (std::size_t d = 0; d < desired.size(); ++d) {
    Error bad;
    const Lsr* want = desired_lsr(desired[d], d, bad);
    if (want == nullptr) {
      if (error.code.empty()) error = bad;
      continue;
    }
    bool exact = false;
    for (std::size_t s = 0; s < m.lsrs.size(); ++s) {
      if (m.lsrs[s].identical(*want)) {
        best_lsr = static_cast<int>(s);
        best_desired = static_cast<int>(d);
        best_distance = 0;
        exact = true;
        break;
      }
    }
    if (exact) break;
    const int rounded = (best_shifted + (1 << kShift) - 1) >> kShift;
    for (std::size_t s = 0; s < m.lsrs.size(); ++s) {
      const int distance = distance_between(*want, m.lsrs[s], rounded, favor_script);
      if (distance > rounded) continue;
      int shifted = distance << kShift;
      if (shifted == 0) shifted |= (want->flags ^ m.lsrs[s].flags);
      // Among equally imperfect matches of one language ICU prefers that language's own default
      // (fr-SN → fr-FR rather than fr-CA, zu → en-US rather than en-GB); across languages the
      // earlier supported tag keeps the tie.
      const bool tie_to_default = shifted == best_shifted && best_desired == static_cast<int>(d) &&
                                  m.lsrs[s].likely_default && !m.lsrs[best_lsr].likely_default &&
                                  equals(m.lsrs[s].language, m.lsrs[best_lsr].language);
      if (shifted < best_shifted || tie_to_default) {
        best_shifted = shifted;
        best_lsr = static_cast<int>(s);
        best_desired = static_cast<int>(d);
        best_distance = distance;
        if (shifted == 0) break;
      }
    }
    if (best_lsr >= 0 && best_shifted == 0) break;
    best_shifted -= demotion << kShift;
    if (best_shifted <= 0) break;
  }
  LanguageMatch result;
  if (best_lsr < 0) {
    if (m.options.default_locale.empty()) return std::nullopt;
    result.tag = m.options.default_locale;
    result.distance = 100;
    return result;
  }
  result.supported_index = m.lsr_to_supported[best_lsr];
  result.tag = m.supported[result.supported_index];
  result.distance = best_distance;
  result.desired_index = best_desired;
  return result;
}

bool same_options(const LanguageMatchOptions& a, const LanguageMatchOptions& b) {
  return a.threshold == b.threshold && a.favor == b.favor && a.demotion == b.demotion && a.default_locale == b.default_locale;
}

}  // namespace

std::optional<LanguageMatch> match_language(const std::vector<std::string>& desired,
                                            const std::vector<std::string>& supported,
                                            const LanguageMatchOptions& options, Error& error) {
  error = Error{};
  // Apps match against the same supported list over and over: keep the last prepared one.
  thread_local std::unique_ptr<Matcher> last;
  if (!last || last->supported != supported || !same_options(last->options, options)) {
    auto built = build_matcher(supported, options, error);
    if (!built) return std::nullopt;
    built->supported_error = error;
    last = std::move(built);
  }
  error = last->supported_error;
  return run(*last, desired, error);
}

int language_distance(std::string_view desired, std::string_view supported, Error& error) {
  error = Error{};
  LanguageTag d, s;
  if (!parse_language_tag(desired, d, error)) return -1;
  if (!parse_language_tag(supported, s, error)) return -1;
  const Lsr a = make_lsr(d), b = make_lsr(s);
  if (a.same(b)) return 0;
  return std::min(distance_between(a, b, 1000, false), 100);
}

const char* text_direction(std::string_view tag, Error& error) {
  error = Error{};
  LanguageTag parsed;
  if (!parse_language_tag(tag, parsed, error)) return "ltr";
  detail::canonicalize(parsed);
  detail::add_likely_subtags(parsed);
  const char* const* begin = detail::kRtlScripts;
  const char* const* end = detail::kRtlScripts + detail::kRtlScriptsCount;
  const bool rtl = std::binary_search(begin, end, parsed.script.c_str(),
                                      [](const char* a, const char* b) { return std::strcmp(a, b) < 0; });
  return rtl ? "rtl" : "ltr";
}

}  // namespace nudgekit

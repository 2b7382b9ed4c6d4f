// ICU LocaleMatcher / LocaleDistance over the CLDR languageMatching rules.
//
// Distances add up per level: language, then script, then region, each taken from the first rule of
// that level that matches (CLDR order), else the level's default (80 / 50 / 4). Rules are indexed by
// language pair once, so a distance is two hash look-ups and a short scan, never a pass over all
// 378 rules. Distances are compared shifted left by 3 bits; the low bits are ICU's micro-distance
// that prefers a supported tag whose explicit subtags are the same as the desired one's.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "detail/language_data.h"
#include "detail/language_tag_internal.h"
#include "nudgekit/language.h"

namespace nudgekit {
namespace {

constexpr int kShift = 3;
constexpr int kExplicitLanguage = 4, kExplicitScript = 2, kExplicitRegion = 1;

// language-script-region after canonicalization and likely subtags; `flags` records which subtags
// the tag itself spelled out. Pseudo-locales get a prefixed language so they match only themselves.
struct Lsr {
  std::string language, script, region;
  int flags = 0;
  int language_id = -1;       // index into the rule languages; -1 = no rule names this language
  std::uint32_t region_vars = 0;  // bit i set: the region is in match variable i

  bool likely_default = false;  // the LSR the language alone maximizes to (fr → fr-Latn-FR)

  bool same(const Lsr& o) const { return language == o.language && script == o.script && region == o.region; }
  bool identical(const Lsr& o) const { return same(o) && flags == o.flags; }
};

struct RegionPattern {
  enum Kind { any, in_variable, not_in_variable, literal } kind = any;
  std::uint32_t variable_bit = 0;
  std::string region;

  bool matches(const Lsr& lsr) const {
    switch (kind) {
      case any: return true;
      case in_variable: return (lsr.region_vars & variable_bit) != 0;
      case not_in_variable: return (lsr.region_vars & variable_bit) == 0;
      case literal: return lsr.region == region;
    }
    return false;
  }
};

struct ScriptRule {
  std::string desired, supported;
  int distance;
};

struct RegionRule {
  std::string desired_script, supported_script;  // "*" = any
  RegionPattern desired, supported;
  int distance;
};

struct PairRules {
  int language_distance = -1;  // -1: no language rule for this pair, use the default
  std::vector<ScriptRule> scripts;
  std::vector<RegionRule> regions;
};

struct MatchTables {
  int default_language = 80, default_script = 50, default_region = 4;
  std::unordered_map<std::string, int> language_ids;
  std::unordered_map<std::uint64_t, PairRules> pairs;
  std::vector<std::string> variable_names;
  std::unordered_map<std::string, std::uint32_t> region_vars;
  std::vector<Lsr> paradigms;

  static std::uint64_t key(int desired, int supported) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(desired)) << 32) | static_cast<std::uint32_t>(supported);
  }
  int language_id(const std::string& language) {
    const auto found = language_ids.find(language);
    if (found != language_ids.end()) return found->second;
    const int id = static_cast<int>(language_ids.size());
    language_ids.emplace(language, id);
    return id;
  }
  RegionPattern pattern(const std::string& text) const {
    RegionPattern p;
    if (text == "*") return p;
    if (text.size() > 1 && text[0] == '$') {
      const bool negated = text[1] == '!';
      const std::string name = text.substr(negated ? 2 : 1);
      for (std::size_t i = 0; i < variable_names.size(); ++i) {
        if (variable_names[i] == name) p.variable_bit = 1u << i;
      }
      p.kind = negated ? RegionPattern::not_in_variable : RegionPattern::in_variable;
      return p;
    }
    p.kind = RegionPattern::literal;
    p.region = text;
    return p;
  }
};

std::vector<std::string> split_rule(const char* text) {
  std::vector<std::string> parts;
  std::string current;
  for (const char* c = text; *c; ++c) {
    if (*c == '-' || *c == '_') {
      parts.push_back(current);
      current.clear();
    } else {
      current.push_back(*c);
    }
  }
  parts.push_back(current);
  return parts;
}

Lsr make_lsr(const LanguageTag& parsed, const MatchTables& tables);

const MatchTables& tables() {
  static const MatchTables* built = [] {
    auto* t = new MatchTables();
    for (std::size_t v = 0; v < detail::kMatchVariablesCount && v < 32; ++v) {
      t->variable_names.push_back(detail::kMatchVariables[v].key);
      const char* list = detail::kMatchVariables[v].value;
      std::string region;
      for (const char* c = list;; ++c) {
        if (*c == ' ' || *c == '\0') {
          if (!region.empty()) t->region_vars[region] |= 1u << v;
          region.clear();
          if (*c == '\0') break;
        } else {
          region.push_back(*c);
        }
      }
    }
    for (std::size_t r = 0; r < detail::kMatchRulesCount; ++r) {
      const detail::MatchRule& rule = detail::kMatchRules[r];
      const std::vector<std::string> d = split_rule(rule.desired), s = split_rule(rule.supported);
      if (d.size() != s.size() || d.empty() || d.size() > 3) continue;
      if (d[0] == "*" || s[0] == "*") {
        // CLDR's wildcard-language rules are exactly the per-level defaults.
        (d.size() == 1 ? t->default_language : d.size() == 2 ? t->default_script : t->default_region) = rule.distance;
        continue;
      }
      for (int direction = 0; direction < (rule.oneway ? 1 : 2); ++direction) {
        const std::vector<std::string>& a = direction == 0 ? d : s;
        const std::vector<std::string>& b = direction == 0 ? s : d;
        PairRules& pair = t->pairs[MatchTables::key(t->language_id(a[0]), t->language_id(b[0]))];
        if (a.size() == 1) {
          if (pair.language_distance < 0) pair.language_distance = rule.distance;
        } else if (a.size() == 2) {
          pair.scripts.push_back({a[1], b[1], rule.distance});
        } else {
          pair.regions.push_back({a[1], b[1], t->pattern(a[2]), t->pattern(b[2]), rule.distance});
        }
      }
    }
    for (std::size_t p = 0; p < detail::kParadigmLocalesCount; ++p) {
      LanguageTag tag;
      Error ignored;
      if (parse_language_tag(detail::kParadigmLocales[p], tag, ignored)) t->paradigms.push_back(make_lsr(tag, *t));
    }
    return t;
  }();
  return *built;
}

Lsr make_lsr(const LanguageTag& parsed, const MatchTables& t) {
  LanguageTag tag = parsed;
  Lsr lsr;
  lsr.flags = (tag.language != "und" ? kExplicitLanguage : 0) | (tag.script.empty() ? 0 : kExplicitScript) |
              (tag.region.empty() ? 0 : kExplicitRegion);
  // ICU's pseudo-locales (en-XA accents, ar-XB bidi, en-XC cracked; or -PSACCENT etc. variants)
  // are test renderings of their base language: they must match only themselves.
  char pseudo = 0;
  if (tag.region == "XA") pseudo = '\'';
  else if (tag.region == "XB") pseudo = '+';
  else if (tag.region == "XC") pseudo = ',';
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
  const auto id = t.language_ids.find(lsr.language);
  if (id != t.language_ids.end()) lsr.language_id = id->second;
  const auto vars = t.region_vars.find(lsr.region);
  if (vars != t.region_vars.end()) lsr.region_vars = vars->second;
  return lsr;
}

// Unshifted distance of desired→supported, or a value above `threshold` as soon as it is known to
// be above it (the caller only needs to know it lost).
int distance_between(const MatchTables& t, const Lsr& desired, const Lsr& supported, int threshold, bool favor_script) {
  const PairRules* pair = nullptr;
  if (desired.language_id >= 0 && supported.language_id >= 0) {
    const auto found = t.pairs.find(MatchTables::key(desired.language_id, supported.language_id));
    if (found != t.pairs.end()) pair = &found->second;
  }
  int distance;
  if (pair != nullptr && pair->language_distance >= 0) distance = pair->language_distance;
  else distance = desired.language == supported.language ? 0 : t.default_language;
  // ICU's "favor script": a quarter of the language distance, so that a script difference weighs more.
  if (favor_script) distance >>= 2;
  if (distance > threshold) return distance;

  int script = -1;
  if (desired.script == supported.script) {
    script = 0;
  } else if (pair != nullptr) {
    for (const ScriptRule& rule : pair->scripts) {
      if (rule.desired == desired.script && rule.supported == supported.script) {
        script = rule.distance;
        break;
      }
    }
  }
  distance += script >= 0 ? script : t.default_script;
  if (distance > threshold) return distance;

  if (desired.region == supported.region) return distance;
  if (pair != nullptr) {
    for (const RegionRule& rule : pair->regions) {
      if ((rule.desired_script == "*" || rule.desired_script == desired.script) &&
          (rule.supported_script == "*" || rule.supported_script == supported.script) &&
          rule.desired.matches(desired) && rule.supported.matches(supported)) {
        return distance + rule.distance;
      }
    }
  }
  return distance + t.default_region;
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
  const MatchTables& t = tables();
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
    lsrs[i] = make_lsr(tag, t);
    LanguageTag bare;
    bare.language = lsrs[i].language;
    detail::add_likely_subtags(bare);
    lsrs[i].likely_default = bare.script == lsrs[i].script && bare.region == lsrs[i].region;
  }
  if (!options.default_locale.empty()) {
    LanguageTag tag;
    if (!parse_language_tag(options.default_locale, tag, error)) {
      error.pointer = "/defaultLocale";
      return nullptr;  // the default is what callers fall back on: it has to be valid
    }
    m->has_default = true;
    m->default_lsr = make_lsr(tag, t);
  }
  auto add = [&](std::size_t i) {
    // "fr" and "fr-FR" maximize alike but stay apart: the one spelled like the desired tag wins.
    for (const Lsr& seen : m->lsrs) if (seen.identical(lsrs[i])) return;
    m->lsrs.push_back(lsrs[i]);
    m->lsr_to_supported.push_back(static_cast<int>(i));
  };
  // ICU's order, so that ties go to: the default locale's equivalents, then paradigm locales
  // (en, en-GB, es, es-419, pt-BR, pt-PT), then the rest in the order given.
  std::vector<int> order(supported.size(), 3);
  for (std::size_t i = 0; i < supported.size(); ++i) {
    if (!valid[i]) order[i] = 0;
    else if (m->has_default && lsrs[i].same(m->default_lsr)) order[i] = 1;
    else if (std::any_of(t.paradigms.begin(), t.paradigms.end(), [&](const Lsr& p) { return p.same(lsrs[i]); })) order[i] = 2;
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
  return &cache.emplace(text, make_lsr(tag, tables())).first->second;
}

std::optional<LanguageMatch> run(const Matcher& m, const std::vector<std::string>& desired, Error& error) {
  const MatchTables& t = tables();
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
      const int distance = distance_between(t, *want, m.lsrs[s], rounded, favor_script);
      if (distance > rounded) continue;
      int shifted = distance << kShift;
      if (shifted == 0) shifted |= (want->flags ^ m.lsrs[s].flags);
      // Among equally imperfect matches of one language ICU prefers that language's own default
      // (fr-SN → fr-FR rather than fr-CA, zu → en-US rather than en-GB); across languages the
      // earlier supported tag keeps the tie.
      const bool tie_to_default = shifted == best_shifted && best_desired == static_cast<int>(d) &&
                                  m.lsrs[s].likely_default && !m.lsrs[best_lsr].likely_default &&
                                  m.lsrs[s].language == m.lsrs[best_lsr].language;
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
  const MatchTables& t = tables();
  const Lsr a = make_lsr(d, t), b = make_lsr(s, t);
  if (a.same(b)) return 0;
  return std::min(distance_between(t, a, b, 1000, false), 100);
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

// The CLDR tables behind the language module, generated at build time by
// scripts/gen-language-data.mjs into the build tree. Keyed tables are sorted by strcmp order so that
// lookups are binary searches over static data: nothing is built or allocated before first use.
#pragma once

#include <cstddef>
#include <cstdint>

namespace nudgekit::detail {

struct StringPair {
  const char* key;
  const char* value;
};

// One <languageMatch>: desired and supported as CLDR writes them ("en-*-$!enUS"), in CLDR order.
struct MatchRule {
  const char* desired;
  const char* supported;
  std::uint8_t distance;
  bool oneway;
};

// A languageAlias rule whose source names more than a language, pre-split; variants are
// space-separated and sorted. Grouped by source language, best-ranked rule first.
struct ComplexAlias {
  const char* language;
  const char* script;
  const char* region;
  const char* variants;
  const char* to_language;
  const char* to_script;
  const char* to_region;
  const char* to_variants;
};

// languageMatching split by level; each table sorted by (desired, supported) language, CLDR order
// kept within a pair (the first matching rule wins). Symmetric rules appear both ways.
struct LanguagePair {
  const char* desired;
  const char* supported;
  std::uint8_t distance;
};
struct ScriptPair {
  const char* desired_language;
  const char* supported_language;
  const char* desired;
  const char* supported;
  std::uint8_t distance;
};
struct RegionPatternData {
  std::uint8_t kind;  // 0 any, 1 in variable, 2 not in variable, 3 this region
  std::uint32_t variable_bit;
  const char* region;
};
struct RegionRule {
  const char* desired_language;
  const char* supported_language;
  const char* desired_script;  // "*" = any
  const char* supported_script;
  RegionPatternData desired;
  RegionPatternData supported;
  std::uint8_t distance;
};
struct RegionMask {
  const char* region;
  std::uint32_t variables;  // bit i: in kMatchVariables[i]
};

// The rows of kLanguagePairs, kScriptPairs and kRegionRules whose desired language is `language`,
// as [begin, end) index ranges.
struct MatchLanguage {
  const char* language;
  std::uint16_t pairs_begin, pairs_end;
  std::uint8_t scripts_begin, scripts_end;  // the script and region tables are short (50 and 32 rows)
  std::uint8_t regions_begin, regions_end;
};

// A language with CLDR locale data and no alias rule that applies without variants, alone,
// maximized at build time ("hi" → Deva, IN). 16 bytes.
struct LanguageLsr {
  std::uint32_t language;  // language_key(): the 2–3 letters packed big-endian, so sorted as strcmp sorts
  char script[4];          // always four letters, no terminator
  char region[4];          // two letters or three digits, terminated
  std::uint16_t match_language;   // index into kMatchLanguages; kMatchLanguagesCount when it has no rules
  std::uint8_t region_variables;  // kRegionMasks of `region`
  std::uint8_t likely_keys;       // kLikelyScriptKeys | kLikelyRegionKeys
};
// likely subtags has "language-Script…" keys, or "language-REGION" keys: a tag with a script, or
// with a region, may then maximize otherwise than its language alone.
constexpr std::uint8_t kLikelyScriptKeys = 1, kLikelyRegionKeys = 2;

struct LsrText {
  const char* language;
  const char* script;
  const char* region;
};

struct TerritoryLanguage {
  const char* territory;
  const char* language;
  float population_percent;
  bool official;
};

extern const char kLanguageDataVersion[];
extern const StringPair kLikelySubtags[];       // "und-IN" → "hi-Deva-IN"
extern const std::size_t kLikelySubtagsCount;
extern const StringPair kLanguageAliases[];     // "iw" → "he", "sh" → "sr-Latn", "i-klingon" → "tlh"
extern const std::size_t kLanguageAliasesCount;
extern const StringPair kScriptAliases[];
extern const std::size_t kScriptAliasesCount;
extern const StringPair kTerritoryAliases[];    // "SU" → "RU AM AZ …": several candidates
extern const std::size_t kTerritoryAliasesCount;
extern const StringPair kVariantAliases[];
extern const std::size_t kVariantAliasesCount;
extern const StringPair kParentLocales[];       // "en-IN" → "en-001"
extern const std::size_t kParentLocalesCount;
extern const StringPair kMatchVariables[];      // "enUS" → "AS CA GU …" (containment expanded)
extern const std::size_t kMatchVariablesCount;
extern const MatchRule kMatchRules[];
extern const std::size_t kMatchRulesCount;
extern const ComplexAlias kComplexAliases[];
extern const std::size_t kComplexAliasesCount;
extern const int kDefaultLanguageDistance;
extern const int kDefaultScriptDistance;
extern const int kDefaultRegionDistance;
extern const LanguagePair kLanguagePairs[];
extern const std::size_t kLanguagePairsCount;
extern const ScriptPair kScriptPairs[];
extern const std::size_t kScriptPairsCount;
extern const RegionRule kRegionRules[];
extern const std::size_t kRegionRulesCount;
extern const RegionMask kRegionMasks[];
extern const std::size_t kRegionMasksCount;
extern const MatchLanguage kMatchLanguages[];
extern const std::size_t kMatchLanguagesCount;
extern const LanguageLsr kLanguageLsrs[];
extern const std::size_t kLanguageLsrsCount;
extern const LsrText kParadigmLsrs[];            // CLDR's paradigmLocales, maximized: "en-GB" → en Latn GB
extern const std::size_t kParadigmLsrsCount;
extern const TerritoryLanguage kTerritoryLanguages[];  // by territory, then largest share first
extern const std::size_t kTerritoryLanguagesCount;
extern const char* const kRtlScripts[];
extern const std::size_t kRtlScriptsCount;

// `language` packed as LanguageLsr::language; 0 (no table's key) unless it has 2–3 letters.
inline std::uint32_t language_key(const char* language, std::size_t length) {
  if (length < 2 || length > 3) return 0;
  std::uint32_t key = 0;
  for (std::size_t i = 0; i < 4; ++i) key = (key << 8) | (i < length ? static_cast<unsigned char>(language[i]) : 0u);
  return key;
}

// Binary search of a generated pair table; nullptr when `key` is absent.
const char* find_pair(const StringPair* table, std::size_t count, const char* key, std::size_t key_length);

}  // namespace nudgekit::detail

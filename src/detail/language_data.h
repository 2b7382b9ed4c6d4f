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
extern const char* const kParadigmLocales[];
extern const std::size_t kParadigmLocalesCount;
extern const TerritoryLanguage kTerritoryLanguages[];  // by territory, then largest share first
extern const std::size_t kTerritoryLanguagesCount;
extern const char* const kRtlScripts[];
extern const std::size_t kRtlScriptsCount;

// Binary search of a generated pair table; nullptr when `key` is absent.
const char* find_pair(const StringPair* table, std::size_t count, const char* key, std::size_t key_length);

}  // namespace nudgekit::detail

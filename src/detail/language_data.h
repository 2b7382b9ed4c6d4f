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
extern const char* const kParadigmLocales[];
extern const std::size_t kParadigmLocalesCount;
extern const TerritoryLanguage kTerritoryLanguages[];  // by territory, then largest share first
extern const std::size_t kTerritoryLanguagesCount;
extern const char* const kRtlScripts[];
extern const std::size_t kRtlScriptsCount;

// Binary search of a generated pair table; nullptr when `key` is absent.
const char* find_pair(const StringPair* table, std::size_t count, const char* key, std::size_t key_length);

}  // namespace nudgekit::detail

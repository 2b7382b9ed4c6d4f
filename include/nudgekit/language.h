// Language tags and language matching, per Unicode UTS #35 and ICU's LocaleMatcher, from the CLDR
// tables generated at build time (language_data_version() names the CLDR release).
//
// All functions are pure and total: bad input is reported through `Error` (codes "language.*"),
// never by throwing or crashing.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudgekit/error.h"

namespace nudgekit {

// A parsed unicode_locale_id. Subtags are stored in canonical case; `extensions` keeps the
// extension and private-use part ("u-ca-buddhist-x-foo") lower-cased and unchanged otherwise.
struct LanguageTag {
  std::string language;  // "und" when the tag starts with a script or names no language
  std::string script;
  std::string region;
  std::vector<std::string> variants;
  std::string extensions;

  std::string to_string() const;  // "-" separated, "und" omitted only when nothing else is lost
};

// Parses `tag` with either '-' or '_' separators, any case. Legacy grandfathered tags
// ("i-klingon", "zh-min-nan", "en-GB-oed") are accepted as whole tags. Does not apply aliases.
bool parse_language_tag(std::string_view tag, LanguageTag& out, Error& error);

// UTS #35 Annex C canonicalization: case, variant order, and language, script, region and variant
// aliases ("iw" → "he", "sh" → "sr-Latn", "zh-TW"-style tags stay as they are). "-" separated.
bool canonicalize_language_tag(std::string_view tag, std::string& out, Error& error);

// Add Likely Subtags ("hi" → "hi-Deva-IN"). An input whose language, script and region are all
// unknown to CLDR keeps the subtags it has (e.g. "qaa" → "qaa"): that is not an error.
bool maximize_tag(std::string_view tag, std::string& out, Error& error);

enum class LanguageFavor { language, script };

// Remove Likely Subtags. CLDR favors the region (the default): "zh-TW" stays "zh-TW", while
// favoring the script gives "zh-Hant".
bool minimize_tag(std::string_view tag, std::string& out, Error& error,
                  LanguageFavor favor = LanguageFavor::language);

enum class LanguageDemotion { region, none };

struct LanguageMatchOptions {
  int threshold = 50;  // ICU's default: a script difference (50) is already too far
  LanguageFavor favor = LanguageFavor::language;
  LanguageDemotion demotion = LanguageDemotion::region;
  std::string default_locale;  // returned (with supported_index -1) when nothing passes; "" = none
};

struct LanguageMatch {
  std::string tag;            // the supported tag exactly as given, or the default locale
  int distance = 0;           // ICU distance between the chosen desired and supported (0–100)
  int desired_index = -1;     // which desired tag won; -1 for the default locale
  int supported_index = -1;   // index into `supported`; -1 for the default locale
};

// ICU LocaleMatcher::getBestMatchResult. An invalid desired or supported tag is left out of the
// match and reported in `error` (the first one; the pointer says "/desired/2" or "/supported/0"),
// so one bad entry in navigator.languages does not lose the others. An invalid default locale is
// an error and no result. nullopt with no error: nothing passed the threshold and no default.
std::optional<LanguageMatch> match_language(const std::vector<std::string>& desired,
                                            const std::vector<std::string>& supported,
                                            const LanguageMatchOptions& options, Error& error);

// ICU LocaleDistance between a desired and a supported tag (0 = same, 100 = unrelated), with the
// default options. -1 with `error` set when a tag is invalid.
int language_distance(std::string_view desired, std::string_view supported, Error& error);

// "rtl" or "ltr", from the script of the maximized tag ("ur" → Arab → rtl, "pa" → Guru → ltr).
// Invalid tags read as "ltr", with `error` set.
const char* text_direction(std::string_view tag, Error& error);

struct RegionLanguage {
  std::string language;
  double population_percent = 0;  // share of the region's population; 0 when not measured
  bool official = false;
};

// Languages of a country ("IN", from CLDR territoryInfo) by population share, or of an Indian state
// or union territory ("IN-UP", from the table in india_states.cpp), retired codes included
// ("IN-OR" reads as "IN-OD"). Empty when the region is unknown.
std::vector<RegionLanguage> region_languages(std::string_view region);
std::vector<RegionLanguage> territory_languages(std::string_view territory);

// The CLDR release the tables were generated from, e.g. "48.2.0".
const char* language_data_version();

}  // namespace nudgekit

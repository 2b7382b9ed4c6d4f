// Which language to speak to the user in, from the raw signals in their profile and the config's
// "languages" section:
//   "languages": {"default": "en",
//                 "supported"?: ["hi", "ta", "en", …],            (absent: the catalog's variant languages)
//                 "precedence"?: ["app", "campaign", "device_chosen", "region", "device", "default"],
//                 "fallbacks"?: {"gu": ["hi"]}}                     (tried after the user's own signals)
// Signals are profile properties, so they are stored raw and a later explicit choice always wins:
//   app.language            the language chosen in the app                    source "app"
//   utm.language            the language of the acquiring ad or campaign      source "campaign"
//   utm.expiresAt           (epoch ms) after which the ad's language no longer counts
//   device.languages        navigator.languages, best first                   source "device_chosen" when
//   device.languagesChosen  true: the user set them; absent/false: factory     device.languagesChosen,
//                           default, which a region's language outranks       else "device"
//   geo.region, geo.country ISO 3166-2 (IN-TN) and ISO 3166-1 (IN)           source "region"
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nudgekit/error.h"
#include "nudgekit/json_input.h"

namespace nudgekit {

enum class LanguageSource : std::uint8_t { App, Campaign, DeviceChosen, Region, Device, Default };
const char* language_source_name(LanguageSource source);

struct LanguagesConfig {
  std::string default_language;             // canonical; "" when the config names none
  std::vector<std::string> supported;       // canonical, as configured; empty: see supported_or
  std::vector<LanguageSource> precedence = {LanguageSource::App,    LanguageSource::Campaign, LanguageSource::DeviceChosen,
                                            LanguageSource::Region, LanguageSource::Device,   LanguageSource::Default};
  std::map<std::string, std::vector<std::string>> fallbacks;  // canonical tag → canonical tags
};

// Reads doc["languages"] (absent: defaults). Mistakes are appended with their JSON pointers.
void compile_languages(const Json& doc, LanguagesConfig& out, Errors& errors);

struct LanguageDecision {
  std::string tag;                 // a supported tag; "" when there is nothing to choose from
  LanguageSource source = LanguageSource::Default;
  std::string direction = "ltr";
  std::vector<std::string> chain;  // supported tags in fallback order, `tag` first, the default last
  // The instants [holds_from_ms, holds_until_ms) over which the same profile gives this decision:
  // time enters only through the ad language's expiry.
  std::int64_t holds_from_ms = INT64_MIN;
  std::int64_t holds_until_ms = INT64_MAX;
  Json to_json() const;            // {tag, source, direction, chain}
};

// The profile values choose_language reads (app.language, utm.language, utm.expiresAt,
// device.languages, device.languagesChosen, geo.region, geo.country; nullopt when absent): a
// decision holds while they stay the same, under the same config, within its holds_* window.
using LanguageSignals = std::array<std::optional<Json>, 7>;
LanguageSignals language_signals(const Json& profile);

// Chooses among `supported` (canonical tags; when empty, the top signal's tag is taken as is).
// Deterministic: the same profile, time and config give the same answer.
LanguageDecision choose_language(const LanguagesConfig& config, const std::vector<std::string>& supported,
                                 const Json& profile, std::int64_t now_ms);

}  // namespace nudgekit

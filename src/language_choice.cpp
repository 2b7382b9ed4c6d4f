// The user's language from their raw signals: each signal, in the configured precedence, is matched
// against the supported languages with ICU's LocaleMatcher rules; the first that matches decides and
// the rest make up the fallback chain.
#include "nudgekit/language_choice.h"

#include <algorithm>
#include <cmath>
#include <array>
#include <tuple>

#include "nudgekit/attributes.h"
#include "nudgekit/language.h"

namespace nudgekit {
namespace {

constexpr std::array<const char*, 6> kSourceNames = {"app", "campaign", "device_chosen", "region", "device", "default"};
constexpr std::size_t kMaxSupported = 256;
constexpr std::size_t kMaxRegionLanguages = 8;

// Every profile path choose_language reads.
const PathSegments kAppLanguage = {"app", "language"}, kUtmLanguage = {"utm", "language"}, kUtmExpiry = {"utm", "expiresAt"},
                   kDeviceLanguages = {"device", "languages"}, kDeviceChosen = {"device", "languagesChosen"},
                   kState = {"geo", "region"}, kCountry = {"geo", "country"};
const std::array<const PathSegments*, std::tuple_size<LanguageSignals>::value> kSignalPaths = {
    &kAppLanguage, &kUtmLanguage, &kUtmExpiry, &kDeviceLanguages, &kDeviceChosen, &kState, &kCountry};

bool canonical_tag(const Json& value, const std::string& pointer, std::string& out, Errors& errors) {
  Error error;
  if (!value.is_string()) {
    errors.push_back({"config.invalid_type", pointer, "a language tag is a string such as \"hi\" or \"en-IN\""});
    return false;
  }
  if (!canonicalize_language_tag(value.get_ref<const std::string&>(), out, error)) {
    errors.push_back({"language.invalid_tag", pointer, error.message});
    return false;
  }
  return true;
}

bool tag_list(const Json& value, const std::string& pointer, std::vector<std::string>& out, Errors& errors) {
  if (!value.is_array() || value.size() > kMaxSupported) {
    errors.push_back({"config.invalid_type", pointer, "a list of at most 256 language tags"});
    return false;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string tag;
    if (!canonical_tag(value[i], pointer_append(pointer, i), tag, errors)) continue;
    if (std::find(out.begin(), out.end(), tag) != out.end()) {
      errors.push_back({"config.invalid_value", pointer_append(pointer, i), "\"" + tag + "\" is listed twice"});
      continue;
    }
    out.push_back(std::move(tag));
  }
  return true;
}

// A signal's tags, best first; invalid tags in the profile are skipped (the app may store junk).
std::vector<std::string> signal_tags(LanguageSource source, const Json& profile, std::int64_t now_ms) {
  std::vector<std::string> tags;
  const auto add = [&](const Json* value) {
    if (value != nullptr && value->is_string() && !value->get_ref<const std::string&>().empty()) tags.push_back(value->get<std::string>());
  };
  const auto device_chosen = [&] {
    const Json* flag = lookup_path(profile, kDeviceChosen);
    return flag != nullptr && flag->is_boolean() && flag->get<bool>();
  };
  switch (source) {
    case LanguageSource::App:
      add(lookup_path(profile, kAppLanguage));
      break;
    case LanguageSource::Campaign: {
      const Json* expiry = lookup_path(profile, kUtmExpiry);
      if (expiry != nullptr && expiry->is_number() && expiry->get<double>() <= static_cast<double>(now_ms)) break;
      add(lookup_path(profile, kUtmLanguage));
      break;
    }
    case LanguageSource::DeviceChosen:
    case LanguageSource::Device: {
      if (device_chosen() != (source == LanguageSource::DeviceChosen)) break;
      const Json* list = lookup_path(profile, kDeviceLanguages);
      if (list == nullptr) break;
      if (list->is_string()) add(list);
      if (list->is_array()) {
        for (std::size_t i = 0; i < list->size() && i < 16; ++i) add(&(*list)[i]);
      }
      break;
    }
    case LanguageSource::Region: {
      // The state first (IN-TN speaks Tamil even where the country's largest language is Hindi).
      for (const Json* region : {lookup_path(profile, kState), lookup_path(profile, kCountry)}) {
        if (region == nullptr || !region->is_string()) continue;
        const std::vector<RegionLanguage> languages = region_languages(region->get_ref<const std::string&>());
        for (std::size_t i = 0; i < languages.size() && i < kMaxRegionLanguages; ++i) tags.push_back(languages[i].language);
        if (!tags.empty()) break;
      }
      break;
    }
    case LanguageSource::Default:
      break;
  }
  return tags;
}

void push_unique(std::vector<std::string>& chain, const std::string& tag) {
  if (!tag.empty() && std::find(chain.begin(), chain.end(), tag) == chain.end()) chain.push_back(tag);
}

}  // namespace

LanguageSignals language_signals(const Json& profile) {
  LanguageSignals signals;
  for (std::size_t i = 0; i < signals.size(); ++i) {
    if (const Json* value = lookup_path(profile, *kSignalPaths[i])) signals[i] = *value;
  }
  return signals;
}

const char* language_source_name(LanguageSource source) { return kSourceNames[static_cast<std::size_t>(source)]; }

void compile_languages(const Json& doc, LanguagesConfig& out, Errors& errors) {
  const auto section = doc.find("languages");
  if (section == doc.end()) return;
  const std::string base = "/languages";
  if (!section->is_object()) {
    errors.push_back({"config.invalid_type", base, "\"languages\" is an object: {\"default\", \"supported\"?, \"precedence\"?, \"fallbacks\"?}"});
    return;
  }
  for (const auto& [key, value] : section->items()) {
    const std::string at = pointer_append(base, key);
    if (key == "default") {
      canonical_tag(value, at, out.default_language, errors);
    } else if (key == "supported") {
      tag_list(value, at, out.supported, errors);
    } else if (key == "precedence") {
      if (!value.is_array() || value.empty()) {
        errors.push_back({"config.invalid_type", at, "a list of signals: app, campaign, device_chosen, region, device, default"});
        continue;
      }
      out.precedence.clear();
      for (std::size_t i = 0; i < value.size(); ++i) {
        const Json& entry = value[i];  // structured bindings cannot be captured in C++17
        const auto name = std::find_if(kSourceNames.begin(), kSourceNames.end(),
                                       [&](const char* n) { return entry.is_string() && entry.get_ref<const std::string&>() == n; });
        if (name == kSourceNames.end()) {
          errors.push_back({"config.invalid_value", pointer_append(at, i), "a signal is one of app, campaign, device_chosen, region, device, default"});
          continue;
        }
        const auto source = static_cast<LanguageSource>(name - kSourceNames.begin());
        if (std::find(out.precedence.begin(), out.precedence.end(), source) != out.precedence.end()) {
          errors.push_back({"config.invalid_value", pointer_append(at, i), std::string("\"") + *name + "\" is listed twice"});
          continue;
        }
        out.precedence.push_back(source);
      }
    } else if (key == "fallbacks") {
      if (!value.is_object()) {
        errors.push_back({"config.invalid_type", at, "an object of language → languages to fall back to: {\"gu\": [\"hi\"]}"});
        continue;
      }
      for (const auto& [from, to] : value.items()) {
        std::string tag;
        if (!canonical_tag(Json(from), pointer_append(at, from), tag, errors)) continue;
        tag_list(to, pointer_append(at, from), out.fallbacks[tag], errors);
      }
    } else {
      errors.push_back({"config.unknown_key", at, "\"languages\" has default, supported, precedence and fallbacks"});
    }
  }
}

LanguageDecision choose_language(const LanguagesConfig& config, const std::vector<std::string>& supported,
                                 const Json& profile, std::int64_t now_ms) {
  LanguageDecision decision;
  if (const Json* expiry = lookup_path(profile, kUtmExpiry); expiry != nullptr && expiry->is_number()) {
    // signal_tags drops the ad's language from the instant its expiry is <= now.
    const double at = expiry->get<double>();
    const double now = static_cast<double>(now_ms);
    const std::int64_t edge = at >= 9.2e18 ? INT64_MAX : at <= -9.2e18 ? INT64_MIN : static_cast<std::int64_t>(std::ceil(at));
    if (at <= now) decision.holds_from_ms = edge;
    else decision.holds_until_ms = edge;
  }
  std::vector<std::pair<LanguageSource, std::string>> matches;  // per signal, the supported tag it reaches
  for (const LanguageSource source : config.precedence) {
    if (source == LanguageSource::Default) {
      if (!config.default_language.empty()) matches.emplace_back(source, config.default_language);
      continue;
    }
    const std::vector<std::string> desired = signal_tags(source, profile, now_ms);
    if (desired.empty()) continue;
    if (supported.empty()) {
      std::string canonical;
      Error ignored;
      for (const std::string& tag : desired) {
        if (canonicalize_language_tag(tag, canonical, ignored)) {
          matches.emplace_back(source, canonical);
          break;
        }
      }
      continue;
    }
    Error ignored;  // an invalid tag in the profile is skipped; the others still count
    const auto match = match_language(desired, supported, LanguageMatchOptions{}, ignored);
    if (match) matches.emplace_back(source, match->tag);
  }
  if (matches.empty()) {
    if (!supported.empty()) matches.emplace_back(LanguageSource::Default, supported.front());
    else return decision;
  }
  decision.tag = matches.front().second;
  decision.source = matches.front().first;
  for (const auto& [source, tag] : matches) {
    push_unique(decision.chain, tag);
    const auto fallbacks = config.fallbacks.find(tag);
    if (fallbacks != config.fallbacks.end()) {
      for (const std::string& next : fallbacks->second) push_unique(decision.chain, next);
    }
  }
  // The default closes the chain whatever the precedence says: it is what every item is written in.
  const std::string& fallback = config.default_language;
  if (!fallback.empty() && decision.chain.front() != fallback) {
    decision.chain.erase(std::remove(decision.chain.begin(), decision.chain.end(), fallback), decision.chain.end());
    decision.chain.push_back(fallback);
  }
  Error ignored;
  decision.direction = text_direction(decision.tag, ignored);
  return decision;
}

Json LanguageDecision::to_json() const {
  return {{"tag", tag.empty() ? Json(nullptr) : Json(tag)}, {"source", language_source_name(source)}, {"direction", direction}, {"chain", chain}};
}

}  // namespace nudgekit

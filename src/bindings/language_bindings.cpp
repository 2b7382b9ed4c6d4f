// Embind glue for the language functions (web/src/language.mts). Like bindings.cpp it translates and
// catches: no C++ exception crosses into JS.
//
// Wire contract: tag lists travel as one text joined by '\n' (the JS side refuses tags containing
// '\n'), written into the input buffer. _nk_language_set_supported(supportedLength, defaultLength)
// reads the supported tags followed by the default locale, and is called when either changes.
// _nk_language_match reads the desired tags and returns -1 (no match), -2 (the default locale) or
// (supportedIndex * 1024 + desiredIndex) * 128 + distance, plus 2^40 when languageLastError() has an
// error to read (so the hot path makes one call); languageTag returns the tag or "" and leaves the
// reason in languageLastError() (a JSON error object, "" when there was none).
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "nudgekit/json_input.h"
#include "nudgekit/language.h"
#include "input_buffer.h"

namespace {

using nudgekit::Error;

std::string last_error;

void remember(const Error& error) {
  if (error.code.empty()) {
    last_error.clear();
    return;
  }
  nudgekit::Json out{{"code", error.code}, {"pointer", error.pointer}, {"message", error.message}};
  // The message quotes the input, which may be cut mid-character or not be UTF-8 at all.
  last_error = out.dump(-1, ' ', false, nudgekit::Json::error_handler_t::replace);
}

void fail_internal(const char* what) { remember({"language.internal", "", what}); }

std::vector<std::string> split_lines(std::string_view joined) {
  std::vector<std::string> out;
  if (joined.empty()) return out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= joined.size(); ++i) {
    if (i == joined.size() || joined[i] == '\n') {
      out.emplace_back(joined.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

constexpr double kHasError = 1099511627776.0;  // 2^40

// Apps match against the same supported list and default every time: JS sends them only when they
// change (_nk_language_set_supported), so a match copies just the desired tags across.
std::vector<std::string> current_supported;
std::string current_default;

void language_set_supported(std::size_t supported_length, std::size_t default_length) {
  try {
    const std::string_view text = nudgekit::bindings::input_text(supported_length + default_length);
    current_supported = split_lines(text.substr(0, supported_length));
    current_default = std::string(text.substr(std::min(supported_length, text.size())));
  } catch (...) {
    current_supported.clear();
    current_default.clear();
  }
}

// The desired tags are in the input buffer (input_buffer.h): a match is called per request, and an
// Embind string argument cost it a malloc, a copy and a free.
double language_match(std::size_t desired_length, int threshold, int favor, int demotion) {
  try {
    nudgekit::LanguageMatchOptions options;
    options.threshold = threshold;
    options.favor = favor == 1 ? nudgekit::LanguageFavor::script : nudgekit::LanguageFavor::language;
    options.demotion = demotion == 1 ? nudgekit::LanguageDemotion::none : nudgekit::LanguageDemotion::region;
    options.default_locale = current_default;
    Error error;
    const auto match = nudgekit::match_language(split_lines(nudgekit::bindings::input_text(desired_length)), current_supported, options, error);
    remember(error);
    const double flag = error.code.empty() ? 0 : kHasError;
    if (!match) return -1 - flag;
    if (match->supported_index < 0) return -2 - flag;
    return (static_cast<double>(match->supported_index) * 1024 + match->desired_index) * 128 + match->distance + flag;
  } catch (...) {
    fail_internal("language matching failed (out of memory?)");
    return -1 - kHasError;
  }
}

// op: 0 canonicalize, 1 maximize, 2 minimize favoring the region, 3 minimize favoring the script,
// 4 text direction.
std::string language_tag(int op, const std::string& tag) {
  try {
    Error error;
    std::string out;
    bool ok = false;
    switch (op) {
      case 0: ok = nudgekit::canonicalize_language_tag(tag, out, error); break;
      case 1: ok = nudgekit::maximize_tag(tag, out, error); break;
      case 2: ok = nudgekit::minimize_tag(tag, out, error, nudgekit::LanguageFavor::language); break;
      case 3: ok = nudgekit::minimize_tag(tag, out, error, nudgekit::LanguageFavor::script); break;
      case 4: out = nudgekit::text_direction(tag, error); ok = error.code.empty(); break;
      default: error = {"language.internal", "", "unknown language operation"};
    }
    remember(error);
    return ok ? out : std::string();
  } catch (...) {
    fail_internal("language tag operation failed (out of memory?)");
    return std::string();
  }
}

int language_distance(const std::string& desired, const std::string& supported) {
  try {
    Error error;
    const int d = nudgekit::language_distance(desired, supported, error);
    remember(error);
    return d;
  } catch (...) {
    fail_internal("language distance failed (out of memory?)");
    return -1;
  }
}

std::string region_languages(const std::string& region) {
  try {
    nudgekit::Json out = nudgekit::Json::array();
    for (const auto& l : nudgekit::region_languages(region)) {
      out.push_back({{"language", l.language}, {"populationPercent", l.population_percent}, {"official", l.official}});
    }
    last_error.clear();
    return out.dump();
  } catch (...) {
    fail_internal("region languages failed (out of memory?)");
    return "[]";
  }
}

std::string language_last_error() { return last_error; }
std::string language_data_version() { return nudgekit::language_data_version(); }

}  // namespace

// A match is called per request: plain wasm exports, without Embind's per-call argument copying.
extern "C" {
EMSCRIPTEN_KEEPALIVE void nk_language_set_supported(std::size_t supported_length, std::size_t default_length) {
  language_set_supported(supported_length, default_length);
}
EMSCRIPTEN_KEEPALIVE double nk_language_match(std::size_t desired_length, int threshold, int favor, int demotion) {
  return language_match(desired_length, threshold, favor, demotion);
}
}

EMSCRIPTEN_BINDINGS(nudgekit_language) {
  emscripten::function("languageTag", &language_tag);
  emscripten::function("languageDistance", &language_distance);
  emscripten::function("regionLanguages", &region_languages);
  emscripten::function("languageLastError", &language_last_error);
  emscripten::function("languageDataVersion", &language_data_version);
}

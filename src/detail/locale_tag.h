// The BCP 47 language tags content variants are keyed by: language[-Script][-REGION][-variant]…,
// written in canonical case. The full tag machinery (aliases, likely subtags, matching) belongs to the
// language module; content only needs to read its keys strictly and compare them.
#pragma once

#include <string>
#include <string_view>

namespace nudgekit::detail {

// Writes `tag` in canonical case ("EN-in" → "en-IN", "zh-hant-tw" → "zh-Hant-TW") into `out` and
// returns true when it is a well-formed tag of these subtags: a 2–3 letter language, an optional
// 4-letter script, an optional 2-letter or 3-digit region, and variants (5–8 alphanumerics, or 4
// starting with a digit). Extensions and private use (-u-…, -x-…) and '_' separators are refused.
bool canonical_language_tag(std::string_view tag, std::string& out);

// The tag without its last subtag, as far as the script: "hi-IN" → "hi", "zh-Hant-TW" → "zh-Hant",
// but "hi-Latn" → "" (a script is a different writing system: Latin-script Hindi readers do not read
// Devanagari). "" when there is nothing left to drop.
std::string_view drop_last_subtag(std::string_view canonical_tag);

}  // namespace nudgekit::detail

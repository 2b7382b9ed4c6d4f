// The language module's shared steps on parsed tags, so that matching does not re-parse strings.
#pragma once

#include <string_view>

#include "nudgekit/language.h"

namespace nudgekit::detail {

// UTS #35 Annex C alias replacement on an already parsed tag (case is already canonical).
void canonicalize(LanguageTag& tag);

// Add Likely Subtags on a canonical tag. false when CLDR knows nothing to add from (the tag is left
// as it was): UTS #35 calls that a failure, callers decide whether it matters.
bool add_likely_subtags(LanguageTag& tag);

// Case-insensitive ASCII equality (the language tables are ASCII).
bool ascii_iequals(std::string_view a, std::string_view b);

}  // namespace nudgekit::detail

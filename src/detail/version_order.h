// Version strings compared GrowthBook's way: strip a leading "v" and any "+build", split on "." and "-",
// append "~" to plain x.y.z so that releases sort after their pre-releases, left-pad numeric parts to
// width 5 with spaces, join with "-", then compare the results as strings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nudgekit::detail {

// Writes the padded form of `version` into out (capacity cap); returns its length, or cap + 1 when it
// does not fit. An empty input pads as "0", like GrowthBook's.
std::size_t pad_version(std::string_view version, char* out, std::size_t cap);

std::string pad_version(std::string_view version);

}  // namespace nudgekit::detail

// "Did you mean …?" for misspelt keys and names in configs and templates.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace nudgekit::detail {

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The candidate closest to `name` within two edits, or "" when none is that close (more than two
// edits away is a different word, not a typo). Only the first 32 bytes of `name` are compared.
template <typename Names>
std::string_view closest_name(std::string_view name, const Names& candidates) {
  std::string_view best;
  std::size_t best_distance = 3;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(name.substr(0, 32), candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace nudgekit::detail

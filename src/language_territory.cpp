// Languages of a country by population share, from CLDR territoryInfo.
#include <cstring>
#include <string>

#include "detail/language_data.h"
#include "nudgekit/language.h"

namespace nudgekit {

std::vector<RegionLanguage> territory_languages(std::string_view territory) {
  std::string code(territory);
  for (char& c : code) if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  std::vector<RegionLanguage> out;
  // Rows are grouped by territory: binary-search the first row, then read the group.
  std::size_t lo = 0, hi = detail::kTerritoryLanguagesCount;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (std::strcmp(detail::kTerritoryLanguages[mid].territory, code.c_str()) < 0) lo = mid + 1; else hi = mid;
  }
  for (std::size_t i = lo; i < detail::kTerritoryLanguagesCount && code == detail::kTerritoryLanguages[i].territory; ++i) {
    const detail::TerritoryLanguage& row = detail::kTerritoryLanguages[i];
    out.push_back({row.language, row.population_percent, row.official});
  }
  return out;
}

}  // namespace nudgekit

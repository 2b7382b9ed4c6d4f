// Which variant speaks the user's language, and which item to show next (see nudgekit/content.h).
#include <algorithm>

#include "detail/locale_tag.h"
#include "nudgekit/content.h"

namespace nudgekit {

const ContentVariant* ContentItem::variant(std::string_view language) const {
  const auto found = std::lower_bound(variants.begin(), variants.end(), language,
                                      [](const ContentVariant& v, std::string_view key) { return v.language < key; });
  return found != variants.end() && found->language == language ? &*found : nullptr;
}

const std::vector<std::uint32_t>& ContentCatalog::items_for_category(std::string_view category) const {
  static const std::vector<std::uint32_t> kNone;
  const auto found = std::lower_bound(by_category_.begin(), by_category_.end(), category,
                                      [](const auto& entry, std::string_view key) { return entry.first < key; });
  return found != by_category_.end() && found->first == category ? found->second : kNone;
}

const ContentItem* ContentCatalog::find(std::string_view id) const {
  const auto found = std::lower_bound(items_.begin(), items_.end(), id, [](const ContentItem& item, std::string_view key) { return item.id < key; });
  return found != items_.end() && found->id == id ? &*found : nullptr;
}

std::optional<VariantChoice> select_variant(const ContentItem& item, const std::vector<std::string>& chain) {
  for (const std::string& entry : chain) {
    for (std::string_view tag = entry; !tag.empty(); tag = detail::drop_last_subtag(tag)) {
      if (const ContentVariant* v = item.variant(tag)) return VariantChoice{v, v->language, entry, false};
    }
  }
  if (item.default_variant < 0) return std::nullopt;
  const ContentVariant& v = item.variants[static_cast<std::size_t>(item.default_variant)];
  return VariantChoice{&v, v.language, v.language, true};
}

namespace {

// How well an eligible item fits, compared field by field; a larger rank wins.
struct Rank {
  int specificity = 0;    // 2: names the category, plus 1: names the stage
  bool never_shown = false;
  std::int64_t last_shown = 0;  // only compared among shown items: older wins
  std::size_t position = 0;     // candidates' order: earlier wins

  bool better_than(const Rank& o) const {
    if (specificity != o.specificity) return specificity > o.specificity;
    if (never_shown != o.never_shown) return never_shown;
    if (!never_shown && last_shown != o.last_shown) return last_shown < o.last_shown;
    return position < o.position;
  }
};

// 2 when `labels` names `value`, 1 when it names nothing (fits all), 0 when it does not fit. An
// unknown value ("") fits only items that name nothing.
int fit(const std::vector<std::string>& labels, std::string_view value) {
  if (labels.empty()) return 1;
  if (value.empty()) return 0;
  const auto found = std::lower_bound(labels.begin(), labels.end(), value, [](const std::string& a, std::string_view b) { return a < b; });
  return found != labels.end() && *found == value ? 2 : 0;
}

// Ranks one candidate at `position` and keeps it in `best` when it beats what is there.
struct Chooser {
  const ContentQuery& query;
  const SeenTimes& seen;
  std::int64_t now_ms;
  std::optional<ContentChoice> best;
  Rank best_rank;

  void consider(const ContentItem* item, std::size_t position);
  // Candidates come in position order, so once the best names both the category and the stage and
  // was never shown, no later one can beat it: a catalog of hundreds stops at its first perfect fit.
  bool settled() const { return best && best_rank.specificity == 3 && best_rank.never_shown; }
};

void Chooser::consider(const ContentItem* item, std::size_t position) {
  if (item == nullptr) return;
  if (query.kinds != 0 && (query.kinds & (1u << static_cast<unsigned>(item->kind))) == 0) return;
  const int category = fit(item->categories, query.category);
  const int stage = fit(item->stages, query.stage);
  if (category == 0 || stage == 0) return;
  Rank rank;
  rank.specificity = (category == 2 ? 2 : 0) + (stage == 2 ? 1 : 0);
  rank.position = position;
  const auto shown = seen.find(item->id);
  rank.never_shown = shown == seen.end();
  if (!rank.never_shown) {
    rank.last_shown = std::min(shown->second, now_ms);  // a time after now (clock skew) is "just now"
    // last_shown ≤ now_ms, so the unsigned difference is exact for any pair of times (no overflow).
    const std::uint64_t ago = static_cast<std::uint64_t>(now_ms) - static_cast<std::uint64_t>(rank.last_shown);
    const bool recent = query.not_seen_within_ms > 0 && ago < static_cast<std::uint64_t>(query.not_seen_within_ms);
    if (recent) return;
  }
  if (best && !rank.better_than(best_rank)) return;
  std::optional<VariantChoice> variant;
  if (query.language_chain != nullptr) {
    variant = select_variant(*item, *query.language_chain);
    if (!variant) return;
  }
  best = ContentChoice{item, variant};
  best_rank = rank;
}

}  // namespace

std::optional<ContentChoice> choose_item(const ContentCatalog& catalog, const ContentQuery& query, const SeenTimes& seen,
                                         std::int64_t now_ms) {
  Chooser chooser{query, seen, now_ms, std::nullopt, Rank{}};
  if (query.candidates != nullptr) {
    for (std::size_t i = 0; i < query.candidates->size() && !chooser.settled(); ++i) {
      chooser.consider(catalog.find((*query.candidates)[i]), i);
    }
    return chooser.best;
  }
  // Over the whole catalog only the items naming the user's category and the generic ones can fit;
  // the position is the item's index, so id order breaks ties whichever list an item came from.
  // A generic item ranks below any that names the category, so a settled choice skips them all.
  if (!query.category.empty()) {
    for (const std::uint32_t i : catalog.items_for_category(query.category)) {
      if (chooser.settled()) break;
      chooser.consider(&catalog.items()[i], i);
    }
  }
  for (const std::uint32_t i : catalog.generic_items()) {
    if (chooser.settled()) break;
    chooser.consider(&catalog.items()[i], i);
  }
  return chooser.best;
}

}  // namespace nudgekit

// Which content item a decided nudge carries.
#include "nudgekit/engine.h"

namespace nudgekit {

std::optional<Engine::ContentChoice> Engine::choose_content(const CampaignConfig& campaign,
                                                            const VariantConfig* variant) const {
  const std::vector<std::string>& items =
      variant != nullptr && !variant->content.empty() ? variant->content : campaign.content.items;
  if (items.empty()) return std::nullopt;
  const std::int64_t now = clock_.now_ms;
  const auto seen_at = [&](const std::string& item) -> std::optional<std::int64_t> {
    const auto found = nudge_state_.content_seen.find(item);
    if (found == nudge_state_.content_seen.end()) return std::nullopt;
    return found->second;
  };
  if (!campaign.content.best) return ContentChoice{items.front(), "", 0};
  // "best": never seen first, then least recently seen; nothing seen within the window.
  const std::string* best = nullptr;
  std::optional<std::int64_t> best_seen;
  for (const std::string& item : items) {
    const auto seen = seen_at(item);
    if (seen && campaign.content.not_seen_within_ms > 0 && now - *seen < campaign.content.not_seen_within_ms) continue;
    if (best == nullptr || (best_seen && (!seen || *seen < *best_seen))) {
      best = &item;
      best_seen = seen;
    }
  }
  if (best == nullptr) return std::nullopt;
  return ContentChoice{*best, "", best_seen ? 0.0 : 1.0};
}

Json Engine::nudge_document(const Nudge& nudge) const {
  Json out = {{"id", nudge.id},
              {"campaign", nudge.campaign},
              {"variant", nudge.variant.empty() ? Json(nullptr) : Json(nudge.variant)},
              {"priority", nudge.priority},
              {"content", {{"item", nudge.item}, {"language", nudge.language}}},
              {"reason", nudge.reason},
              {"time", nudge.decided_ms},
              {"expiresAt", nudge.expires_ms}};
  if (nudge.channel == Channel::InApp) {
    out["placement"] = placement_name(nudge.placement);
  } else {
    out["channel"] = channel_name(nudge.channel);
  }
  return out;
}

}  // namespace nudgekit

// explain() and stats(): the nudge engine's decisions and results, for the marketer.
#include <cstdio>

#include "detail/cold.h"
#include "nudgekit/duration.h"
#include "nudgekit/engine.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

std::string clock_text(int minute) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute / 60 % 24, minute % 60);
  return buffer;
}

Json limit(std::int64_t used, std::int64_t cap) {
  return Json{{"used", used}, {"limit", cap < 0 ? Json(nullptr) : Json(cap)}, {"ok", cap < 0 || used < cap}};
}

Json rate(std::int64_t converted, std::int64_t base) {
  return base == 0 ? Json(nullptr) : Json(static_cast<double>(converted) * 100.0 / static_cast<double>(base));
}

}  // namespace

bool Engine::explain(const std::string& campaign_id, Json& out, Error& error) {
  const CampaignsConfig& config = config_->campaigns;
  const int index = config.find(campaign_id);
  if (index < 0) {
    error = {"explain.unknown_campaign", "", "the config has no campaign \"" + campaign_id.substr(0, 80) + "\""};
    return false;
  }
  const CampaignConfig& c = config.campaigns[static_cast<std::size_t>(index)];
  const std::int64_t now = clock_.now_ms;
  const std::int32_t offset = clock_.utc_offset_minutes;
  Json clauses = Json::array();
  std::string blocked;
  const auto clause = [&](const char* name, bool ok, Json detail) {
    detail["clause"] = name;
    detail["ok"] = ok;
    if (!ok && blocked.empty()) blocked = name;
    clauses.push_back(std::move(detail));
  };

  Json schedule = Json::object();
  if (c.start_ms != std::numeric_limits<std::int64_t>::min()) schedule["start"] = c.start_ms;
  if (c.end_ms != std::numeric_limits<std::int64_t>::max()) schedule["end"] = c.end_ms;
  if (c.start_day != std::numeric_limits<std::int32_t>::min()) schedule["startDay"] = c.start_day;
  if (c.end_day != std::numeric_limits<std::int32_t>::max()) schedule["endDay"] = c.end_day;
  clause("schedule", in_schedule(c), std::move(schedule));

  Json audience = {{"segments", Json::array()}, {"exclude", Json::array()}};
  bool audience_ok = true;
  for (const std::uint32_t s : c.audience_segments) {
    audience["segments"].push_back({{"segment", config_->segment_names[s]}, {"in", membership_[s] != 0}});
    audience_ok = audience_ok && membership_[s];
  }
  for (const std::uint32_t s : c.exclude_segments) {
    audience["exclude"].push_back({{"segment", config_->segment_names[s]}, {"in", membership_[s] != 0}});
    audience_ok = audience_ok && !membership_[s];
  }
  if (c.has_condition) {
    std::vector<std::uint32_t> funnel_steps;
    funnel_steps.reserve(16);
    BehaviourContext context{events_.get(), &event_ids_, now, offset, &membership_, &scores_.document(), &funnel_steps};
    audience["condition"] = c.condition.explain(slots_, config_->attributes, &context);
    audience_ok = audience_ok && audience["condition"]["ok"].get<bool>();
  }
  clause("audience", audience_ok, std::move(audience));

  const VariantConfig* variant = variant_of(c, false);
  Json variant_detail = Json::object();
  if (variant != nullptr) {
    variant_detail = {{"variant", variant->name}, {"control", variant->control},
                      {"sticky", nudge_state_.assignments.count(c.id) > 0}};
  }
  clause("variant", true, std::move(variant_detail));

  Json caps = {{"perDay", limit(nudge_state_.delivered_today(c.id, now, offset), c.caps.per_day)},
               {"perWeek", limit(nudge_state_.delivered_this_week(c.id, now, offset), c.caps.per_week)},
               {"total", limit(nudge_state_.delivered_total(c.id), c.caps.total)}};
  if (const auto last = nudge_state_.last_delivery(c.id); last && c.caps.cooldown_ms > 0 && now - *last < c.caps.cooldown_ms) {
    caps["cooldownUntil"] = *last + c.caps.cooldown_ms;
  }
  if (const auto d = nudge_state_.last_dismissed.find(c.id);
      d != nudge_state_.last_dismissed.end() && c.caps.dismiss_cooldown_ms > 0 && now - d->second < c.caps.dismiss_cooldown_ms) {
    caps["dismissCooldownUntil"] = d->second + c.caps.dismiss_cooldown_ms;
  }
  const char* cap = capped(c);
  if (cap != nullptr) caps["blockedBy"] = cap;
  clause("caps", cap == nullptr, std::move(caps));

  const FatigueConfig& f = config.fatigue;
  Json fatigue = {{"perDay", limit(nudge_state_.delivered_today("", now, offset), f.per_day)},
                  {"perWeek", limit(nudge_state_.delivered_this_week("", now, offset), f.per_week)}};
  if (const auto last = nudge_state_.last_delivery(""); last && f.min_gap_ms > 0 && now - *last < f.min_gap_ms) {
    fatigue["minGapUntil"] = *last + f.min_gap_ms;
  }
  const char* tired = fatigued();
  if (tired != nullptr) fatigue["blockedBy"] = tired;
  clause("fatigue", tired == nullptr, std::move(fatigue));

  const QuietHours& quiet = quiet_hours_of(c);
  Json quiet_detail = Json::object();
  if (quiet.enabled) quiet_detail["window"] = {{"from", clock_text(quiet.from_minute)}, {"to", clock_text(quiet.to_minute)}};
  const std::int64_t until = quiet_until(c);
  if (until != 0) quiet_detail["heldUntil"] = until;
  clause("quietHours", until == 0, std::move(quiet_detail));

  const auto content = choose_content(c, variant);
  Json content_detail = Json::object();
  if (content) content_detail = {{"item", content->item}, {"language", content->language}};
  clause("content", content.has_value(), std::move(content_detail));

  const ChannelChoice channel = choose_channel(c.plan[0], true);
  clause("channel", channel.ok, {{"reason", channel.reason}, {"considered", channel.considered}});

  out = {{"campaign", c.id}, {"now", now}, {"trigger", c.trigger.description},
         {"verdict", blocked.empty() ? (variant != nullptr && variant->control ? "control" : "would_deliver")
                                     : blocked == "quietHours" ? "held" : "blocked"},
         {"blockedBy", blocked.empty() ? Json(nullptr) : Json(blocked)}, {"clauses", std::move(clauses)}};
  out["plan"] = channel_explanation(c);
  if (const auto last = nudge_state_.last_decision.find(c.id); last != nudge_state_.last_decision.end()) {
    out["lastDecision"] = {{"time", last->second.time_ms}, {"outcome", last->second.outcome}, {"reason", last->second.reason}};
  } else {
    out["lastDecision"] = nullptr;
  }
  return true;
}

Json Engine::stats() const {
  Json out = Json::object();
  for (const CampaignConfig& c : config_->campaigns.campaigns) {
    Json variants = Json::object();
    Json control = nullptr;
    const auto found = nudge_state_.stats.find(c.id);
    const auto counters = [&](const std::string& name) {
      if (found == nudge_state_.stats.end()) return VariantStats{};
      const auto it = found->second.find(name);
      return it == found->second.end() ? VariantStats{} : it->second;
    };
    const auto treatment = [&](const std::string& name) {
      const VariantStats s = counters(name);
      return Json{{"eligible", s.eligible}, {"delivered", s.delivered}, {"shown", s.shown}, {"clicked", s.clicked},
                  {"dismissed", s.dismissed}, {"converted", s.converted}, {"conversionRate", rate(s.converted, s.shown)}};
    };
    if (c.variants.empty()) variants["default"] = treatment("");
    for (const VariantConfig& v : c.variants) {
      if (!v.control) {
        variants[v.name] = treatment(v.name);
        continue;
      }
      const VariantStats s = counters(v.name);
      control = {{"eligible", s.eligible}, {"wouldHaveSeen", s.delivered}, {"converted", s.converted},
                 {"conversionRate", rate(s.converted, s.delivered)}};
    }
    out[c.id] = {{"variants", std::move(variants)}, {"control", std::move(control)}};
  }
  return out;
}

NK_COLD_CODE_END
}  // namespace nudgekit

// The engine's nudge half: noticing which campaigns fire, deciding each one clause by clause
// (schedule, audience, variant, caps, fatigue, quiet hours, content, arbitration), and keeping the
// outcomes the app reports. docs/campaigns.md describes the rules this file implements.
#include <algorithm>
#include <cmath>

#include "nudgekit/engine.h"
#include "nudgekit/hash.h"

namespace nudgekit {
namespace {

constexpr std::int64_t kMsPerMinute = 60'000;

std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return ((a % b) + b) % b; }

int local_minute(std::int64_t now_ms, std::int32_t offset_minutes) {
  return static_cast<int>(floor_mod(now_ms + std::int64_t{offset_minutes} * kMsPerMinute, EventStore::kMsPerDay) / kMsPerMinute);
}

// 0 = Monday; 1970-01-01 was a Thursday.
int weekday(std::int32_t local_day) { return static_cast<int>(floor_mod(std::int64_t{local_day} + 3, 7)); }

// Interruptive placements show one nudge at a time; cards and the inbox list every one that is due.
bool exclusive(Placement placement) { return placement != Placement::Card && placement != Placement::Inbox; }

bool event_props_hold(const TriggerConfig& trigger, const Json* props) {
  if (!trigger.has_where) return true;
  static const Json kEmpty = Json::object();
  SlotTable slots;
  slots.resolve(trigger.where_attributes, props != nullptr && props->is_object() ? *props : kEmpty);
  return trigger.where.evaluate(slots);
}

}  // namespace

const QuietHours& Engine::quiet_hours_of(const CampaignConfig& campaign) const {
  return campaign.own_quiet_hours ? campaign.quiet_hours : config_->campaigns.fatigue.quiet_hours;
}

void Engine::run_campaigns(const std::uint32_t* event, const Json* props) {
  decided_.clear();
  earned_.clear();
  const CampaignsConfig& config = config_->campaigns;
  if (config.campaigns.empty() || replica_) return;
  const std::int64_t now = clock_.now_ms;
  fired_.clear();
  const auto fire = [&](std::uint32_t campaign) { fired_.push_back({campaign, false, {}}); };
  if (event != nullptr) apply_reaction(*event, props);
  if (event != nullptr && *event < config.by_event.size()) {
    attribute_goals(*event);
    for (const std::uint32_t i : config.by_event[*event]) {
      if (event_props_hold(config.campaigns[i].trigger, props)) fire(i);
    }
  }
  for (const SegmentChange& change : changes_) {
    const auto& triggered = change.entered ? config.entered_segment : config.left_segment;
    if (change.segment < triggered.size()) {
      for (const std::uint32_t i : triggered[change.segment]) fire(i);
    }
  }
  if (!config.condition_triggers.empty()) {
    const BehaviourContext context = behaviour_context(membership_);
    for (const std::uint32_t i : config.condition_triggers) {
      const CampaignConfig& campaign = config.campaigns[i];
      const bool holds = campaign.trigger.when.evaluate(slots_, nullptr, &context);
      bool& held_before = nudge_state_.condition_was_true[campaign.id];
      if (holds && !held_before) fire(i);
      held_before = holds;
    }
  }
  const std::int32_t today = EventStore::local_day(now, clock_.utc_offset_minutes);
  for (const std::uint32_t i : config.schedule_triggers) {
    const CampaignConfig& campaign = config.campaigns[i];
    if (!(campaign.trigger.days & (1u << weekday(today)))) continue;
    if (local_minute(now, clock_.utc_offset_minutes) < campaign.trigger.at_minute) continue;
    const auto last = nudge_state_.schedule_fired.find(campaign.id);
    if (last != nudge_state_.schedule_fired.end() && last->second >= today) continue;
    nudge_state_.schedule_fired[campaign.id] = today;
    fire(i);
  }
  // Held nudges whose quiet hours are over are decided again, as of now.
  auto& held = nudge_state_.held;
  for (auto it = held.begin(); it != held.end();) {
    const int campaign = it->due_ms <= now ? config.find(it->campaign) : -2;
    if (campaign == -2) {
      ++it;
      continue;
    }
    if (campaign >= 0) fired_.push_back({static_cast<std::uint32_t>(campaign), true, it->reason + " (held for quiet hours)"});
    it = held.erase(it);
  }
  if (!nudge_state_.pending_steps.empty()) advance_plans();
  // In priority order (campaign indices ascend by priority), each campaign once.
  std::stable_sort(fired_.begin(), fired_.end(), [](const Fired& a, const Fired& b) { return a.campaign < b.campaign; });
  fired_.erase(std::unique(fired_.begin(), fired_.end(), [](const Fired& a, const Fired& b) { return a.campaign == b.campaign; }),
               fired_.end());
  taken_placements_ = 0;
  for (const Fired& fired : fired_) {
    const CampaignConfig& campaign = config.campaigns[fired.campaign];
    decide(campaign, fired.released ? fired.held_reason : campaign.trigger.description, fired.released);
  }
}

bool Engine::in_schedule(const CampaignConfig& campaign) const {
  const std::int64_t now = clock_.now_ms;
  const std::int32_t today = EventStore::local_day(now, clock_.utc_offset_minutes);
  return now >= campaign.start_ms && now <= campaign.end_ms && today >= campaign.start_day && today <= campaign.end_day;
}

bool Engine::in_audience(const CampaignConfig& campaign) const {
  for (const std::uint32_t segment : campaign.audience_segments) {
    if (!membership_[segment]) return false;
  }
  for (const std::uint32_t segment : campaign.exclude_segments) {
    if (membership_[segment]) return false;
  }
  if (!campaign.has_condition) return true;
  std::vector<std::uint32_t> funnel_steps;
  funnel_steps.reserve(16);
  BehaviourContext context{events_.get(), &event_ids_, clock_.now_ms, clock_.utc_offset_minutes, &membership_,
                           &scores_.document(), &funnel_steps};
  return campaign.condition.evaluate(slots_, nullptr, &context);
}

const VariantConfig* Engine::variant_of(const CampaignConfig& campaign, bool assign) {
  if (campaign.variants.empty()) return nullptr;
  const auto sticky = nudge_state_.assignments.find(campaign.id);
  if (sticky != nudge_state_.assignments.end()) {
    for (const VariantConfig& variant : campaign.variants) {
      if (variant.name == sticky->second) return &variant;
    }
  }
  // GrowthBook's bucketing of (salt, user id), so a campaign moved from GrowthBook keeps its users.
  std::vector<double> weights;
  for (const VariantConfig& variant : campaign.variants) weights.push_back(variant.weight);
  const double bucket = growthbook_hash(campaign.salt, nudge_state_.user_id, 2);
  int index = choose_variation(bucket, bucket_ranges(weights.size(), 1, weights));
  if (index < 0) index = static_cast<int>(campaign.variants.size()) - 1;  // rounding at the very top
  if (assign) nudge_state_.assignments[campaign.id] = campaign.variants[static_cast<std::size_t>(index)].name;
  return &campaign.variants[static_cast<std::size_t>(index)];
}

const char* Engine::capped(const CampaignConfig& campaign) const {
  const CapsConfig& caps = campaign.caps;
  const std::int64_t now = clock_.now_ms;
  const std::int32_t offset = clock_.utc_offset_minutes;
  if (caps.per_day >= 0 && nudge_state_.delivered_today(campaign.id, now, offset) >= caps.per_day) return "caps.perDay";
  if (caps.per_week >= 0 && nudge_state_.delivered_this_week(campaign.id, now, offset) >= caps.per_week) return "caps.perWeek";
  if (caps.total >= 0 && nudge_state_.delivered_total(campaign.id) >= caps.total) return "caps.total";
  if (caps.cooldown_ms > 0) {
    const auto last = nudge_state_.last_delivery(campaign.id);
    if (last && now - *last < caps.cooldown_ms) return "caps.cooldown";
  }
  if (caps.dismiss_cooldown_ms > 0) {
    const auto dismissed = nudge_state_.last_dismissed.find(campaign.id);
    if (dismissed != nudge_state_.last_dismissed.end() && now - dismissed->second < caps.dismiss_cooldown_ms) {
      return "caps.dismissCooldown";
    }
  }
  return nullptr;
}

const char* Engine::fatigued() const {
  const FatigueConfig& fatigue = config_->campaigns.fatigue;
  const std::int64_t now = clock_.now_ms;
  const std::int32_t offset = clock_.utc_offset_minutes;
  if (fatigue.per_day >= 0 && nudge_state_.delivered_today("", now, offset) >= fatigue.per_day) return "fatigue.perDay";
  if (fatigue.per_week >= 0 && nudge_state_.delivered_this_week("", now, offset) >= fatigue.per_week) return "fatigue.perWeek";
  if (fatigue.min_gap_ms > 0) {
    const auto last = nudge_state_.last_delivery("");
    if (last && now - *last < fatigue.min_gap_ms) return "fatigue.minGap";
  }
  return nullptr;
}

std::int64_t Engine::quiet_until(const CampaignConfig& campaign) const {
  const int minute = local_minute(clock_.now_ms, clock_.utc_offset_minutes);
  const int left = quiet_hours_of(campaign).minutes_left(minute);
  if (left == 0) return 0;
  const std::int64_t minute_start = clock_.now_ms - floor_mod(clock_.now_ms, kMsPerMinute);
  return minute_start + left * kMsPerMinute;
}

void Engine::decide(const CampaignConfig& campaign, const std::string& reason, bool released) {
  const std::int64_t now = clock_.now_ms;
  LastDecision& last = nudge_state_.last_decision[campaign.id];
  last = LastDecision{now, "", reason};
  if (!in_schedule(campaign)) {
    last.outcome = "schedule";
    return;
  }
  if (!in_audience(campaign)) {
    last.outcome = "audience";
    return;
  }
  const VariantConfig* variant = variant_of(campaign, true);
  VariantStats& stats = nudge_state_.stats[campaign.id][variant != nullptr ? variant->name : ""];
  if (!released) ++stats.eligible;
  const char* blocked = capped(campaign);
  if (blocked == nullptr) blocked = fatigued();
  if (blocked != nullptr) {
    last.outcome = blocked;
    return;
  }
  if (const std::int64_t until = quiet_until(campaign)) {
    nudge_state_.held.push_back(HeldNudge{campaign.id, reason, now, until});
    last.outcome = "held";
    return;
  }
  const std::optional<PickedContent> content = choose_content(campaign, variant);
  if (!content) {
    last.outcome = "content";
    return;
  }
  const bool control = variant != nullptr && variant->control;
  const PlanStep& first = campaign.plan[0];
  ChannelChoice choice;
  choice.ok = true;
  choice.channel = first.channel;
  if (first.automatic || first.channel != Channel::InApp) choice = choose_channel(first);
  const std::string plan_id = nudge_state_.next_id(campaign.id);
  if (!choice.ok) {
    last.outcome = "channel";
    last.reason = reason + "; " + choice.reason;
    // The plan goes on without this step: a user who cannot get the push may still get the SMS.
    if (!control) {
      schedule_next_step(campaign, PendingStep{campaign.id, plan_id, variant != nullptr ? variant->name : "", content->item,
                                               content->language, reason, 0, now},
                         now);
    }
    return;
  }
  const unsigned placement_bit = 1u << static_cast<unsigned>(campaign.placement);
  if (!control && choice.channel == Channel::InApp && exclusive(campaign.placement)) {
    if (taken_placements_ & placement_bit) {
      last.outcome = "arbitration";
      return;
    }
    taken_placements_ |= placement_bit;
  }
  Nudge nudge;
  nudge.id = plan_id;
  nudge.campaign = campaign.id;
  nudge.variant = variant != nullptr ? variant->name : "";
  nudge.control = control;
  nudge.channel = choice.channel;
  nudge.placement = campaign.placement;
  nudge.priority = campaign.priority;
  nudge.score = content->score;
  nudge.item = content->item;
  nudge.language = content->language;
  nudge.reason = reason;
  if (first.automatic) nudge.channel_reason = choice.reason;
  nudge.decided_ms = now;
  nudge.expires_ms = now + campaign.expires_after_ms;
  last.outcome = control ? "control" : "delivered";
  deliver(std::move(nudge), stats);
  if (!control) {
    schedule_next_step(campaign, PendingStep{campaign.id, plan_id, variant != nullptr ? variant->name : "", content->item,
                                             content->language, reason, 0, now},
                       now);
  }
}

void Engine::deliver(Nudge nudge, VariantStats& stats) {
  nudge_state_.record_delivery(nudge.campaign, nudge.decided_ms, !nudge.control);
  ++stats.delivered;
  if (!nudge.control) nudge_state_.channel_history.delivered(nudge.channel, nudge.id, nudge.decided_ms);
  const Nudge& kept = nudge_state_.remember(std::move(nudge));
  if (!kept.control) decided_.push_back(kept);
}

void Engine::attribute_goals(std::uint32_t event) {
  const CampaignsConfig& config = config_->campaigns;
  if (event >= config.by_goal_event.size()) return;
  const std::int64_t now = clock_.now_ms;
  for (const std::uint32_t i : config.by_goal_event[event]) {
    const CampaignConfig& campaign = config.campaigns[i];
    // Last touch: the most recent exposure within the window gets the conversion, once.
    auto& nudges = nudge_state_.nudges();
    for (auto it = nudges.rbegin(); it != nudges.rend(); ++it) {
      if (it->campaign != campaign.id) continue;
      const auto since = it->exposed_since();
      if (!since || *since > now || now - *since > campaign.goal.within_ms) continue;
      if (it->converted) break;
      it->converted = true;
      ++nudge_state_.stats[campaign.id][it->variant].converted;
      if (!it->control) nudge_state_.channel_history.reacted(it->channel, it->id, now);
      break;
    }
  }
}

std::vector<const Nudge*> Engine::next_nudges(Placement placement) const {
  std::vector<const Nudge*> due;
  const std::int64_t now = clock_.now_ms;
  for (const Nudge& nudge : nudge_state_.nudges()) {
    if (nudge.control || nudge.channel != Channel::InApp || nudge.placement != placement || nudge.dismissed) continue;
    if (nudge.expires_ms <= now || nudge.decided_ms > now) continue;
    if (placement != Placement::Inbox && nudge.shown_ms != 0) continue;  // the inbox keeps what was read
    due.push_back(&nudge);
  }
  std::stable_sort(due.begin(), due.end(), [](const Nudge* a, const Nudge* b) {
    if (a->priority != b->priority) return a->priority > b->priority;
    if (a->score != b->score) return a->score > b->score;
    return a->decided_ms < b->decided_ms;
  });
  if (exclusive(placement) && due.size() > 1) due.resize(1);
  return due;
}

bool Engine::report(const std::string& nudge_id, std::string_view outcome, std::int64_t time_ms, Error& error) {
  Nudge* nudge = nudge_state_.find(nudge_id);
  if (nudge == nullptr || nudge->control) {
    error = {"report.unknown_nudge", "/nudgeId", "no nudge \"" + nudge_id.substr(0, 80) + "\" was delivered to this user"};
    return false;
  }
  const bool shown = outcome == "shown" || outcome == "opened", clicked = outcome == "clicked";
  const bool dismissed = outcome == "dismissed", converted = outcome == "converted", delivered = outcome == "delivered";
  if (!shown && !clicked && !dismissed && !converted && !delivered) {
    error = {"report.invalid_outcome", "/outcome",
             "outcome is \"shown\", \"opened\", \"clicked\", \"dismissed\", \"converted\" or \"delivered\""};
    return false;
  }
  if (time_ms < -EventStore::kMaxTimeMs || time_ms > EventStore::kMaxTimeMs) {
    error = {"report.invalid_time", "/time", "time is epoch milliseconds within the range of JavaScript dates"};
    return false;
  }
  if (delivered) return true;  // decided as delivered already; the report only confirms it
  VariantStats& stats = nudge_state_.stats[nudge->campaign][nudge->variant];
  // The channel's reaction rate counts what says the user read it: an opened send, a click, a goal.
  const bool read = clicked || converted || (shown && nudge->channel != Channel::InApp);
  if (read) nudge_state_.channel_history.reacted(nudge->channel, nudge->id, time_ms);
  // A click or a dismissal means it was on screen, whether or not "shown" was reported first.
  if (nudge->shown_ms == 0 && !converted) {
    nudge->shown_ms = time_ms;
    ++stats.shown;
    std::int64_t& seen = nudge_state_.content_seen[nudge->item];
    seen = std::max(seen, time_ms);
  }
  if (clicked && !nudge->clicked) {
    nudge->clicked = true;
    ++stats.clicked;
  }
  if (dismissed && !nudge->dismissed) {
    nudge->dismissed = true;
    ++stats.dismissed;
    std::int64_t& last = nudge_state_.last_dismissed[nudge->campaign];
    last = std::max(last, time_ms);
  }
  if (converted && !nudge->converted) {
    nudge->converted = true;
    ++stats.converted;
  }
  return true;
}

}  // namespace nudgekit

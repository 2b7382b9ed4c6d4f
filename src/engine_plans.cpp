// Plans across channels (docs/channels.md): which channel a step goes through, the later steps that
// fall due, and the reactions that stop them. Every step passes the same caps, fatigue budget and
// quiet hours as the first; a step they block is delayed until the blocker lifts, not dropped.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "nudgekit/engine.h"

namespace nudgekit {
namespace {

constexpr std::size_t kMaxPendingSteps = 2000;
constexpr std::size_t kMaxReasonBytes = 400;

std::string rate_text(double rate) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", rate);
  return buffer;
}

std::string history_text(const ReactionSummary& summary) {
  if (summary.deliveries == 0) return "never sent to";
  const int resolved = summary.reacted + summary.ignored;
  std::string text = "reacted to " + std::to_string(summary.reacted) + " of the last " + std::to_string(resolved);
  if (summary.deliveries > resolved) text += " (" + std::to_string(summary.deliveries - resolved) + " too recent to tell)";
  return text;
}

std::string clipped(std::string text) {
  if (text.size() > kMaxReasonBytes) {
    std::size_t cut = kMaxReasonBytes - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    text = text.substr(0, cut) + "...";
  }
  return text;
}

}  // namespace

bool Engine::reachable(Channel channel) const {
  const ChannelConfig& config = config_->channels[channel];
  return !config.has_reachable || config.reachable.evaluate(slots_);
}

Engine::ChannelChoice Engine::choose_channel(const PlanStep& step, bool explained) const {
  const ChannelsConfig& channels = config_->channels;
  const ReactionsConfig& reactions = channels.reactions;
  const std::int64_t now = clock_.now_ms;
  ChannelChoice choice;
  const auto consider = [&](Channel channel, const char* outcome, const std::string& why) {
    if (explained) choice.considered.push_back({{"channel", channel_name(channel)}, {"outcome", outcome}, {"reason", why}});
  };
  const auto blocked = [&](Channel channel) -> std::string {
    const ChannelConfig& config = channels[channel];
    if (!config.available) return "not available in the config";
    if (!reachable(channel)) return "not reachable: " + config.reachable_text + " does not hold";
    return "";
  };
  if (!step.automatic) {
    const std::string why = step.channel == Channel::InApp ? "" : blocked(step.channel);
    const std::string name = channel_name(step.channel);
    if (!why.empty()) {
      consider(step.channel, "skipped", why);
      choice.reason = clipped(name + " skipped: " + why);
      return choice;
    }
    choice.ok = true;
    choice.channel = step.channel;
    choice.reason = clipped(name + ": the plan's channel");
    consider(step.channel, "chosen", "the plan's channel");
    return choice;
  }
  // "auto": the cheapest channel the user answers. One with too little history is tried, so that a
  // new user starts on the cheap channels and only users who ignore them reach the paid ones.
  std::vector<Channel> order;
  for (std::size_t i = 1; i < kChannelCount; ++i) {
    const auto channel = static_cast<Channel>(i);
    if (step.candidates == 0 || (step.candidates & (1u << i))) order.push_back(channel);
  }
  std::stable_sort(order.begin(), order.end(), [&](Channel a, Channel b) { return channels[a].cost < channels[b].cost; });
  std::string skipped;
  for (const Channel channel : order) {
    const std::string name = channel_name(channel);
    if (choice.ok) {
      consider(channel, "skipped", "cost: " + std::string(channel_name(choice.channel)) + " is cheaper and the user answers it");
      continue;
    }
    const std::string why = blocked(channel);
    if (!why.empty()) {
      consider(channel, "skipped", why);
      if (channels[channel].available) skipped += "; " + name + " skipped: not reachable";
      continue;
    }
    const ReactionSummary summary = nudge_state_.channel_history.summary(channel, now, reactions);
    const double bar = channels[channel].min_rate >= 0 ? channels[channel].min_rate : reactions.min_rate;
    const int resolved = summary.reacted + summary.ignored;
    std::string verdict;
    if (resolved < reactions.min_samples) {
      verdict = "untried: " + history_text(summary);
    } else if (summary.rate >= bar) {
      verdict = history_text(summary) + " (rate " + rate_text(summary.rate) + " >= " + rate_text(bar) + ")";
    } else {
      const std::string why_not = history_text(summary) + " (rate " + rate_text(summary.rate) + " < " + rate_text(bar) + ")";
      consider(channel, "skipped", why_not);
      skipped += "; " + name + " skipped: " + why_not;
      continue;
    }
    choice.ok = true;
    choice.channel = channel;
    consider(channel, "chosen", verdict);
    choice.reason = name + " chosen: " + verdict + skipped;
  }
  if (!choice.ok) choice.reason = "no channel: every candidate is unavailable, unreachable or ignored" + skipped;
  choice.reason = clipped(std::move(choice.reason));
  return choice;
}

void Engine::schedule_next_step(const CampaignConfig& campaign, const PendingStep& from, std::int64_t from_ms) {
  const std::uint32_t next = from.step + 1;
  if (next >= campaign.plan.size() || nudge_state_.pending_steps.size() >= kMaxPendingSteps) return;
  PendingStep step = from;
  step.step = next;
  step.due_ms = from_ms + campaign.plan[next].after_ms;
  nudge_state_.pending_steps.push_back(std::move(step));
}

std::int64_t Engine::blocked_until(const CampaignConfig& campaign, const char* blocker) const {
  const std::string_view what = blocker;
  const std::int64_t now = clock_.now_ms;
  const std::int32_t offset = clock_.utc_offset_minutes;
  if (what == "caps.total") return 0;
  if (what == "caps.cooldown") return nudge_state_.last_delivery(campaign.id).value_or(now) + campaign.caps.cooldown_ms;
  if (what == "fatigue.minGap") return nudge_state_.last_delivery("").value_or(now) + config_->campaigns.fatigue.min_gap_ms;
  if (what == "caps.dismissCooldown") {
    const auto dismissed = nudge_state_.last_dismissed.find(campaign.id);
    return (dismissed != nudge_state_.last_dismissed.end() ? dismissed->second : now) + campaign.caps.dismiss_cooldown_ms;
  }
  // A day's or a week's count: the next local midnight, when the window moves.
  const std::int32_t today = EventStore::local_day(now, offset);
  return std::int64_t{today + 1} * EventStore::kMsPerDay - std::int64_t{offset} * 60'000;
}

void Engine::advance_plans() {
  const CampaignsConfig& config = config_->campaigns;
  const std::int64_t now = clock_.now_ms;
  std::vector<PendingStep> later;  // what stays pending, and the steps scheduled now
  std::vector<PendingStep> due;
  for (PendingStep& step : nudge_state_.pending_steps) (step.due_ms <= now ? due : later).push_back(std::move(step));
  nudge_state_.pending_steps = std::move(later);
  if (due.empty()) return;
  std::stable_sort(due.begin(), due.end(), [](const PendingStep& a, const PendingStep& b) { return a.due_ms < b.due_ms; });
  for (PendingStep& pending : due) {
    const int index = config.find(pending.campaign);
    if (index < 0) continue;  // the campaign left the config: its plan ends with it
    const CampaignConfig& campaign = config.campaigns[static_cast<std::size_t>(index)];
    if (pending.step >= campaign.plan.size()) continue;
    const PlanStep& step = campaign.plan[pending.step];
    const std::string reason = pending.reason + " (plan step " + std::to_string(pending.step) + ")";
    LastDecision& last = nudge_state_.last_decision[campaign.id];
    last = LastDecision{now, "", reason};
    bool converted = false;
    const bool reacted = nudge_state_.plan_reacted(pending.plan, &converted);
    if (converted || (reacted && step.unless_reacted)) {
      last.outcome = converted ? "plan.converted" : "plan.reacted";
      continue;
    }
    if (!in_schedule(campaign)) {
      last.outcome = "schedule";
      continue;
    }
    if (!in_audience(campaign)) {
      last.outcome = "audience";
      continue;
    }
    const char* blocked = capped(campaign);
    if (blocked == nullptr) blocked = fatigued();
    if (blocked != nullptr) {
      const std::int64_t until = blocked_until(campaign, blocked);
      last.outcome = blocked;
      if (until > now) {
        pending.due_ms = until;
        last.outcome += " (step delayed)";
        nudge_state_.pending_steps.push_back(std::move(pending));
      }
      continue;
    }
    if (const std::int64_t until = quiet_until(campaign)) {
      pending.due_ms = until;
      last.outcome = "held";
      nudge_state_.pending_steps.push_back(std::move(pending));
      continue;
    }
    const ChannelChoice choice = choose_channel(step);
    if (!choice.ok) {
      last.outcome = "channel";
      last.reason = clipped(reason + "; " + choice.reason);
      schedule_next_step(campaign, pending, now);
      continue;
    }
    Nudge nudge;
    nudge.id = nudge_state_.next_id(campaign.id);
    nudge.campaign = campaign.id;
    nudge.variant = pending.variant;
    nudge.channel = choice.channel;
    nudge.placement = step.placement;
    nudge.priority = campaign.priority;
    nudge.item = pending.item;
    nudge.language = pending.language;
    nudge.reason = reason;
    nudge.plan = pending.plan;
    nudge.step = pending.step;
    if (step.automatic) nudge.channel_reason = choice.reason;
    nudge.decided_ms = now;
    nudge.expires_ms = now + campaign.expires_after_ms;
    last.outcome = "delivered";
    deliver(std::move(nudge), nudge_state_.stats[campaign.id][pending.variant]);
    schedule_next_step(campaign, pending, now);
  }
}

void Engine::apply_reaction(std::uint32_t event, const Json* props) {
  const auto& by_event = config_->channels.reactions.by_event;
  if (event >= by_event.size() || by_event[event] < 0 || props == nullptr || !props->is_object()) return;
  const auto id = props->find("nudgeId");
  if (id == props->end() || !id->is_string()) return;
  static constexpr const char* kOutcomes[] = {"opened", "clicked", "converted", "dismissed"};
  Error ignored;  // an event about a nudge this device never decided is still a fine event
  report(id->get_ref<const std::string&>(), kOutcomes[by_event[event]], clock_.now_ms, ignored);
}

Json Engine::send_payload(const Nudge& nudge) const {
  Json vars = Json::object();
  for (const SendVariable& variable : config_->channels.send_variables) {
    const Json* value = lookup_path(profile_.properties(), variable.path);
    // Only scalars: an object could smuggle every property under it past the allowlist.
    if (value != nullptr && (value->is_string() || value->is_number() || value->is_boolean() || value->is_null())) {
      vars[variable.name] = *value;
    }
  }
  return {{"schema", "nudgekit.send/1"},
          {"userId", nudge_state_.user_id},
          {"campaign", nudge.campaign},
          {"variant", nudge.variant},
          {"step", nudge.step},
          {"channel", channel_name(nudge.channel)},
          {"item", nudge.item},
          {"language", nudge.language},
          {"createdAt", nudge.decided_ms},
          {"vars", std::move(vars)}};
}

Json Engine::channel_explanation(const CampaignConfig& campaign) const {
  Json steps = Json::array();
  for (std::size_t i = 0; i < campaign.plan.size(); ++i) {
    const PlanStep& step = campaign.plan[i];
    const ChannelChoice choice = choose_channel(step, true);
    Json entry = {{"step", i},
                  {"channel", step.automatic ? "auto" : channel_name(step.channel)},
                  {"after", step.after_ms},
                  {"unlessReacted", step.unless_reacted},
                  {"now", choice.ok ? Json(channel_name(choice.channel)) : Json(nullptr)},
                  {"reason", choice.reason},
                  {"considered", choice.considered}};
    steps.push_back(std::move(entry));
  }
  Json pending = Json::array();
  for (const PendingStep& p : nudge_state_.pending_steps) {
    if (p.campaign != campaign.id) continue;
    bool converted = false;
    const bool reacted = nudge_state_.plan_reacted(p.plan, &converted);
    pending.push_back({{"plan", p.plan}, {"step", p.step}, {"due", p.due_ms}, {"reacted", reacted}, {"converted", converted}});
  }
  return {{"steps", std::move(steps)}, {"pending", std::move(pending)}};
}

}  // namespace nudgekit

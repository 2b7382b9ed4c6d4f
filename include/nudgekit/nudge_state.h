// What the nudge engine remembers about its user, across config changes and reloads: sticky variant
// assignments, one delivery ledger for every campaign and channel (the fatigue "red line"), the
// nudges it decided and what became of them, held nudges waiting for quiet hours to end, and the
// per-campaign statistics. Campaigns are keyed by id, so a new config keeps what the old one learned.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nudgekit/campaigns.h"
#include "nudgekit/channels.h"

namespace nudgekit {

class SnapshotReader;
class SnapshotWriter;

// One decision: a nudge delivered (in-app or sent) or, for the control group, one it would have been.
struct Nudge {
  std::string id;         // "<campaign>.<n>", unique for the user
  std::string campaign;
  std::string variant;    // "" for a campaign without variants
  bool control = false;   // not delivered: the holdout's "would have seen"
  Channel channel = Channel::InApp;
  Placement placement = Placement::Card;
  int priority = 0;
  double score = 0;       // content fit, breaks priority ties
  std::string item;       // content item id
  std::string language;   // of the translation chosen
  std::string reason;     // what triggered it
  std::string plan;       // the id of its plan's first nudge ("" for that nudge itself)
  std::uint32_t step = 0; // its step in the campaign's plan
  std::string channel_reason;  // why this channel ("mobile_push chosen: reacted to 3 of the last 4")
  std::int64_t decided_ms = 0;
  std::int64_t expires_ms = 0;
  std::int64_t shown_ms = 0;  // 0: not (yet) shown
  bool clicked = false;
  bool dismissed = false;
  bool converted = false;
  // Since when a goal event counts as this nudge's conversion: when it was shown in-app, when it was
  // decided for a send or the control group; nullopt while an in-app nudge waits to be shown.
  std::optional<std::int64_t> exposed_since() const;
};

// A nudge that fell in quiet hours: decided again when they end.
struct HeldNudge {
  std::string campaign;
  std::string reason;
  std::int64_t triggered_ms = 0;
  std::int64_t due_ms = 0;
};

// The next step of a plan whose earlier steps went: it goes at due_ms unless the user reacted first.
struct PendingStep {
  std::string campaign;
  std::string plan;       // the id of the plan's first nudge
  std::string variant;
  std::string item;
  std::string language;
  std::string reason;
  std::uint32_t step = 0;
  std::int64_t due_ms = 0;
};

struct VariantStats {
  std::int64_t eligible = 0;    // triggered and in the audience
  std::int64_t delivered = 0;   // control: would have been delivered
  std::int64_t shown = 0;
  std::int64_t clicked = 0;
  std::int64_t dismissed = 0;
  std::int64_t converted = 0;
};

// Why the last decision of a campaign went the way it did, for explain().
struct LastDecision {
  std::int64_t time_ms = 0;
  std::string outcome;  // "delivered", "control", "held", or the clause that blocked it
  std::string reason;   // the trigger
};

class NudgeState {
 public:
  std::string user_id;
  bool user_id_provisional = false;

  // --- the delivery ledger -------------------------------------------------------------------------
  // Deliveries of `campaign` — or, for "", those that count against the fatigue budget (every campaign,
  // the control group's "would have seen" excepted) — on the user's local day of now / in the 7 local
  // days ending today, and ever.
  std::int64_t delivered_today(const std::string& campaign, std::int64_t now_ms, std::int32_t offset_minutes) const;
  std::int64_t delivered_this_week(const std::string& campaign, std::int64_t now_ms, std::int32_t offset_minutes) const;
  std::int64_t delivered_total(const std::string& campaign) const;
  std::optional<std::int64_t> last_delivery(const std::string& campaign) const;  // "" = any
  void record_delivery(const std::string& campaign, std::int64_t time_ms, bool fatigue);

  // --- nudges ------------------------------------------------------------------------------------
  std::string next_id(const std::string& campaign) { return campaign + "." + std::to_string(++sequence_); }
  Nudge& remember(Nudge nudge);
  Nudge* find(const std::string& id);
  const std::deque<Nudge>& nudges() const { return nudges_; }
  std::deque<Nudge>& nudges() { return nudges_; }
  // Drops nudges and deliveries old enough that no cap, window or report can need them.
  void prune(std::int64_t now_ms);

  std::vector<HeldNudge> held;
  std::vector<PendingStep> pending_steps;  // in the order scheduled
  ChannelHistory channel_history;
  // Whether the user reacted (opened, clicked, dismissed, converted) to a nudge of `plan` (a plan id:
  // its first nudge's id) or converted on it.
  bool plan_reacted(const std::string& plan, bool* converted = nullptr) const;
  std::map<std::string, std::string> assignments;     // campaign → variant, sticky
  std::map<std::string, std::int64_t> last_dismissed;  // campaign → time
  std::map<std::string, std::int64_t, std::less<>> content_seen;  // item → last shown (a content.h SeenTimes)
  std::map<std::string, bool> condition_was_true;      // campaign → its trigger condition's last value
  std::map<std::string, std::int32_t> schedule_fired;  // campaign → local day it last fired
  std::map<std::string, std::map<std::string, VariantStats>> stats;  // campaign → variant → counters
  std::map<std::string, LastDecision> last_decision;

  void save(SnapshotWriter& out) const;
  bool load(SnapshotReader& in);
  // Plans and channel reactions travel in a section of their own, read after load()'s: a snapshot
  // from before plans existed still restores.
  void save_plans(SnapshotWriter& out) const;
  bool load_plans(SnapshotReader& in);

 private:
  struct Delivery {
    std::string campaign;
    std::int64_t time_ms = 0;
    bool fatigue = true;
  };
  std::int64_t delivered_between(const std::string& campaign, std::int64_t from_ms, std::int64_t to_ms) const;
  const std::vector<std::int64_t>* times_of(const std::string& campaign) const;
  void index(const Delivery& delivery);
  std::vector<Delivery> deliveries_;                  // the last 9 days, oldest first
  // The same deliveries' times, by campaign and for the fatigue budget: every trigger asks about caps
  // and the budget, and a busy user's week holds thousands of deliveries to scan otherwise.
  std::map<std::string, std::vector<std::int64_t>, std::less<>> campaign_times_;
  std::vector<std::int64_t> fatigue_times_;
  std::map<std::string, std::int64_t> totals_;        // campaign → deliveries ever
  std::deque<Nudge> nudges_;                          // oldest first; a deque: the oldest leaves at every delivery once full
  std::uint64_t sequence_ = 0;
};

}  // namespace nudgekit

// Campaigns and the global fatigue budget, as compiled from the config (docs/campaigns.md):
//
//   "fatigue": {"perDay": 2, "perWeek": 5, "minGap": "2h", "quietHours": {"from": "22:00", "to": "08:00"}},
//   "campaigns": {
//     "kyc_rescue": {
//       "trigger": {"segmentEntered": "kyc_stalled"},
//       "audience": {"segments": ["kyc_started"], "exclude": ["kyc_done"], "condition": {...}},
//       "schedule": {"start": "2026-01-01", "end": "2026-12-31T23:59:59+05:30"},
//       "priority": 80, "placement": "modal"            (in-app) | "channel": "mobile_push" (a send)
//                     | "plan": [{"channel": "in_app", "placement": "modal"},
//                                {"channel": "mobile_push", "after": "2h"},
//                                {"channel": "auto", "from": ["sms", "viber"], "after": "24h", "unlessReacted": true}],
//       "content": ["kyc_help_video"] | {"best": {"from"?: [...], "notSeenWithin"?: "14d",
//                                                  "kinds"?: ["tip", "video"], "category"?: "business.category"}},
//       "caps": {"perDay": 1, "perWeek": 3, "total": 5, "cooldown": "12h", "dismissCooldown": "3d"},
//       "quietHours": {"from": "21:00", "to": "09:00"} | false,
//       "goal": {"event": "kyc_done", "within": "3d"},
//       "variants": {"help_video": 45, "checklist": {"weight": 45, "content": ["kyc_checklist"]}, "control": 10},
//       "expiresAfter": "3d"
//     }
//   }
//
// Triggers: {"event": name, "where"?: condition over its props}, {"screen": name} (nk.screen views),
// {"segmentEntered": name}, {"segmentLeft": name}, {"inactivity": {"event": name, "for": "3d"}},
// {"funnelStall": {"steps": [...], "stalledAfter": step, "idleFor": "2h", "within"?: "7d"}},
// {"condition": c} (fires when c becomes true), {"schedule": {"at": "19:00", "days"?: ["mon", …]}}.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "nudgekit/attributes.h"
#include "nudgekit/condition.h"
#include "nudgekit/content.h"
#include "nudgekit/error.h"
#include "nudgekit/json_input.h"

namespace nudgekit {

// Where a nudge goes: an in-app placement the app renders, or a channel the server delivers through.
enum class Placement : std::uint8_t { Banner, Modal, Sheet, Card, Tooltip, Inbox };
enum class Channel : std::uint8_t { InApp, WebPush, MobilePush, Email, Sms, Whatsapp, Viber };
const char* placement_name(Placement placement);
const char* channel_name(Channel channel);

enum class TriggerKind : std::uint8_t { Event, SegmentEntered, SegmentLeft, Condition, Schedule };

struct TriggerConfig {
  TriggerKind kind = TriggerKind::Event;
  std::uint32_t event = 0;     // Event: EventNames index (screen views are the event "screen_view")
  bool has_where = false;
  Condition where;             // Event: over the event's props
  AttributeTable where_attributes;
  std::uint32_t segment = 0;   // SegmentEntered / SegmentLeft
  Condition when;              // Condition: fires on each false → true edge
  int at_minute = 0;           // Schedule: local minutes after midnight
  std::uint8_t days = 0x7F;    // Schedule: bit d = weekday d (0 = Monday)
  std::string description;     // for explanations: "segmentEntered kyc_stalled"
};

struct CapsConfig {
  std::int64_t per_day = -1;   // -1: no cap
  std::int64_t per_week = -1;
  std::int64_t total = -1;
  std::int64_t cooldown_ms = 0;          // after a nudge of this campaign is delivered
  std::int64_t dismiss_cooldown_ms = 0;  // after one is dismissed
};

// A local-time window; from > to spans midnight ("22:00" → "08:00").
struct QuietHours {
  bool enabled = false;
  int from_minute = 0;
  int to_minute = 0;
  // Minutes from local_minute until the window ends, or 0 when local_minute is outside it.
  int minutes_left(int local_minute) const;
};

struct VariantConfig {
  std::string name;
  double weight = 0;                  // normalized: the campaign's weights sum to 1
  bool control = false;               // the holdout: decided, recorded, never delivered
  std::vector<std::string> content;   // overrides the campaign's list when not empty
};

struct ContentChoiceConfig {
  std::vector<std::string> items;     // in preference order; "best" ranks them instead (empty: the catalog)
  bool best = false;
  std::int64_t not_seen_within_ms = 0;
  std::uint32_t kinds = 0;            // bit (1 << ContentKind) per kind "best" may pick; 0: every kind
  PathSegments category_path = {"business", "category"};  // the profile property naming the user's category
};

struct GoalConfig {
  bool enabled = false;
  std::uint32_t event = 0;
  std::int64_t within_ms = 0;
};

// One step of a campaign's plan. Step 0 goes when the campaign decides; each later one `after` the
// step before it went (or was skipped), and the plan stops once the user reacted to any of its
// nudges (unless a step says "unlessReacted": false) or converted.
struct PlanStep {
  Channel channel = Channel::InApp;
  Placement placement = Placement::Card;  // when channel is InApp
  bool automatic = false;                 // "auto": the cheapest reachable channel the user reacts to
  std::uint8_t candidates = 0;            // "auto": bit (1 << Channel) per channel it may pick; 0: every send channel
  std::int64_t after_ms = 0;
  bool unless_reacted = true;
};

struct CampaignConfig {
  std::string id;
  TriggerConfig trigger;
  std::vector<std::uint32_t> audience_segments;  // all of them
  std::vector<std::uint32_t> exclude_segments;   // none of them
  bool has_condition = false;
  Condition condition;
  // Either an instant or the user's local calendar day (dates); unbounded by default.
  std::int64_t start_ms = std::numeric_limits<std::int64_t>::min();
  std::int64_t end_ms = std::numeric_limits<std::int64_t>::max();
  std::int32_t start_day = std::numeric_limits<std::int32_t>::min();
  std::int32_t end_day = std::numeric_limits<std::int32_t>::max();
  int priority = 0;
  Channel channel = Channel::InApp;        // plan[0]'s
  Placement placement = Placement::Card;  // plan[0]'s, when channel is InApp
  std::vector<PlanStep> plan;             // never empty: "placement" and "channel" make a one-step plan
  ContentChoiceConfig content;
  CapsConfig caps;
  bool own_quiet_hours = false;  // when false the fatigue section's quiet hours apply
  QuietHours quiet_hours;
  GoalConfig goal;
  std::vector<VariantConfig> variants;  // empty: everyone gets the campaign's content
  std::string salt;                     // hashed with the user id; defaults to the id
  std::int64_t expires_after_ms = 7 * 86'400'000LL;
};

struct FatigueConfig {
  std::int64_t per_day = -1;
  std::int64_t per_week = -1;
  std::int64_t min_gap_ms = 0;
  QuietHours quiet_hours;
};

struct CampaignsConfig {
  std::vector<CampaignConfig> campaigns;     // by priority (highest first), then id
  FatigueConfig fatigue;
  // Who to consider when something happens (indices into campaigns, ascending = priority order).
  std::vector<std::vector<std::uint32_t>> by_event;          // by EventNames index: Event triggers
  std::vector<std::vector<std::uint32_t>> by_goal_event;     // by EventNames index: goals
  std::vector<std::vector<std::uint32_t>> entered_segment;   // by segment index
  std::vector<std::vector<std::uint32_t>> left_segment;
  std::vector<std::uint32_t> condition_triggers;
  std::vector<std::uint32_t> schedule_triggers;
  // The campaign with this id, or -1.
  int find(const std::string& id) const;
};

// Reads doc["fatigue"] and doc["campaigns"]. Conditions compile with `options` into `attributes` (the
// config's, so the profile's slots serve them); segment names resolve against *options.segment_names.
void compile_campaigns(const Json& doc, const ConditionOptions& options, AttributeTable& attributes,
                       CampaignsConfig& out, Errors& errors);

// Every content item a campaign names exists in `catalog`, and game items (wheels, quizzes) only go to
// in-app placements: a send cannot spin a wheel.
void check_campaign_content(const CampaignsConfig& campaigns, const ContentCatalog& catalog, Errors& errors);

}  // namespace nudgekit

// Channels, what the user does with each of them, and what a send may carry (docs/channels.md):
//
//   "channels": {
//     "mobile_push": {"cost": 0.0001, "reachable": {"push.optIn": true, "push.token": {"$exists": true}}},
//     "sms": {"cost": 0.25, "reachable": {"phone": {"$exists": true}}, "minRate": 0.1},
//     "viber": {"cost": 0.2, "available": false}
//   },
//   "reactions": {"halfLife": "14d", "ignoredAfter": "24h", "minSamples": 3, "minRate": 0.2, "window": 10,
//                 "events": {"push_opened": "opened", "sms_link_clicked": "clicked"}},
//   "sends": {"variables": ["first_name", "business.name"]}
//
// Without a "channels" section every channel is available and reachable, at the default costs below.
// With one, a channel it does not list is unavailable.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "nudgekit/attributes.h"
#include "nudgekit/campaigns.h"
#include "nudgekit/condition.h"
#include "nudgekit/error.h"
#include "nudgekit/json_input.h"

namespace nudgekit {

class SnapshotReader;
class SnapshotWriter;

constexpr std::size_t kChannelCount = static_cast<std::size_t>(Channel::Viber) + 1;

struct ChannelConfig {
  bool available = true;
  double cost = 0;
  bool has_reachable = false;
  Condition reachable;          // over the profile (the config's attributes)
  std::string reachable_text;   // for explanations
  double min_rate = -1;         // the bar "auto" asks this channel to clear; < 0: reactions.minRate
};

enum class Reaction : std::uint8_t { Opened, Clicked, Converted, Dismissed };

struct ReactionsConfig {
  std::int64_t half_life_ms = 14 * 86'400'000LL;
  std::int64_t ignored_after_ms = 86'400'000LL;  // a delivery with no reaction for this long was ignored
  int min_samples = 3;       // fewer resolved deliveries than this: the channel is untried, "auto" may try it
  double min_rate = 0.2;
  int window = 10;           // how many of the latest deliveries the reaction rate reads
  // By EventNames index: the reaction an event reports (with props.nudgeId), or -1.
  std::vector<std::int8_t> by_event;
};

struct SendVariable {
  std::string name;     // as the config lists it, the key in the payload's "vars"
  PathSegments path;
};

struct ChannelsConfig {
  bool configured = false;  // the config has a "channels" section
  std::array<ChannelConfig, kChannelCount> channels;
  ReactionsConfig reactions;
  std::vector<SendVariable> send_variables;
  const ChannelConfig& operator[](Channel channel) const { return channels[static_cast<std::size_t>(channel)]; }
};

// Reads doc["channels"], doc["reactions"] and doc["sends"]; reachability conditions compile with
// `options` into `attributes`, so the profile's slots serve them.
void compile_channels(const Json& doc, const ConditionOptions& options, AttributeTable& attributes, ChannelsConfig& out,
                      Errors& errors);

// Every channel a campaign names explicitly is available (when the config has a "channels" section).
void check_campaign_channels(const CampaignsConfig& campaigns, const ChannelsConfig& channels, Errors& errors);

// How one channel went for this user, read off the latest deliveries with older ones weighing less.
struct ReactionSummary {
  int deliveries = 0;  // in the window
  int reacted = 0;     // of those
  int ignored = 0;     // of those: no reaction within ignoredAfter
  double rate = 0;     // decayed reacted / (reacted + ignored); 0 when nothing is resolved
};

// The user's deliveries and reactions per channel, the newest `kKeep` per channel.
class ChannelHistory {
 public:
  static constexpr std::size_t kKeep = 50;
  void delivered(Channel channel, const std::string& nudge_id, std::int64_t time_ms);
  // The first reaction to a delivery counts; later ones (a click after the open) change nothing here.
  void reacted(Channel channel, const std::string& nudge_id, std::int64_t time_ms);
  ReactionSummary summary(Channel channel, std::int64_t now_ms, const ReactionsConfig& config) const;
  void save(SnapshotWriter& out) const;
  bool load(SnapshotReader& in);

 private:
  struct Delivery {
    std::string nudge_id;
    std::int64_t delivered_ms = 0;
    std::int64_t reacted_ms = 0;  // 0: no reaction yet
  };
  std::array<std::vector<Delivery>, kChannelCount> deliveries_;  // oldest first
};

}  // namespace nudgekit

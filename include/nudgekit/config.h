// The config document marketers write:
//   {"version": 1, "dialect"?, "savedGroups"?, "events"?, "scores"?, "segments": {name: condition},
//    "languages"?, "content"?, "rewards"?, "fatigue"?, "campaigns"?}
// Validated whole and compiled once; a document with any error is rejected whole.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nudgekit/attributes.h"
#include "nudgekit/campaigns.h"
#include "nudgekit/channels.h"
#include "nudgekit/condition.h"
#include "nudgekit/content.h"
#include "nudgekit/gamification.h"
#include "nudgekit/language_choice.h"
#include "nudgekit/error.h"
#include "nudgekit/limits.h"
#include "nudgekit/scores.h"

namespace nudgekit {

inline constexpr int kConfigVersion = 1;

// "events": how much history the device keeps, and which numeric property each event sums
// ({"maxRawEvents": 1000, "horizonDays": 400, "sum": {"ledger_entry_added": "amount"}}).
struct EventSettings {
  std::size_t max_raw_events = 1000;
  std::int32_t horizon_days = 400;
  std::vector<std::pair<std::string, std::string>> sums;  // event name → property
};

// Immutable once built; shared by every engine that loaded the same document.
struct CompiledConfig {
  Dialect dialect = Dialect::Nudgekit;
  SavedGroups saved_groups;
  AttributeTable attributes;
  LeafTable leaves;                         // attribute tests shared between segments
  std::vector<std::string> segment_names;   // in name order
  std::vector<Condition> segment_conditions;  // segment_conditions[i] defines segment_names[i]
  // Every segment after the segments it reads through $segment (cycles are refused at load).
  std::vector<std::uint32_t> segment_order;
  std::vector<std::uint32_t> order_position;  // by segment: its place in segment_order
  EventNames event_names;  // named by behavioural conditions and scores
  EventSettings events;
  ScoresConfig scores;
  CampaignsConfig campaigns;
  ChannelsConfig channels;
  std::shared_ptr<const ContentCatalog> content = std::make_shared<const ContentCatalog>();  // never null
  GamesConfig games;                              // the catalog's wheels and quizzes, and "rewards"
  LanguagesConfig languages;
  // What the user's language is chosen among: "languages.supported", else every variant language of
  // the catalog (what there is to say things in), in first-seen order.
  std::vector<std::string> supported_languages;
  // The slot of the attribute "language" when a condition reads it: the engine fills it with the
  // user's chosen language (language_choice.h), not a profile property. AttributeTable::kRoot: none.
  std::uint32_t language_slot = AttributeTable::kRoot;
  // Who to re-evaluate when something changes (segment indices, each list ascending):
  std::vector<std::vector<std::uint32_t>> segments_by_event;  // by EventNames index
  std::vector<std::uint32_t> profile_segments;  // read an attribute
  std::vector<std::uint32_t> time_segments;     // can change with the clock alone
  std::vector<std::uint32_t> score_segments;    // read $score
  std::vector<std::vector<std::uint32_t>> readers;  // by segment: the segments that read it via $segment
};

// Compiles `doc`. Returns nullptr and appends to `errors` (each with a JSON pointer) when it is invalid.
std::shared_ptr<const CompiledConfig> compile_config(const Json& doc, const Limits& limits, Errors& errors);

}  // namespace nudgekit

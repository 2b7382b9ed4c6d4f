// The facade the bindings call: one user's engine. It owns the last good config, the profile, and the
// scratch buffers the JS layer writes into, and every operation either succeeds whole or changes nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudgekit/config.h"
#include "nudgekit/error.h"
#include "nudgekit/event_store.h"
#include "nudgekit/gamification.h"
#include "nudgekit/limits.h"
#include "nudgekit/nudge_state.h"
#include "nudgekit/profile.h"

namespace nudgekit {

struct LoadResult {
  bool ok = false;
  Errors errors;
};

// The engine has no clock: every call that can depend on time is given the instant and the user's UTC
// offset at that instant (the JS layer derives it from the IANA zone).
struct Clock {
  std::int64_t now_ms = 0;
  std::int32_t utc_offset_minutes = 0;
};

// A segment the user entered or left, and when (the clock of the call that noticed it).
struct SegmentChange {
  std::uint32_t segment = 0;  // index into segment_names()
  bool entered = false;
  std::int64_t time_ms = 0;
};

struct EvaluateResult {
  bool ok = false;
  bool value = false;
  Errors errors;
};

class Engine {
 public:
  explicit Engine(Limits limits = {});

  // --- config -----------------------------------------------------------------------------------
  // Parses and compiles a config document. On success it replaces the current config; on failure the
  // previous config stays in force and every error found is returned.
  LoadResult load_config(std::string_view json_text);
  // The same checks, changing nothing.
  static LoadResult validate_config(std::string_view json_text, const Limits& limits = {});
  const std::vector<std::string>& segment_names() const { return config_->segment_names; }

  // --- profile ----------------------------------------------------------------------------------
  // See Profile::set for the merge rules. On failure the profile is unchanged.
  bool set_properties(std::string_view json_text, bool replace, Error& error);
  // The same from the binary form of binary_input.h (what the JS facade sends).
  bool set_properties_binary(std::string_view bytes, bool replace, Error& error);
  bool unset_properties(std::string_view json_paths, Error& error);
  std::string properties_json() const { return to_json_text(profile_.properties()); }

  // --- behaviour --------------------------------------------------------------------------------
  // The instant later calls are made at, until the next set_clock (track and tick take one too).
  void set_clock(Clock clock) { clock_ = clock; }
  const Clock& clock() const { return clock_; }
  // Records an event at time_ms (see EventStore for the rules), then re-evaluates the segments that
  // read it, or read a segment that does, and any left stale by set_properties. On a refused event
  // nothing changes. changes() then holds what this call changed.
  bool track(std::string_view name, const Json& props, std::int64_t time_ms, Clock clock, Error& error);
  // The same with props in the binary form of binary_input.h (what the JS facade sends).
  bool track_binary(std::string_view name, std::string_view props, std::int64_t time_ms, Clock clock, Error& error);
  // Re-evaluates the segments that can change with time alone, and any stale ones, at `clock`.
  void tick(Clock clock);
  // Re-evaluates only the segments left stale by set_properties / unset_properties.
  void refresh(Clock clock);
  // The segments entered and left during the last call that evaluated segments.
  const std::vector<SegmentChange>& changes() const { return changes_; }
  // The lifecycle stage change of that call, if any.
  const std::optional<StageChange>& stage_change() const { return stage_change_; }
  // {"rfm": …, "lead": …, "lifecycle": …} as of the last evaluation (see scores.h).
  const Json& scores() const { return scores_.document(); }
  // When the user last entered (or, when not in it, left) each segment; 0 = never changed.
  std::int64_t segment_changed_at(std::uint32_t segment) const { return changed_at_[segment]; }
  const EventStore& events() const { return *events_; }
  // See EventStore::shed_oldest_half: what a full storage quota costs, instead of the whole snapshot.
  std::size_t shed_oldest_raw_events() { return events_->shed_oldest_half(); }
  // A replica (a browser tab that follows another tab's engine) records events, properties and
  // outcomes so that its reads are current, but decides nothing: no campaign runs, no plan step is
  // taken, no streak reward is earned. The leading engine decides, and its snapshot replaces the
  // replica's state (docs/storage.md, "Tabs").
  void set_replica(bool replica) { replica_ = replica; }
  bool replica() const { return replica_; }

  // --- nudges -----------------------------------------------------------------------------------
  // Whom variants are assigned to (hashed with each campaign's salt); the JS layer always sets one. A
  // provisional id (an anonymous one made up for this session) gives way to the id a restored
  // snapshot carries; an id the app chose never does.
  void set_user_id(std::string id, bool provisional = false) {
    nudge_state_.user_id = std::move(id);
    nudge_state_.user_id_provisional = provisional;
  }
  std::size_t campaign_count() const { return config_->campaigns.campaigns.size(); }
  const std::string& user_id() const { return nudge_state_.user_id; }
  // The nudges delivered by the last call that evaluated (track, tick, refresh, evaluate_segments):
  // in-app ones the app should render and sends for the server; never the control group's.
  const std::vector<Nudge>& decisions() const { return decided_; }
  // The in-app nudges due for `placement` now, by priority, then content score, then age; one for
  // interruptive placements (banner, modal, sheet, tooltip), every one for card and inbox.
  std::vector<const Nudge*> next_nudges(Placement placement) const;
  // Records what the user did with a delivered nudge: "shown" (for a send: "opened"), "clicked",
  // "dismissed", "converted"; "delivered" (the server or the device confirmed a send) only checks it.
  bool report(const std::string& nudge_id, std::string_view outcome, std::int64_t time_ms, Error& error);
  const NudgeState& nudge_state() const { return nudge_state_; }
  // A nudge as the app receives it: {id, campaign, variant, placement | channel, priority, content,
  // reason, time, expiresAt}, its content resolved into the chosen language.
  Json nudge_document(const Nudge& nudge) const;
  // The same document written as JSON text (what the JS layer receives), without building the tree.
  void write_nudge_document(const Nudge& nudge, JsonWriter& out) const;
  // Why `campaign` would or would not deliver now, clause by clause (docs/campaigns.md, "explain").
  bool explain(const std::string& campaign, Json& out, Error& error);
  // What a send asks the server to deliver (docs/sends.md) without its id, which the outbox makes:
  // {schema, userId, campaign, variant, step, channel, item, language, createdAt, vars}, where vars
  // holds only the profile properties the config's "sends.variables" lists.
  Json send_payload(const Nudge& nudge) const;
  // Per campaign and variant: eligible, delivered, shown, clicked, dismissed, converted and the
  // conversion rate; the control group's "would have seen" and its conversions.
  Json stats() const;

  // --- content and games (engine_content.cpp, engine_games.cpp) --------------------------------------
  // The user's language now, from the signals in their profile (language_choice.h), chosen among
  // `supported` or, when null, the config's supported languages.
  LanguageDecision language(const std::vector<std::string>* supported = nullptr) const;
  // The language fallback chain content is resolved with (canonical tags, best first).
  const std::vector<std::string>& content_language_chain() const;
  // The content item `item` resolved for the user now, as a nudge carries it; false when no such item.
  bool render_item(const std::string& item, Json& out, Error& error) const;
  // Spins the wheel item `item`: {"item", "prize", "label", "spinsLeft": {"today", "week", "total"}}
  // (null where unlimited). `seed` makes the draw (the JS layer passes a random one).
  bool spin(const std::string& item, std::uint64_t seed, Json& out, Error& error);
  // Records the user's choice for a quiz question: {"item", "question", "correct", "answer",
  // "explanation"?, "answered", "right", "total", "completed", "passed"}. A question is answered once;
  // a first answer is also tracked as the event "quiz_answered" {item, question, correct, right, total,
  // completed, passed}, so changes() and decisions() then hold what it changed.
  bool answer_quiz(const std::string& item, const std::string& question, const std::string& choice, Json& out,
                   Error& error);
  // {"earned": [{"id", "time"}], "streaks": [{"id", "event", "days", "current"}]}.
  Json rewards() const;
  // The rewards the last evaluating call earned, by id.
  const std::vector<std::string>& rewards_earned() const { return earned_; }

  // --- snapshot -----------------------------------------------------------------------------------
  // Everything the engine learned (properties, event history, segment states), versioned and
  // checksummed; the config is not included. restore() replaces that state whole or changes nothing.
  std::string snapshot() const;
  bool restore(std::string_view bytes, Errors& errors);

  // Deletes everything the engine learned about the user (properties, history, segments, scores,
  // nudges, plans, games) and names the next user `user_id`; the config stays.
  void forget(std::string user_id, bool provisional);

  // --- queries ----------------------------------------------------------------------------------
  // Indices (into segment_names()) of every segment the user is in, ascending. Evaluates all segments
  // of the current config against the current profile and history at clock(), recording changes.
  // Allocates nothing once warmed up.
  const std::vector<std::uint32_t>& evaluate_segments();
  // The result of the last evaluate_segments call (stable storage the bindings hand to JS).
  const std::vector<std::uint32_t>& evaluate_segments_result() const { return matched_; }
  // Evaluates an ad-hoc condition (JSON text) against the current profile, in the config's dialect or
  // the one given.
  EvaluateResult evaluate(std::string_view condition_json, const Dialect* dialect = nullptr) const;

 private:
  using PropertiesDecoder = bool (*)(std::string_view, std::size_t, std::size_t, Json&, Error&);
  bool apply_properties(std::string_view input, bool replace, PropertiesDecoder decode, Error& error);
  void resolve_slots();
  void adopt_config();  // after config_ changed: the event store's settings, ids, segment states
  void mark_stale(const std::vector<std::uint32_t>& segments);
  void mark_stale(std::uint32_t segment) {
    if (stale_[segment]) return;
    stale_[segment] = 1;
    stale_list_.push_back(segment);
  }
  // Evaluates `segments` (in segment_order) at clock_, updating membership and recording changes.
  void evaluate_marked();
  // Recomputes the scores at clock_; segments reading them go stale when they changed.
  void refresh_scores();
  BehaviourContext behaviour_context(const std::vector<std::uint8_t>& membership);

  // Nudges (engine_nudges.cpp). `event` is the config's index of a tracked event, or nullptr.
  struct Fired {
    std::uint32_t campaign = 0;
    bool released = false;   // held for quiet hours, decided again now
    std::string held_reason;
  };
  struct PickedContent {
    std::string item;
    std::string language;
    double score = 0;
  };
  void run_campaigns(const std::uint32_t* event, const Json* props);
  void decide(const CampaignConfig& campaign, const std::string& reason, bool released);
  void attribute_goals(std::uint32_t event);
  // Plans (engine_plans.cpp): the channel a step goes through, the steps that are due, the reactions
  // events report.
  struct ChannelChoice {
    bool ok = false;
    Channel channel = Channel::InApp;
    std::string reason;          // "mobile_push chosen: reacted to 3 of the last 4"
    Json considered = Json::array();  // [{channel, outcome: "chosen"|"skipped", reason}]; explain only
  };
  // `explained`: also fill `considered` (explain's view); a decision needs only the reason.
  ChannelChoice choose_channel(const PlanStep& step, bool explained = false) const;
  bool reachable(Channel channel) const;
  void advance_plans();
  void schedule_next_step(const CampaignConfig& campaign, const PendingStep& from, std::int64_t from_ms);
  std::int64_t blocked_until(const CampaignConfig& campaign, const char* blocker) const;  // 0: never lifts
  void apply_reaction(std::uint32_t event, const Json* props);
  // Records a decided nudge: the ledger, the stats, the channel history; in decided_ unless control.
  void deliver(Nudge nudge, VariantStats& stats);
  Json channel_explanation(const CampaignConfig& campaign) const;
  bool in_schedule(const CampaignConfig& campaign) const;
  bool in_audience(const CampaignConfig& campaign) const;
  const VariantConfig* variant_of(const CampaignConfig& campaign, bool assign);
  const char* capped(const CampaignConfig& campaign) const;  // the cap that blocks it, or nullptr
  const char* fatigued() const;
  const QuietHours& quiet_hours_of(const CampaignConfig& campaign) const;
  std::int64_t quiet_until(const CampaignConfig& campaign) const;  // 0 outside quiet hours
  std::optional<PickedContent> choose_content(const CampaignConfig& campaign, const VariantConfig* variant) const;
  std::string_view lifecycle_stage() const;
  void award_streaks(std::uint32_t event);  // after tracking `event`
  // The item's variant in `language`, rendered for the user now (RenderedContent's members +
  // direction); false, writing nothing, when the item has no such variant.
  bool write_rendered(const ContentItem& item, const std::string& language, JsonWriter& out) const;
  const char* direction_of(const std::string& language) const;

  Limits limits_;
  std::shared_ptr<const CompiledConfig> config_;
  Profile profile_;
  Json scratch_;  // the previous profile's storage, reused by the next replacing set_properties
  SlotTable slots_;
  Json language_value_;  // what the "language" attribute slot points at
  // The decision for the config's supported languages, reused by every nudge and render of one call:
  // it only changes with the profile (resolve_slots clears it) or the clock.
  struct LanguageCache {
    bool valid = false;        // false once the profile changed: signals must be compared again
    bool decided = false;      // decision and signals are from this config
    LanguageSignals signals;   // what `decision` was made from
    LanguageDecision decision;
  };
  mutable LanguageCache language_cache_;
  mutable RenderedContent render_scratch_;  // its buffers serve every rendering, one at a time
  mutable std::vector<std::pair<std::string, const char*>> direction_cache_;
  LeafMemo memo_;
  std::vector<std::uint32_t> matched_;

  Clock clock_;
  std::unique_ptr<EventStore> events_;
  std::vector<std::uint32_t> event_ids_;         // config EventNames index → store name id
  std::vector<std::uint32_t> config_event_of_;   // store name id → config index (or EventStore::kNoName)
  std::vector<std::uint8_t> membership_;         // by segment: in (1) or out (0)
  std::vector<std::uint8_t> next_membership_;    // scratch of one evaluation
  std::vector<std::int64_t> changed_at_;
  std::vector<std::uint8_t> stale_;              // by segment: to re-evaluate at the next refresh
  std::vector<std::uint32_t> stale_list_;        // the segments stale_ marks, in the order marked
  std::vector<std::uint8_t> was_in_;             // scratch: membership before an evaluation, by stale_list_
  std::vector<SegmentChange> changes_;
  std::vector<std::uint32_t> funnel_steps_;
  ScoreState scores_;
  std::optional<StageChange> stage_change_;
  NudgeState nudge_state_;
  bool replica_ = false;
  std::vector<Nudge> decided_;
  std::vector<Fired> fired_;       // scratch of one run_campaigns
  GameState games_;
  std::vector<std::string> earned_;  // rewards earned by the last evaluating call
  unsigned taken_placements_ = 0;  // exclusive placements given to a nudge in this call
};

}  // namespace nudgekit

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
#include "nudgekit/limits.h"
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

  // --- snapshot -----------------------------------------------------------------------------------
  // Everything the engine learned (properties, event history, segment states), versioned and
  // checksummed; the config is not included. restore() replaces that state whole or changes nothing.
  std::string snapshot() const;
  bool restore(std::string_view bytes, Errors& errors);

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

  Limits limits_;
  std::shared_ptr<const CompiledConfig> config_;
  Profile profile_;
  Json scratch_;  // the previous profile's storage, reused by the next replacing set_properties
  SlotTable slots_;
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
};

}  // namespace nudgekit

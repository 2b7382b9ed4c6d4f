// The engine's behavioural half: recording events, keeping segment membership current incrementally,
// and noticing when the user enters or leaves a segment.
#include <algorithm>
#include <numeric>

#include "nudgekit/binary_input.h"
#include "nudgekit/engine.h"

#include "detail/cold.h"

namespace nudgekit {

namespace {

bool same_settings(const EventStoreOptions& options, const EventSettings& settings) {
  return options.max_raw_events == settings.max_raw_events && options.horizon_days == settings.horizon_days &&
         options.sum_properties == settings.sums;
}

}  // namespace

NK_COLD_CODE_BEGIN
void Engine::adopt_config() {
  const CompiledConfig& config = *config_;
  if (!same_settings(events_->options(), config.events)) {
    // History recorded under the previous settings carries over, trimmed to the new bounds.
    EventStoreOptions options;
    options.max_raw_events = config.events.max_raw_events;
    options.horizon_days = config.events.horizon_days;
    options.sum_properties = config.events.sums;
    auto store = std::make_unique<EventStore>(options);
    std::string saved;
    events_->save(saved);
    Error ignored;  // a store's own snapshot always loads; if not, the new store simply starts empty
    store->load(saved, ignored);
    events_ = std::move(store);
  }
  event_ids_.clear();
  for (std::uint32_t i = 0; i < config.event_names.size(); ++i) event_ids_.push_back(events_->intern(config.event_names.name(i)));
  config_event_of_.assign(events_->name_count(), EventStore::kNoName);
  for (std::uint32_t i = 0; i < event_ids_.size(); ++i) {
    if (event_ids_[i] != EventStore::kNoName) config_event_of_[event_ids_[i]] = i;
  }
  // A new config starts with no segment: its first evaluation reports every segment the user is in
  // as entered, which is what a campaign triggered on entering should see.
  const std::size_t count = config.segment_conditions.size();
  membership_.assign(count, 0);
  next_membership_.assign(count, 0);
  changed_at_.assign(count, 0);
  stale_.assign(count, 1);
  stale_list_.resize(count);
  std::iota(stale_list_.begin(), stale_list_.end(), 0u);
  was_in_.reserve(count);
  scores_.adopt(config.scores);
  changes_.clear();
  changes_.reserve(count);
  language_cache_ = LanguageCache{};  // decided under the old config's languages
  resolve_slots();
}

NK_COLD_CODE_END

void Engine::mark_stale(const std::vector<std::uint32_t>& segments) {
  for (const std::uint32_t segment : segments) mark_stale(segment);
}

BehaviourContext Engine::behaviour_context(const std::vector<std::uint8_t>& membership) {
  return BehaviourContext{events_.get(), &event_ids_, clock_.now_ms, clock_.utc_offset_minutes, &membership,
                          &scores_.document(), &funnel_steps_};
}

void Engine::refresh_scores() {
  stage_change_.reset();
  BehaviourContext context = behaviour_context(membership_);
  context.segments = nullptr;  // scores cannot read segments (refused at load)
  if (scores_.refresh(config_->scores, slots_, context, stage_change_)) mark_stale(config_->score_segments);
}

// Costs what the stale segments cost, not what the config has: track() touches a few of hundreds.
void Engine::evaluate_marked() {
  const CompiledConfig& config = *config_;
  refresh_scores();
  changes_.clear();
  if (stale_list_.empty()) return;
  // Whoever reads a stale segment through $segment is stale too (the list grows as it is walked).
  for (std::size_t i = 0; i < stale_list_.size(); ++i) {
    for (const std::uint32_t reader : config.readers[stale_list_[i]]) mark_stale(reader);
  }
  // Readers after what they read; results go straight into membership_, so a reader sees this pass's
  // answer for a stale segment and the standing one for the rest.
  // A few stale segments (what one event touches) are sorted; many (a replaced profile marks them
  // all) are picked from the order itself, in a pass that costs less than sorting them.
  if (stale_list_.size() * 8 < config.segment_order.size()) {
    const std::vector<std::uint32_t>& position = config.order_position;
    std::sort(stale_list_.begin(), stale_list_.end(), [&](std::uint32_t a, std::uint32_t b) { return position[a] < position[b]; });
  } else {
    stale_list_.clear();
    for (const std::uint32_t segment : config.segment_order) {
      if (stale_[segment] != 0) stale_list_.push_back(segment);
    }
  }
  was_in_.clear();
  for (const std::uint32_t segment : stale_list_) was_in_.push_back(membership_[segment]);
  memo_.begin_pass(config.leaves.size());
  const BehaviourContext context = behaviour_context(membership_);
  Condition::evaluate_each(config.segment_conditions, stale_list_, slots_, &memo_, &context, membership_);
  for (std::size_t i = 0; i < stale_list_.size(); ++i) {
    const std::uint32_t segment = stale_list_[i];
    stale_[segment] = 0;
    if (membership_[segment] == was_in_[i]) continue;
    changed_at_[segment] = clock_.now_ms;
    changes_.push_back({segment, membership_[segment] != 0, clock_.now_ms});
  }
  stale_list_.clear();
  // Reported in segment (name) order, whatever order they were evaluated in.
  std::sort(changes_.begin(), changes_.end(), [](const SegmentChange& a, const SegmentChange& b) { return a.segment < b.segment; });
}

// The full pass, kept lean: it is what segments() pays on every call.
const std::vector<std::uint32_t>& Engine::evaluate_segments() {
  const CompiledConfig& config = *config_;
  refresh_scores();
  memo_.begin_pass(config.leaves.size());
  const BehaviourContext context = behaviour_context(next_membership_);
  Condition::evaluate_each(config.segment_conditions, config.segment_order, slots_, &memo_, &context, next_membership_);
  changes_.clear();
  matched_.clear();
  for (std::uint32_t i = 0; i < next_membership_.size(); ++i) {
    if (next_membership_[i] != membership_[i]) {
      changed_at_[i] = clock_.now_ms;
      changes_.push_back({i, next_membership_[i] != 0, clock_.now_ms});
    }
    if (next_membership_[i]) matched_.push_back(i);
  }
  std::fill(stale_.begin(), stale_.end(), 0);
  stale_list_.clear();
  membership_.swap(next_membership_);
  run_campaigns(nullptr, nullptr);
  return matched_;
}

bool Engine::track(std::string_view name, const Json& props, std::int64_t time_ms, Clock clock, Error& error) {
  if (!events_->record(name, props, time_ms, clock.utc_offset_minutes, clock.now_ms, error)) return false;
  clock_ = clock;
  const auto id = events_->name_id(name);
  if (id && *id < config_event_of_.size() && config_event_of_[*id] != EventStore::kNoName) {
    const std::uint32_t event = config_event_of_[*id];
    mark_stale(config_->segments_by_event[event]);
    scores_.on_event(config_->scores, event, props, time_ms, clock.utc_offset_minutes);
    evaluate_marked();
    run_campaigns(&event, &props);
    award_streaks(event);
    return true;
  }
  evaluate_marked();
  run_campaigns(nullptr, nullptr);
  return true;
}

bool Engine::track_binary(std::string_view name, std::string_view props, std::int64_t time_ms, Clock clock,
                          Error& error) {
  Json decoded;
  if (!props.empty() && !parse_binary_input_into(props, limits_.max_properties_bytes, limits_.max_json_depth, decoded, error)) {
    error.pointer = "/props" + error.pointer;
    return false;
  }
  return track(name, decoded, time_ms, clock, error);
}

void Engine::tick(Clock clock) {
  clock_ = clock;
  events_->advance(clock.now_ms, clock.utc_offset_minutes);
  mark_stale(config_->time_segments);
  // The ad's language expires with time alone; conditions on "language" must see it go.
  if (config_->language_slot != AttributeTable::kRoot) {
    content_language_chain();  // decides for the new clock
    const std::string& tag = language_cache_.decision.tag;
    if (tag.empty() ? !language_value_.is_null() : language_value_ != tag) {
      resolve_slots();
      mark_stale(config_->profile_segments);
    }
  }
  evaluate_marked();
  run_campaigns(nullptr, nullptr);
  nudge_state_.prune(clock.now_ms);
}

void Engine::refresh(Clock clock) {
  clock_ = clock;
  evaluate_marked();
  run_campaigns(nullptr, nullptr);
}

}  // namespace nudgekit

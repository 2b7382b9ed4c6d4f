// The condition language: MongoDB-style operators with GrowthBook's targeting semantics, compiled once
// into an immutable tree and evaluated without allocating or throwing.
//
// Two dialects share one compiler and evaluator. They differ only where GrowthBook inherits JavaScript's
// coercions (docs/conditions.md lists every difference and why):
//   Dialect::Nudgekit   (default) typed comparisons: a missing attribute never satisfies $lt/$gt/…,
//                       "30" is not 30, a regex only matches strings, literal equality against an
//                       array attribute means "contains", unknown $-keys are errors.
//   Dialect::GrowthBook exactly GrowthBook's evalCondition (JS coercions included), for teams that
//                       import GrowthBook conditions verbatim and must keep the same audiences.
// In both, unknown operators and invalid or non-linear regexes are compile errors, never silent false.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "nudgekit/attributes.h"
#include "nudgekit/error.h"
#include "nudgekit/json_input.h"
#include "nudgekit/limits.h"

namespace nudgekit {

namespace detail {
struct DocTest;
}
class EventStore;

enum class Dialect : std::uint8_t { Nudgekit, GrowthBook };

// Parses "nudgekit" / "growthbook".
bool parse_dialect(std::string_view name, Dialect& out);

// Named lists for $inGroup / $notInGroup (GrowthBook's "saved groups").
using SavedGroups = std::unordered_map<std::string, std::vector<Json>>;

// Identical attribute tests recur across a config's segments (the same country list, the same
// $exists); they get one id each so that one evaluation pass can compute each of them once.
class LeafTable {
 public:
  std::uint32_t intern(std::string key);
  std::size_t size() const { return ids_.size(); }

 private:
  std::unordered_map<std::string, std::uint32_t> ids_;
};

// Results of shared tests within one evaluation pass. A pass starts with begin_pass(); results from
// earlier passes are ignored, so nothing carries over between passes (or profiles).
class LeafMemo {
 public:
  void begin_pass(std::size_t leaves);
  bool lookup(std::uint32_t leaf, bool& value) const noexcept {
    if (stamps_[leaf] != pass_) return false;
    value = values_[leaf] != 0;
    return true;
  }
  void store(std::uint32_t leaf, bool value) noexcept {
    stamps_[leaf] = pass_;
    values_[leaf] = value ? 1 : 0;
  }

 private:
  std::vector<std::uint32_t> stamps_;
  std::vector<std::uint8_t> values_;
  std::uint32_t pass_ = 0;
};

// The event names a config's behavioural conditions mention, interned to dense indices. An engine maps
// each index to its event store's id once per config, so evaluation never looks a name up.
class EventNames {
 public:
  std::uint32_t intern(const std::string& name);
  std::size_t size() const { return names_.size(); }
  const std::string& name(std::uint32_t index) const { return names_[index]; }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

struct ConditionOptions {
  Dialect dialect = Dialect::Nudgekit;
  Limits limits;
  const SavedGroups* saved_groups = nullptr;
  LeafTable* shared_leaves = nullptr;  // when set, identical attribute tests share an id
  // Behavioural operators ($event…$score) need somewhere to intern event names; without it they are
  // refused (the GrowthBook dialect never has them).
  EventNames* event_names = nullptr;
  // $segment resolves names here (sorted); nullptr refuses $segment. $score needs allow_scores.
  const std::vector<std::string>* segment_names = nullptr;
  bool allow_scores = false;
};

// What a condition reads besides its attributes, so an engine re-evaluates it only when one changes.
struct Dependencies {
  std::vector<std::uint32_t> events;    // EventNames indices, sorted, unique
  std::vector<std::uint32_t> segments;  // segment indices it reads through $segment, sorted, unique
  bool profile = false;                 // reads any attribute
  bool time = false;                    // its value can change with the clock alone
  bool scores = false;                  // reads $score
};

// What behavioural conditions read, supplied by the engine at evaluation time. Conditions with no
// behavioural operator ignore it; without one (nullptr), every behavioural test is false.
struct BehaviourContext {
  const EventStore* events = nullptr;
  const std::vector<std::uint32_t>* event_ids = nullptr;  // EventNames index → the store's name id
  std::int64_t now_ms = 0;
  std::int32_t utc_offset_minutes = 0;
  const std::vector<std::uint8_t>* segments = nullptr;    // membership by segment index
  const Json* scores = nullptr;                           // {rfm, lead, lifecycle}
  std::vector<std::uint32_t>* funnel_steps = nullptr;     // scratch with capacity for 16 steps
};

class Condition {
 public:
  Condition();
  Condition(Condition&&) noexcept;
  Condition& operator=(Condition&&) noexcept;
  ~Condition();

  // Compiles `source` (found at JSON pointer `pointer` in its document), interning attribute paths in
  // `attributes`. Problems are appended to `errors`, each with the pointer of the offending value; the
  // returned condition must not be used when any were appended.
  static Condition compile(const Json& source, const std::string& pointer, AttributeTable& attributes,
                           const ConditionOptions& options, Errors& errors);

  // `slots` must have been resolved against the attribute table the condition was compiled with.
  // `memo`, for conditions compiled with shared leaves, lets conditions evaluated in the same pass
  // reuse each other's attribute tests.
  bool evaluate(const SlotTable& slots, LeafMemo* memo = nullptr,
                const BehaviourContext* behaviour = nullptr) const noexcept;
  const Dependencies& dependencies() const { return dependencies_; }

  // The condition clause by clause, for people: {"ok", "pointer", "op"} per node, with "children" for
  // $and/$or/$nor/$not and, for an attribute test, its "path" and the "value" it saw (absent when the
  // attribute is missing). `attributes` is the table the condition was compiled against.
  Json explain(const SlotTable& slots, const AttributeTable& attributes, const BehaviourContext* behaviour) const;

  // Evaluates conditions[i] for each i of `which`, in that order (all compiled in one dialect, as a
  // config's are), in one pass, writing membership[i] = 1 or 0. behaviour->segments may point at
  // `membership`, so that a condition reading another segment sees the value computed earlier in the pass.
  static void evaluate_each(const std::vector<Condition>& conditions, const std::vector<std::uint32_t>& which,
                            const SlotTable& slots, LeafMemo* memo, const BehaviourContext* behaviour,
                            std::vector<std::uint8_t>& membership) noexcept;

 private:
  std::unique_ptr<detail::DocTest> root_;
  Dialect dialect_ = Dialect::Nudgekit;
  Dependencies dependencies_;
};

}  // namespace nudgekit

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

struct ConditionOptions {
  Dialect dialect = Dialect::Nudgekit;
  Limits limits;
  const SavedGroups* saved_groups = nullptr;
  LeafTable* shared_leaves = nullptr;  // when set, identical attribute tests share an id
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
  bool evaluate(const SlotTable& slots, LeafMemo* memo = nullptr) const noexcept;

  // Evaluates every condition (all compiled in one dialect, as a config's are) in one pass and appends
  // the index of each that holds. `matched` must already have capacity for all of them.
  static void evaluate_each(const std::vector<Condition>& conditions, const SlotTable& slots, LeafMemo* memo,
                            std::vector<std::uint32_t>& matched) noexcept;

 private:
  std::unique_ptr<detail::DocTest> root_;
  Dialect dialect_ = Dialect::Nudgekit;
};

}  // namespace nudgekit

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

struct ConditionOptions {
  Dialect dialect = Dialect::Nudgekit;
  Limits limits;
  const SavedGroups* saved_groups = nullptr;
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
  bool evaluate(const SlotTable& slots) const noexcept;

 private:
  std::unique_ptr<detail::DocTest> root_;
  Dialect dialect_ = Dialect::Nudgekit;
};

}  // namespace nudgekit

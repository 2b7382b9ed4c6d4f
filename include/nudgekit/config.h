// The config document marketers write: {"version": 1, "dialect"?, "savedGroups"?, "segments": {name: condition}}.
// Validated whole and compiled once; a document with any error is rejected whole.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nudgekit/attributes.h"
#include "nudgekit/condition.h"
#include "nudgekit/error.h"
#include "nudgekit/limits.h"

namespace nudgekit {

inline constexpr int kConfigVersion = 1;

// Immutable once built; shared by every engine that loaded the same document.
struct CompiledConfig {
  Dialect dialect = Dialect::Nudgekit;
  SavedGroups saved_groups;
  AttributeTable attributes;
  LeafTable leaves;                         // attribute tests shared between segments
  std::vector<std::string> segment_names;   // in name order
  std::vector<Condition> segment_conditions;  // segment_conditions[i] defines segment_names[i]
};

// Compiles `doc`. Returns nullptr and appends to `errors` (each with a JSON pointer) when it is invalid.
std::shared_ptr<const CompiledConfig> compile_config(const Json& doc, const Limits& limits, Errors& errors);

}  // namespace nudgekit

// Compiles the behavioural operators ($event, $recency, $funnel, $streak, $segment, $score) for the
// condition compiler, which lends them its sub-condition and value compilers.
#pragma once

#include <string>
#include <string_view>

#include "detail/condition_tree.h"
#include "nudgekit/condition.h"

namespace nudgekit::detail {

class SubconditionCompiler {
 public:
  // A condition over a document other than the profile (an event's properties, the scores).
  virtual DocTest relative_doc(const Json& j, const std::string& ptr, std::size_t depth) = 0;
  virtual ValueTest value(const Json& j, const std::string& ptr, std::size_t depth) = 0;
  virtual void fail(std::string code, const std::string& ptr, std::string message) = 0;

 protected:
  ~SubconditionCompiler() = default;
};

bool is_behaviour_operator(std::string_view key);

// `ptr` points at the operator's value. Records what the test reads in `dependencies`.
DocTest compile_behaviour(const std::string& key, const Json& operand, const std::string& ptr, std::size_t depth,
                          const ConditionOptions& options, SubconditionCompiler& compiler,
                          Dependencies& dependencies);

}  // namespace nudgekit::detail

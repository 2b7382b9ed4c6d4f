// Evaluates the behavioural tests of detail/condition_tree.h for the condition evaluator, which lends
// it its sub-condition and value evaluators.
#pragma once

#include "detail/condition_tree.h"
#include "nudgekit/condition.h"

namespace nudgekit::detail {

class SubconditionEvaluator {
 public:
  // A condition over a document other than the profile (an event's properties, the scores).
  virtual bool relative_doc(const DocTest& d, const Json& document) const = 0;
  virtual bool value(const ValueTest& t, const Json* x) const = 0;

 protected:
  ~SubconditionEvaluator() = default;
};

// False whenever the context lacks what the test reads. Never throws.
bool evaluate_behaviour(const BehaviourTest& test, const BehaviourContext* context,
                        const SubconditionEvaluator& evaluator) noexcept;

}  // namespace nudgekit::detail

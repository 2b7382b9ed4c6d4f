#include "detail/behaviour_eval.h"

#include "nudgekit/event_store.h"

namespace nudgekit::detail {
namespace {

struct WhereFilter {
  const SubconditionEvaluator* evaluator;
  const DocTest* where;
};

bool matches_where(const Json& props, const void* filter) {
  const auto* f = static_cast<const WhereFilter*>(filter);
  return f->evaluator->relative_doc(*f->where, props);
}

class BehaviourEvaluator {
 public:
  BehaviourEvaluator(const BehaviourTest& test, const BehaviourContext& context, const SubconditionEvaluator& evaluator)
      : test_(test), context_(context), evaluator_(evaluator) {}

  bool evaluate() const {
    switch (test_.kind) {
      case BehaviourKind::Segment:
        return context_.segments != nullptr && test_.segment < context_.segments->size() &&
               (*context_.segments)[test_.segment] != 0;
      case BehaviourKind::Score:
        return context_.scores != nullptr && evaluator_.relative_doc(test_.where.front(), *context_.scores);
      default:
        break;
    }
    if (context_.events == nullptr || context_.event_ids == nullptr) return false;
    switch (test_.kind) {
      case BehaviourKind::Event:
        return event();
      case BehaviourKind::Recency:
        return recency();
      case BehaviourKind::Funnel:
        return funnel();
      case BehaviourKind::Streak:
        return measured(context_.events->streak_days(id(0), context_.now_ms, context_.utc_offset_minutes));
      default:
        return false;
    }
  }

 private:
  std::uint32_t id(std::size_t i) const { return (*context_.event_ids)[test_.events[i]]; }

  EventStore::Window window() const {
    return test_.window_ms > 0 ? EventStore::Window::since(context_.now_ms - test_.window_ms) : EventStore::Window{};
  }

  bool measured(double value) const {
    if (test_.measure_test.empty()) return value >= 1;
    const Json number(value);
    return evaluator_.value(test_.measure_test.front(), &number);
  }

  bool event() const {
    const EventStore& store = *context_.events;
    const EventStore::Window w = window();
    const std::int64_t now = context_.now_ms;
    if (!test_.where.empty()) {
      const WhereFilter filter{&evaluator_, &test_.where.front()};
      const EventStore::Totals totals = store.totals_where(id(0), w, now, matches_where, &filter);
      switch (test_.measure) {
        case EventMeasure::Count:
          return measured(totals.count);
        case EventMeasure::Sum:
          return measured(totals.sum);
        case EventMeasure::Days:
          return measured(totals.distinct_days);
      }
    }
    switch (test_.measure) {
      case EventMeasure::Count:
        return measured(store.count(id(0), w, now));
      case EventMeasure::Sum:
        return measured(store.sum(id(0), w, now));
      case EventMeasure::Days:
        return measured(store.distinct_days(id(0), w, now, context_.utc_offset_minutes));
    }
    return false;
  }

  bool recency() const {
    const EventStore& store = *context_.events;
    const auto time = test_.of_first ? store.first_time(id(0)) : store.last_time(id(0));
    if (test_.never) return !time.has_value();
    if (!time) return false;
    const std::int64_t age = context_.now_ms - *time;
    if (test_.older_than_ms >= 0 && !(age > test_.older_than_ms)) return false;
    if (test_.newer_than_ms >= 0 && !(age < test_.newer_than_ms)) return false;
    return true;
  }

  bool funnel() const {
    if (context_.funnel_steps == nullptr) return false;
    std::vector<std::uint32_t>& steps = *context_.funnel_steps;  // capacity for 16 steps: no allocation
    steps.clear();
    for (std::size_t i = 0; i < test_.events.size(); ++i) steps.push_back(id(i));
    const EventStore::FunnelState state = context_.events->funnel(steps, window(), context_.now_ms);
    switch (test_.check) {
      case FunnelCheck::Completed:
        return state.completed;
      case FunnelCheck::Reached:
        return state.reached_step >= test_.step;
      case FunnelCheck::Stalled:
        return state.reached_step == test_.step && state.time_of_last_reached_step &&
               context_.now_ms - *state.time_of_last_reached_step >= test_.stalled_for_ms;
    }
    return false;
  }

  const BehaviourTest& test_;
  const BehaviourContext& context_;
  const SubconditionEvaluator& evaluator_;
};

}  // namespace

bool evaluate_behaviour(const BehaviourTest& test, const BehaviourContext* context,
                        const SubconditionEvaluator& evaluator) noexcept {
  if (context == nullptr) return false;
  return BehaviourEvaluator(test, *context, evaluator).evaluate();
}

}  // namespace nudgekit::detail

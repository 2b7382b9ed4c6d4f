#include "detail/behaviour_compile.h"

#include <algorithm>
#include <array>

#include "detail/cold.h"
#include "nudgekit/duration.h"
#include "nudgekit/event_store.h"

namespace nudgekit::detail {
NK_COLD_CODE_BEGIN
namespace {

constexpr std::array<std::string_view, 6> kBehaviourOperators = {"$event",  "$recency", "$funnel",
                                                                   "$streak", "$segment", "$score"};
constexpr std::array<std::string_view, 6> kNumericOperators = {"$eq", "$ne", "$lt", "$lte", "$gt", "$gte"};

void add_sorted(std::vector<std::uint32_t>& list, std::uint32_t value) {
  const auto at = std::lower_bound(list.begin(), list.end(), value);
  if (at == list.end() || *at != value) list.insert(at, value);
}

class BehaviourCompiler {
 public:
  BehaviourCompiler(const std::string& key, const Json& operand, const std::string& ptr, std::size_t depth,
                    const ConditionOptions& options, SubconditionCompiler& compiler, Dependencies& dependencies)
      : key_(key), operand_(operand), ptr_(ptr), depth_(depth), options_(options), compiler_(compiler),
        dependencies_(dependencies) {
    node_.kind = DocKind::Behaviour;
    node_.pointer = ptr;
    node_.behaviour = std::make_unique<BehaviourTest>();
  }

  DocTest compile() {
    BehaviourTest& test = *node_.behaviour;
    if (key_ == "$segment") {
      segment(test);
    } else if (key_ == "$score") {
      score(test);
    } else if (!operand_.is_object()) {
      fail("condition.invalid_operand", ptr_, key_ + " takes an object such as " + example());
    } else if (options_.event_names == nullptr) {
      fail("condition.unsupported_operator", ptr_, key_ + " is not available here");
    } else if (key_ == "$event") {
      event(test);
    } else if (key_ == "$recency") {
      recency(test);
    } else if (key_ == "$funnel") {
      funnel(test);
    } else {
      streak(test);
    }
    return std::move(node_);
  }

 private:
  std::string example() const {
    if (key_ == "$event") return R"({"name": "ledger_entry_added", "within": "7d", "count": {"$gte": 3}})";
    if (key_ == "$recency") return R"({"name": "app_open", "olderThan": "15d"})";
    if (key_ == "$funnel") return R"({"steps": ["kyc_started", "kyc_selfie", "kyc_done"], "stalledAfter": "kyc_selfie", "idleFor": "2h"})";
    return R"({"name": "ledger_entry_added", "days": {"$gte": 7}})";
  }

  // Every key of the operand must be one this operator reads: a misspelt "whitin" must not silently
  // turn a 7-day window into a lifetime one.
  bool only_keys(std::initializer_list<std::string_view> allowed) {
    bool ok = true;
    for (const auto& item : operand_.items()) {
      if (std::find(allowed.begin(), allowed.end(), item.key()) != allowed.end()) continue;
      std::string list;
      for (std::string_view name : allowed) list += (list.empty() ? "\"" : ", \"") + std::string(name) + "\"";
      fail("condition.unknown_key", pointer_append(ptr_, item.key()),
           key_ + " has no key \"" + item.key() + "\" (it reads " + list + ")");
      ok = false;
    }
    return ok;
  }

  bool event_name(const Json& name, const std::string& ptr, std::uint32_t& index) {
    if (!name.is_string() || !EventStore::is_valid_name(name.get_ref<const std::string&>())) {
      fail("condition.invalid_operand", ptr,
           "an event name is 1 to 64 characters of A-Z a-z 0-9 _ . : - starting with a letter or _");
      return false;
    }
    index = options_.event_names->intern(name.get_ref<const std::string&>());
    add_sorted(dependencies_.events, index);
    return true;
  }

  bool required_name(BehaviourTest& test) {
    const auto name = operand_.find("name");
    if (name == operand_.end()) {
      fail("condition.missing_key", ptr_, key_ + " needs \"name\": the event to look at");
      return false;
    }
    std::uint32_t index = 0;
    if (!event_name(*name, pointer_append(ptr_, "name"), index)) return false;
    test.events.push_back(index);
    return true;
  }

  bool duration(const char* key, std::int64_t& ms) {
    const auto found = operand_.find(key);
    if (found == operand_.end()) return false;
    std::string message;
    if (!found->is_string() || !parse_duration(found->get_ref<const std::string&>(), ms, message)) {
      fail("condition.invalid_duration", pointer_append(ptr_, key),
           found->is_string() ? message : std::string("expected a duration like \"7d\", \"24h\" or \"30m\""));
      ms = 0;
      return false;
    }
    return true;
  }

  // A count, sum or day number: a literal (equality) or numeric operators.
  void numeric_test(const Json& j, const std::string& ptr, BehaviourTest& test) {
    bool ok = j.is_number();
    if (j.is_object() && !j.empty()) {
      ok = true;
      for (const auto& item : j.items()) {
        const bool known = std::find(kNumericOperators.begin(), kNumericOperators.end(), item.key()) != kNumericOperators.end();
        if (!known || !item.value().is_number()) ok = false;
      }
    }
    if (!ok) {
      fail("condition.invalid_operand", ptr,
           "expected a number or numeric operators such as {\"$gte\": 3} ($eq $ne $lt $lte $gt $gte)");
      return;
    }
    test.measure_test.push_back(compiler_.value(j, ptr, depth_ + 1));
  }

  void event(BehaviourTest& test) {
    test.kind = BehaviourKind::Event;
    only_keys({"name", "within", "where", "count", "sum", "days"});
    required_name(test);
    if (duration("within", test.window_ms)) dependencies_.time = true;
    int measures = 0;
    for (const auto& [name, measure] : {std::pair{"count", EventMeasure::Count}, std::pair{"sum", EventMeasure::Sum},
                                        std::pair{"days", EventMeasure::Days}}) {
      const auto found = operand_.find(name);
      if (found == operand_.end()) continue;
      if (++measures > 1) {
        fail("condition.conflicting_keys", pointer_append(ptr_, name), "$event measures one of \"count\", \"sum\" or \"days\"");
        break;
      }
      test.measure = measure;
      numeric_test(*found, pointer_append(ptr_, name), test);
    }
    if (const auto where = operand_.find("where"); where != operand_.end()) {
      test.where.push_back(compiler_.relative_doc(*where, pointer_append(ptr_, "where"), depth_ + 1));
    }
  }

  void recency(BehaviourTest& test) {
    test.kind = BehaviourKind::Recency;
    only_keys({"name", "of", "olderThan", "newerThan", "never"});
    required_name(test);
    dependencies_.time = true;
    if (const auto of = operand_.find("of"); of != operand_.end()) {
      if (*of == "first") {
        test.of_first = true;
      } else if (*of != "last") {
        fail("condition.invalid_operand", pointer_append(ptr_, "of"), "\"of\" is \"last\" (default) or \"first\"");
      }
    }
    const bool older = duration("olderThan", test.older_than_ms);
    const bool newer = duration("newerThan", test.newer_than_ms);
    if (!older) test.older_than_ms = -1;
    if (!newer) test.newer_than_ms = -1;
    const auto never = operand_.find("never");
    if (never != operand_.end()) {
      if (*never != true) {
        fail("condition.invalid_operand", pointer_append(ptr_, "never"),
             "\"never\": true is the only form; for \"has happened\" use {\"$event\": {\"name\": …}}");
      } else if (operand_.contains("olderThan") || operand_.contains("newerThan") || operand_.contains("of")) {
        fail("condition.conflicting_keys", pointer_append(ptr_, "never"), "\"never\" cannot be combined with a time bound");
      }
      test.never = true;
    } else if (!operand_.contains("olderThan") && !operand_.contains("newerThan")) {
      fail("condition.missing_key", ptr_, "$recency needs \"olderThan\", \"newerThan\" (or both), or \"never\": true");
    }
  }

  void funnel(BehaviourTest& test) {
    test.kind = BehaviourKind::Funnel;
    only_keys({"steps", "within", "completed", "reached", "stalledAfter", "idleFor"});
    const auto steps = operand_.find("steps");
    const std::string steps_ptr = pointer_append(ptr_, "steps");
    const bool steps_valid = steps != operand_.end() && steps->is_array() && steps->size() >= 2 && steps->size() <= 16;
    if (!steps_valid) {
      fail("condition.invalid_operand", steps_ptr, "$funnel needs \"steps\": 2 to 16 event names, in order");
    } else {
      for (std::size_t i = 0; i < steps->size(); ++i) {
        std::uint32_t index = 0;
        if (event_name((*steps)[i], pointer_append(steps_ptr, i), index)) test.events.push_back(index);
      }
    }
    if (duration("within", test.window_ms)) dependencies_.time = true;
    const int checks = static_cast<int>(operand_.contains("completed")) + static_cast<int>(operand_.contains("reached")) +
                       static_cast<int>(operand_.contains("stalledAfter"));
    if (checks != 1) {
      fail(checks == 0 ? "condition.missing_key" : "condition.conflicting_keys", ptr_,
           "$funnel takes exactly one of \"completed\": true, \"reached\": step, \"stalledAfter\": step (with \"idleFor\")");
      return;
    }
    if (const auto completed = operand_.find("completed"); completed != operand_.end()) {
      if (*completed != true) fail("condition.invalid_operand", pointer_append(ptr_, "completed"), "\"completed\" takes true");
      test.check = FunnelCheck::Completed;
      return;
    }
    const bool reached = operand_.contains("reached");
    const char* step_key = reached ? "reached" : "stalledAfter";
    if (!steps_valid || !funnel_step(operand_.at(step_key), *steps, pointer_append(ptr_, step_key), test.step)) return;
    if (reached) {
      test.check = FunnelCheck::Reached;
      if (operand_.contains("idleFor")) {
        fail("condition.conflicting_keys", pointer_append(ptr_, "idleFor"), "\"idleFor\" goes with \"stalledAfter\"");
      }
      return;
    }
    test.check = FunnelCheck::Stalled;
    dependencies_.time = true;
    if (test.step == steps->size()) {
      fail("condition.invalid_operand", pointer_append(ptr_, step_key), "a funnel cannot stall after its last step");
    }
    if (!duration("idleFor", test.stalled_for_ms) && !operand_.contains("idleFor")) {
      fail("condition.missing_key", ptr_, "\"stalledAfter\" needs \"idleFor\": how long, e.g. \"2h\"");
    }
  }

  // A step by its event name ("kyc_selfie") or its 1-based number (needed when a name repeats).
  bool funnel_step(const Json& step, const Json& steps, const std::string& ptr, std::uint32_t& out) {
    if (step.is_string()) {
      std::size_t matches = 0;
      for (std::size_t i = 0; i < steps.size(); ++i) {
        if (steps[i] == step) {
          out = static_cast<std::uint32_t>(i + 1);
          ++matches;
        }
      }
      if (matches == 1) return true;
      fail("condition.invalid_operand", ptr,
           matches == 0 ? "\"" + step.get<std::string>() + "\" is not one of the steps"
                        : "\"" + step.get<std::string>() + "\" is several steps; give the step's number instead");
      return false;
    }
    if (step.is_number_unsigned() && step.get<std::uint64_t>() >= 1 && step.get<std::uint64_t>() <= steps.size()) {
      out = static_cast<std::uint32_t>(step.get<std::uint64_t>());
      return true;
    }
    fail("condition.invalid_operand", ptr, "a step is one of the steps' names or its number, from 1 to " + std::to_string(steps.size()));
    return false;
  }

  void streak(BehaviourTest& test) {
    test.kind = BehaviourKind::Streak;
    only_keys({"name", "days"});
    required_name(test);
    dependencies_.time = true;
    const auto days = operand_.find("days");
    if (days == operand_.end()) {
      fail("condition.missing_key", ptr_, "$streak needs \"days\", e.g. {\"$gte\": 7}");
      return;
    }
    numeric_test(*days, pointer_append(ptr_, "days"), test);
  }

  void segment(BehaviourTest& test) {
    test.kind = BehaviourKind::Segment;
    if (options_.segment_names == nullptr) {
      fail("condition.unsupported_operator", ptr_, "$segment is not available here (only in segments and campaigns)");
      return;
    }
    if (!operand_.is_string()) {
      fail("condition.invalid_operand", ptr_, "$segment takes the name of another segment");
      return;
    }
    const auto& names = *options_.segment_names;
    const auto found = std::lower_bound(names.begin(), names.end(), operand_.get_ref<const std::string&>());
    if (found == names.end() || *found != operand_.get_ref<const std::string&>()) {
      fail("condition.unknown_segment", ptr_, "no segment \"" + operand_.get<std::string>() + "\"");
      return;
    }
    test.segment = static_cast<std::uint32_t>(found - names.begin());
    add_sorted(dependencies_.segments, test.segment);
  }

  void score(BehaviourTest& test) {
    test.kind = BehaviourKind::Score;
    if (!options_.allow_scores) {
      fail("condition.unsupported_operator", ptr_, "$score is not available here (scores cannot depend on scores)");
      return;
    }
    if (!operand_.is_object() || operand_.empty()) {
      fail("condition.invalid_operand", ptr_,
           "$score takes a condition over the scores, e.g. {\"rfm.cell\": \"champions\"} or {\"lead.points\": {\"$gte\": 50}}");
      return;
    }
    dependencies_.scores = true;
    dependencies_.time = true;  // lead points decay with time
    test.where.push_back(compiler_.relative_doc(operand_, ptr_, depth_ + 1));
  }

  void fail(std::string code, const std::string& ptr, std::string message) {
    compiler_.fail(std::move(code), ptr, std::move(message));
  }

  const std::string& key_;
  const Json& operand_;
  const std::string& ptr_;
  std::size_t depth_;
  const ConditionOptions& options_;
  SubconditionCompiler& compiler_;
  Dependencies& dependencies_;
  DocTest node_;
};

}  // namespace

bool is_behaviour_operator(std::string_view key) {
  return std::find(kBehaviourOperators.begin(), kBehaviourOperators.end(), key) != kBehaviourOperators.end();
}

DocTest compile_behaviour(const std::string& key, const Json& operand, const std::string& ptr, std::size_t depth,
                          const ConditionOptions& options, SubconditionCompiler& compiler, Dependencies& dependencies) {
  return BehaviourCompiler(key, operand, ptr, depth, options, compiler, dependencies).compile();
}

NK_COLD_CODE_END
}  // namespace nudgekit::detail

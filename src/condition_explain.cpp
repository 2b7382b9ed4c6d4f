// Condition::explain: the compiled tree walked for people, each node with its answer and, for
// attribute tests, the value it read, so that "why is this user not in the audience" has an answer.
#include "detail/behaviour_compile.h"
#include "detail/cold.h"
#include "detail/condition_tree.h"
#include "nudgekit/condition.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

using detail::DocKind;
using detail::DocTest;

const char* op_name(const DocTest& d) {
  switch (d.kind) {
    case DocKind::And:
      return "$and";
    case DocKind::Or:
      return "$or";
    case DocKind::Nor:
      return "$nor";
    case DocKind::Not:
      return "$not";
    case DocKind::Behaviour:
      switch (d.behaviour->kind) {
        case detail::BehaviourKind::Event:
          return "$event";
        case detail::BehaviourKind::Recency:
          return "$recency";
        case detail::BehaviourKind::Funnel:
          return "$funnel";
        case detail::BehaviourKind::Streak:
          return "$streak";
        case detail::BehaviourKind::Segment:
          return "$segment";
        case detail::BehaviourKind::Score:
          return "$score";
      }
      return "behaviour";
    default:
      return "attribute";
  }
}

class Explainer {
 public:
  Explainer(const SlotTable& slots, const AttributeTable& attributes, bool growthbook, const BehaviourContext* behaviour)
      : slots_(slots), attributes_(attributes), growthbook_(growthbook), behaviour_(behaviour) {}

  // Iterative so that a 32-level condition costs no deep stack; children are filled in place.
  Json explain(const DocTest& root) const {
    Json out;
    std::vector<std::pair<const DocTest*, Json*>> pending{{&root, &out}};
    while (!pending.empty()) {
      const auto [test, into] = pending.back();
      pending.pop_back();
      *into = node(*test);
      if (test->kind == DocKind::And || test->kind == DocKind::Or || test->kind == DocKind::Nor || test->kind == DocKind::Not) {
        Json& children = (*into)["children"] = Json::array();
        for (std::size_t i = 0; i < test->children.size(); ++i) children.push_back(nullptr);
        for (std::size_t i = 0; i < test->children.size(); ++i) pending.emplace_back(&test->children[i], &children[i]);
      }
    }
    return out;
  }

 private:
  Json node(const DocTest& d) const {
    Json out = {{"op", op_name(d)}, {"ok", detail::evaluate_doc(d, slots_, growthbook_, behaviour_)}, {"pointer", d.pointer}};
    if (d.slot != detail::kNoSlot && d.slot < attributes_.size()) {
      out["path"] = attributes_.name(d.slot);
      if (const Json* value = slots_[d.slot].value) out["value"] = *value;
    }
    return out;
  }

  const SlotTable& slots_;
  const AttributeTable& attributes_;
  bool growthbook_;
  const BehaviourContext* behaviour_;
};

}  // namespace

Json Condition::explain(const SlotTable& slots, const AttributeTable& attributes, const BehaviourContext* behaviour) const {
  if (!root_) return Json{{"op", "$and"}, {"ok", false}, {"pointer", ""}};
  return Explainer(slots, attributes, dialect_ == Dialect::GrowthBook, behaviour).explain(*root_);
}

NK_COLD_CODE_END
}  // namespace nudgekit

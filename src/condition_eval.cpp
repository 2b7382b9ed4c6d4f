// Evaluates a compiled condition against resolved attribute slots. The Nudgekit dialect never allocates;
// the GrowthBook dialect may build a string when JavaScript would (String([1,2]), version of a number).
#include <cstring>

#include "detail/behaviour_eval.h"
#include "detail/condition_tree.h"
#include "detail/js_semantics.h"
#include "detail/text_fold.h"
#include "detail/version_order.h"
#include "nudgekit/condition.h"

#if defined(__GNUC__) || defined(__clang__)
#define NK_NOINLINE __attribute__((noinline))
#else
#define NK_NOINLINE
#endif

namespace nudgekit {
namespace {

using detail::DocKind;
using detail::DocTest;
using detail::MemberList;
using detail::Op;
using detail::OpTest;
using detail::Order;
using detail::ValueTest;

inline double number_of(const Json& v) {
  if (v.is_number_float()) return v.get_ref<const Json::number_float_t&>();
  if (v.is_number_unsigned()) return static_cast<double>(v.get_ref<const Json::number_unsigned_t&>());
  return static_cast<double>(v.get_ref<const Json::number_integer_t&>());
}

inline bool present(const Json* v) { return v != nullptr && !v->is_null(); }

// Same type and same value, for scalars; JavaScript's === (arrays and objects are never equal).
bool strictly_equal(const Json& a, const Json& b) {
  if (a.is_string() && b.is_string()) return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
  if (a.is_number() && b.is_number()) return number_of(a) == number_of(b);
  if (a.is_boolean() && b.is_boolean()) return a.get<bool>() == b.get<bool>();
  return a.is_null() && b.is_null();
}

class Evaluator {
 public:
  Evaluator(const SlotTable& slots, bool growthbook, LeafMemo* memo, const BehaviourContext* behaviour)
      : slots_(slots), growthbook_(growthbook), memo_(memo), behaviour_(behaviour) {}

  bool doc(const DocTest& d, const Json* element) const {
    if (d.leaf != detail::kNoLeaf && memo_ != nullptr) return shared_leaf(d);
    return node(d, element);
  }

 private:
  NK_NOINLINE bool shared_leaf(const DocTest& d) const {
    bool value = false;
    if (memo_->lookup(d.leaf, value)) return value;
    value = node(d, nullptr);
    memo_->store(d.leaf, value);
    return value;
  }

 public:
  bool node(const DocTest& d, const Json* element) const {
    switch (d.kind) {
      case DocKind::And:
        for (const DocTest& child : d.children) {
          if (!doc(child, element)) return false;
        }
        return true;
      case DocKind::Or:
        if (d.children.empty()) return true;
        for (const DocTest& child : d.children) {
          if (doc(child, element)) return true;
        }
        return false;
      case DocKind::Nor:
        if (d.children.empty()) return false;
        for (const DocTest& child : d.children) {
          if (doc(child, element)) return false;
        }
        return true;
      case DocKind::Not:
        return !doc(d.children.front(), element);
      case DocKind::Field:
        return field(d, element);
      case DocKind::FastNumber: {
        const Json* x = slots_[d.slot].value;
        if (x == nullptr || !x->is_number()) return false;
        const double v = number_of(*x);
        return (v > d.low || (d.low_inclusive && v == d.low)) && (v < d.high || (d.high_inclusive && v == d.high));
      }
      case DocKind::FastStrings:
        return fast_strings(d) != d.negate;
      case DocKind::FastExists:
        return present(slots_[d.slot].value) != d.negate;
      case DocKind::FastAllStrings:
        return fast_all_strings(d);
      case DocKind::FastScalar:
        return fast_scalar(d);
      case DocKind::Behaviour:
        return behaviour(d);
    }
    return false;
  }

  // Every listed string must be an element. Non-string elements cannot match a string item; an element
  // that is itself an array could ("contains" applies at every level), so those take the general path.
  NK_NOINLINE bool fast_all_strings(const DocTest& d) const {
    const SlotView& view = slots_[d.slot];
    const Json* x = view.value;
    if (x == nullptr || !x->is_array()) return false;
    const auto& elements = x->get_ref<const Json::array_t&>();
    for (std::size_t k = 0; k < d.hashes.size(); ++k) {
      bool found = false;
      for (std::uint32_t i = 0; i < view.element_count && !found; ++i) {
        const Json& element = elements[i];
        if (element.is_array()) {
          found = scalar_in(element, d.strings[k]);
        } else {
          found = element.is_string() && slots_.element_hash(view.first_element + i) == d.hashes[k] &&
                  element.get_ref<const std::string&>() == d.strings[k];
        }
      }
      if (!found) return false;
    }
    return true;
  }

  static bool scalar_in(const Json& array, const std::string& text) {
    for (const Json& e : array) {
      if (e.is_string() && e.get_ref<const std::string&>() == text) return true;
    }
    return false;
  }

  NK_NOINLINE bool fast_scalar(const DocTest& d) const {
    const Json* x = slots_[d.slot].value;
    if (x == nullptr) return false;
    if (!x->is_array()) return strictly_equal(*x, d.scalar);
    for (const Json& element : *x) {
      if (strictly_equal(element, d.scalar)) return true;
    }
    return false;
  }

  // Lends the behavioural evaluator this evaluator's sub-condition and value tests. A separate object,
  // so that the evaluator itself stays free of virtual calls (measured: 2 µs of a segments() call).
  class Lender final : public detail::SubconditionEvaluator {
   public:
    explicit Lender(const Evaluator& evaluator) : evaluator_(evaluator) {}
    bool relative_doc(const DocTest& d, const Json& document) const override { return evaluator_.doc(d, &document); }
    bool value(const ValueTest& t, const Json* x) const override { return evaluator_.value_test(t, x); }

   private:
    const Evaluator& evaluator_;
  };

  NK_NOINLINE bool behaviour(const DocTest& d) const {
    return detail::evaluate_behaviour(*d.behaviour, behaviour_, Lender(*this));
  }

  // Out of line on purpose: doc() runs once per node, and inlining the leaf work into it gives every
  // call the large stack frame of the heaviest leaf.
  NK_NOINLINE bool field(const DocTest& d, const Json* element) const {
    const Json* value = element != nullptr ? lookup_path(*element, d.path) : slots_[d.slot].value;
    return value_test(d.value.front(), value);
  }

  NK_NOINLINE bool fast_strings(const DocTest& d) const {
    const SlotView& view = slots_[d.slot];
    const Json* x = view.value;
    if (x == nullptr) return false;
    if (x->is_string()) return has_string(d, view.hash, x->get_ref<const std::string&>());
    if (!x->is_array()) return false;
    const auto& elements = x->get_ref<const Json::array_t&>();
    for (std::uint32_t i = 0; i < view.element_count; ++i) {
      const Json& element = elements[i];
      if (element.is_string() &&
          has_string(d, slots_.element_hash(view.first_element + i), element.get_ref<const std::string&>())) {
        return true;
      }
    }
    return false;
  }

  static bool has_string(const DocTest& d, std::uint64_t hash, const std::string& text) {
    for (std::size_t i = 0; i < d.hashes.size(); ++i) {
      if (d.hashes[i] == hash && d.strings[i] == text) return true;
    }
    return false;
  }

  bool value_test(const ValueTest& v, const Json* x) const {
    if (v.literal_only) return literal_equal(v, x);
    for (const OpTest& o : v.ops) {
      if (!op(o, x)) return false;
    }
    return true;
  }

 private:
  bool literal_equal(const ValueTest& v, const Json* x) const {
    const Json& lit = v.literal;
    if (lit.is_null()) return !present(x);
    if (growthbook_) return growthbook_literal_equal(v, x);
    if (lit.is_array() || lit.is_object()) return x != nullptr && *x == lit;
    if (x == nullptr) return false;
    if (scalar_equal(v, *x)) return true;
    // MongoDB's reading: a scalar equals an array attribute that contains it ({"tags": "vip"}).
    if (x->is_array()) {
      for (const Json& element : *x) {
        if (scalar_equal(v, element)) return true;
      }
    }
    return false;
  }

  static bool scalar_equal(const ValueTest& v, const Json& x) {
    if (v.folded && v.literal.is_string() && x.is_string()) {
      return detail::equals_folded(x.get_ref<const std::string&>(), v.literal_folded);
    }
    return strictly_equal(v.literal, x);
  }

  // evalConditionValue's literal rules: String(x) === s, x * 1 === n, x !== null && !!x === b, and
  // JSON.stringify equality for arrays and objects.
  static bool growthbook_literal_equal(const ValueTest& v, const Json* x) {
    const Json& lit = v.literal;
    if (lit.is_string()) {
      if (x != nullptr && x->is_string()) {
        return v.folded ? detail::equals_folded(x->get_ref<const std::string&>(), v.literal_folded)
                        : x->get_ref<const std::string&>() == lit.get_ref<const std::string&>();
      }
      std::string text;
      detail::js_to_string(x, text);
      return v.folded ? detail::equals_folded(text, v.literal_folded) : text == lit.get_ref<const std::string&>();
    }
    if (lit.is_number()) return detail::js_to_number(x) == number_of(lit);
    if (lit.is_boolean()) return present(x) && detail::js_truthy(x) == lit.get<bool>();
    return x != nullptr && *x == lit;
  }

  bool op(const OpTest& o, const Json* x) const {
    switch (o.op) {
      case Op::Eq:
        return equal(x, o.operand);
      case Op::Ne:
        return !equal(x, o.operand);
      case Op::Lt:
      case Op::Lte:
      case Op::Gt:
      case Op::Gte:
        return ordered(o.op, x, o.operand);
      case Op::Exists:
        return o.flag == present(x);
      case Op::Type:
        return o.text == type_name(x);
      case Op::In:
      case Op::InFolded:
        return in_list(x, o.members, o.op == Op::InFolded);
      case Op::Nin:
      case Op::NinFolded:
        return !in_list(x, o.members, o.op == Op::NinFolded);
      case Op::All:
      case Op::AllFolded:
        return all(x, o.values);
      case Op::Size: {
        if (x == nullptr || !x->is_array()) return false;
        const Json size(static_cast<Json::number_unsigned_t>(x->size()));
        return value_test(o.values.front(), &size);
      }
      case Op::ElemMatchValue:
      case Op::ElemMatchDoc:
        return elem_match(o, x);
      case Op::Not:
        return !value_test(o.values.front(), x);
      case Op::Regex:
        return regex_test(o, x);
      case Op::NotRegex:
        return !regex_test(o, x);
      case Op::VersionEq:
      case Op::VersionNe:
      case Op::VersionGt:
      case Op::VersionGte:
      case Op::VersionLt:
      case Op::VersionLte:
        return version(o, x);
    }
    return false;
  }

  bool equal(const Json* x, const Json& operand) const {
    if (x == nullptr) return operand.is_null();
    if (growthbook_) return strictly_equal(*x, operand);
    return *x == operand;
  }

  bool ordered(Op op, const Json* x, const Json& operand) const {
    Order order = Order::Unordered;
    if (growthbook_) {
      order = detail::js_order(x, operand);
    } else if (x != nullptr && x->is_number() && operand.is_number()) {
      const double a = number_of(*x);
      const double b = number_of(operand);
      order = a < b ? Order::Less : a > b ? Order::Greater : Order::Equal;
    } else if (x != nullptr && x->is_string() && operand.is_string()) {
      const int c = x->get_ref<const std::string&>().compare(operand.get_ref<const std::string&>());
      order = c < 0 ? Order::Less : c > 0 ? Order::Greater : Order::Equal;
    }
    switch (op) {
      case Op::Lt:
        return order == Order::Less;
      case Op::Lte:
        return order == Order::Less || order == Order::Equal;
      case Op::Gt:
        return order == Order::Greater;
      default:
        return order == Order::Greater || order == Order::Equal;
    }
  }

  static const char* type_name(const Json* x) {
    if (x == nullptr || x->is_null()) return "null";
    if (x->is_string()) return "string";
    if (x->is_number()) return "number";
    if (x->is_boolean()) return "boolean";
    if (x->is_array()) return "array";
    return "object";
  }

  bool member(const Json& x, const MemberList& members, bool folded) const {
    if (x.is_string()) {
      const std::string& s = x.get_ref<const std::string&>();
      for (const std::string& candidate : members.strings) {
        if (folded ? detail::equals_folded(s, candidate) : s == candidate) return true;
      }
      return false;
    }
    for (const Json& candidate : members.others) {
      // JavaScript's includes() never finds an array or object (identity); the Nudgekit dialect compares values.
      if (growthbook_ ? strictly_equal(x, candidate) : x == candidate) return true;
    }
    return false;
  }

  bool in_list(const Json* x, const MemberList& members, bool folded) const {
    if (x == nullptr) {
      static const Json null_value;
      return member(null_value, members, folded);
    }
    if (x->is_array()) {
      for (const Json& element : *x) {
        if (member(element, members, folded)) return true;
      }
      return false;
    }
    return member(*x, members, folded);
  }

  bool all(const Json* x, const std::vector<ValueTest>& items) const {
    if (x == nullptr || !x->is_array()) return false;
    for (const ValueTest& item : items) {
      bool found = false;
      for (const Json& element : *x) {
        if (value_test(item, &element)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  bool elem_match(const OpTest& o, const Json* x) const {
    if (x == nullptr || !x->is_array()) return false;
    for (const Json& element : *x) {
      // GrowthBook skips falsy elements (0, "", false, null) before testing them.
      if (growthbook_ && !detail::js_truthy(&element)) continue;
      const bool hit = o.op == Op::ElemMatchDoc ? doc(o.docs.front(), &element) : value_test(o.values.front(), &element);
      if (hit) return true;
    }
    return false;
  }

  bool regex_test(const OpTest& o, const Json* x) const {
    if (x != nullptr && x->is_string()) return o.regex->search(x->get_ref<const std::string&>());
    if (!growthbook_) return false;
    // RegExp.test(String(x)): a missing attribute is tested as "null", a number as its JS spelling.
    std::string text;
    detail::js_to_string(x, text);
    return o.regex->search(text);
  }

  bool version(const OpTest& o, const Json* x) const {
    char buffer[320];
    std::size_t length = 0;
    if (x != nullptr && x->is_string()) {
      length = detail::pad_version(x->get_ref<const std::string&>(), buffer, sizeof buffer);
    } else if (x != nullptr && x->is_number()) {
      char digits[32];
      const std::size_t count = detail::js_number_to_chars(number_of(*x), digits);
      length = detail::pad_version(std::string_view(digits, count), buffer, sizeof buffer);
    } else if (growthbook_) {
      length = detail::pad_version("0", buffer, sizeof buffer);
    } else {
      return o.op == Op::VersionNe;
    }
    if (length > sizeof buffer) {
      if (!growthbook_) return o.op == Op::VersionNe;
      length = sizeof buffer;  // compare the padded prefix; versions this long are not versions
    }
    const int c = std::string_view(buffer, length).compare(o.text);
    switch (o.op) {
      case Op::VersionEq:
        return c == 0;
      case Op::VersionNe:
        return c != 0;
      case Op::VersionGt:
        return c > 0;
      case Op::VersionGte:
        return c >= 0;
      case Op::VersionLt:
        return c < 0;
      default:
        return c <= 0;
    }
  }

  const SlotTable& slots_;
  bool growthbook_;
  LeafMemo* memo_;
  const BehaviourContext* behaviour_;
};

}  // namespace

bool detail::evaluate_doc(const DocTest& test, const SlotTable& slots, bool growthbook, const BehaviourContext* behaviour) noexcept {
  try {
    return Evaluator(slots, growthbook, nullptr, behaviour).node(test, nullptr);
  } catch (...) {
    return false;  // as Condition::evaluate: the GrowthBook dialect's coercions may run out of memory
  }
}

bool Condition::evaluate(const SlotTable& slots, LeafMemo* memo, const BehaviourContext* behaviour) const noexcept {
  if (!root_) return false;
  // The Nudgekit dialect never allocates, so it needs no handler (a try block costs ~10 ns per call in
  // wasm, a quarter of a simple segment's evaluation).
  if (dialect_ == Dialect::Nudgekit) return Evaluator(slots, false, memo, behaviour).doc(*root_, nullptr);
  try {
    return Evaluator(slots, true, memo, behaviour).doc(*root_, nullptr);
  } catch (...) {
    // The GrowthBook dialect's string coercions can allocate; out of memory there reads as no match.
    return false;
  }
}

}  // namespace nudgekit

namespace nudgekit {

void Condition::evaluate_each(const std::vector<Condition>& conditions, const std::vector<std::uint32_t>& which,
                              const SlotTable& slots, LeafMemo* memo, const BehaviourContext* behaviour,
                              std::vector<std::uint8_t>& membership) noexcept {
  if (conditions.empty()) return;
  if (conditions.front().dialect_ == Dialect::GrowthBook) {
    for (const std::uint32_t i : which) membership[i] = conditions[i].evaluate(slots, memo, behaviour) ? 1 : 0;
    return;
  }
  // One evaluator for the whole pass: per-condition calls were an eighth of a segments() call in wasm.
  const Evaluator evaluator(slots, false, memo, behaviour);
  for (const std::uint32_t i : which) {
    const Condition& condition = conditions[i];
    membership[i] = condition.root_ && evaluator.doc(*condition.root_, nullptr) ? 1 : 0;
  }
}

}  // namespace nudgekit

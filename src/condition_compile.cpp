// Turns a condition document into the immutable tree of detail/condition_tree.h, validating every
// operator and operand and reporting each problem with the JSON pointer of the value at fault.
#include <algorithm>
#include <array>

#include "detail/behaviour_compile.h"
#include "detail/cold.h"
#include "detail/condition_tree.h"
#include "detail/text_fold.h"
#include "detail/version_order.h"
#include "nudgekit/condition.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

using detail::DocKind;
using detail::DocTest;
using detail::Op;
using detail::OpTest;
using detail::ValueTest;

constexpr std::array<std::string_view, 6> kTypeNames = {"string", "number", "boolean", "object", "array", "null"};

struct OperatorName {
  std::string_view name;
  Op op;
};
// $regex and friends, $in/$nin variants and the groups are listed with the Op they compile to.
constexpr std::array<OperatorName, 30> kOperators = {{
    {"$eq", Op::Eq},           {"$ne", Op::Ne},
    {"$lt", Op::Lt},           {"$lte", Op::Lte},
    {"$gt", Op::Gt},           {"$gte", Op::Gte},
    {"$exists", Op::Exists},   {"$type", Op::Type},
    {"$in", Op::In},           {"$nin", Op::Nin},
    {"$ini", Op::InFolded},    {"$nini", Op::NinFolded},
    {"$inGroup", Op::In},      {"$notInGroup", Op::Nin},
    {"$all", Op::All},         {"$alli", Op::AllFolded},
    {"$size", Op::Size},       {"$elemMatch", Op::ElemMatchValue},
    {"$not", Op::Not},         {"$regex", Op::Regex},
    {"$regexi", Op::Regex},    {"$notRegex", Op::NotRegex},
    {"$notRegexi", Op::NotRegex}, {"$veq", Op::VersionEq},
    {"$vne", Op::VersionNe},   {"$vgt", Op::VersionGt},
    {"$vgte", Op::VersionGte}, {"$vlt", Op::VersionLt},
    {"$vlte", Op::VersionLte}, {"$options", Op::Eq},  // $options: reported as unsupported below
}};

constexpr std::array<std::string_view, 4> kLogical = {"$and", "$or", "$nor", "$not"};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string did_you_mean(std::string_view unknown) {
  std::string_view best;
  std::size_t best_distance = 3;
  auto consider = [&](std::string_view candidate) {
    const std::size_t d = edit_distance(unknown, candidate);
    if (d > 0 && d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  };
  for (const auto& entry : kOperators) consider(entry.name);
  for (auto name : kLogical) consider(name);
  for (auto name : {"$event", "$recency", "$funnel", "$streak", "$segment", "$score"}) consider(name);
  if (best.empty()) return "";
  return " (did you mean \"" + std::string(best) + "\"?)";
}

bool is_operator_object(const Json& j) {
  if (!j.is_object() || j.empty()) return false;
  for (const auto& item : j.items()) {
    if (item.key().empty() || item.key()[0] != '$') return false;
  }
  return true;
}

// MongoDB reads {"$elemMatch": {"$or": [...]}} as a condition on each element document; GrowthBook
// reads it as value operators (and "$or" is not one). The Nudgekit dialect follows MongoDB.
bool has_logical_key(const Json& j) {
  return j.contains("$and") || j.contains("$or") || j.contains("$nor");
}

bool has_operator_key(const Json& j) {
  for (const auto& item : j.items()) {
    if (!item.key().empty() && item.key()[0] == '$') return true;
  }
  return false;
}

class Compiler final : public detail::SubconditionCompiler {
 public:
  Compiler(AttributeTable& attributes, const ConditionOptions& options, Errors& errors)
      : attributes_(attributes), options_(options), limits_(options.limits), errors_(errors),
        growthbook_(options.dialect == Dialect::GrowthBook) {}

  DocTest doc(const Json& j, const std::string& ptr, std::size_t depth, bool relative) {
    DocTest out;
    if (!within_depth(ptr, depth)) return out;
    if (!j.is_object()) {
      fail("condition.not_object", ptr, "a condition must be an object, got " + std::string(j.type_name()));
      return out;
    }
    std::vector<DocTest> parts;
    for (const auto& item : j.items()) {
      const std::string& key = item.key();
      const std::string child_ptr = pointer_append(ptr, key);
      if (key == "$and" || key == "$or" || key == "$nor") {
        parts.push_back(logical(key, item.value(), child_ptr, depth, relative));
      } else if (key == "$not") {
        DocTest node;
        node.kind = DocKind::Not;
        node.pointer = child_ptr;
        node.children.push_back(doc(item.value(), child_ptr, depth + 1, relative));
        parts.push_back(std::move(node));
      } else if (!growthbook_ && detail::is_behaviour_operator(key)) {
        if (relative) {
          fail("condition.misplaced_behaviour", child_ptr,
               key + " tests the user, so it cannot sit inside $elemMatch, \"where\" or $score");
        } else {
          parts.push_back(detail::compile_behaviour(key, item.value(), child_ptr, depth + 1, options_, *this, dependencies_));
        }
      } else if (!key.empty() && key[0] == '$' && !growthbook_) {
        // GrowthBook reads an unknown "$key" as an attribute name; here it is almost always a typo.
        fail("condition.unknown_operator", child_ptr,
             "unknown operator \"" + key + "\" where a condition is expected" + did_you_mean(key) +
                 "; attribute names cannot start with \"$\"");
      } else {
        parts.push_back(field(key, item.value(), child_ptr, depth, relative));
      }
    }
    if (parts.size() == 1) return std::move(parts.front());
    out.kind = DocKind::And;
    out.pointer = ptr;
    out.children = std::move(parts);
    return out;
  }

  DocTest relative_doc(const Json& j, const std::string& ptr, std::size_t depth) override {
    return doc(j, ptr, depth, true);
  }
  ValueTest value(const Json& j, const std::string& ptr, std::size_t depth) override {
    return value_test(j, ptr, depth, true, false);
  }
  void fail(std::string code, const std::string& ptr, std::string message) override {
    // One runaway document should not produce an error list larger than the document.
    if (errors_.size() < 100) errors_.push_back({std::move(code), ptr, std::move(message)});
  }
  const Dependencies& dependencies() const { return dependencies_; }

 private:
  DocTest logical(const std::string& key, const Json& list, const std::string& ptr, std::size_t depth,
                  bool relative) {
    DocTest node;
    node.kind = key == "$and" ? DocKind::And : key == "$or" ? DocKind::Or : DocKind::Nor;
    node.pointer = ptr;
    if (!list.is_array()) {
      fail("condition.invalid_operand", ptr, key + " takes an array of conditions, got " + std::string(list.type_name()));
      return node;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      node.children.push_back(doc(list[i], pointer_append(ptr, i), depth + 1, relative));
    }
    return node;
  }

  DocTest field(const std::string& key, const Json& value, const std::string& ptr, std::size_t depth, bool relative) {
    DocTest node;
    node.kind = DocKind::Field;
    node.pointer = ptr;
    if (key.size() > 256) {
      fail("condition.invalid_path", ptr, "attribute path is longer than 256 bytes");
      return node;
    }
    node.path = split_path(key);
    if (node.path.size() > limits_.max_path_segments) {
      fail("condition.invalid_path", ptr,
           "attribute path has more than " + std::to_string(limits_.max_path_segments) + " segments");
    }
    if (!relative) {
      node.slot = attributes_.intern(key);
      dependencies_.profile = true;
    }
    if (!relative && options_.shared_leaves != nullptr) {
      // The key is the path and the canonical text of the test (object keys sorted): equal keys mean
      // equal tests, in this config's single dialect.
      node.leaf = options_.shared_leaves->intern(key + '\x1f' + to_json_text(value));
    }
    node.value.push_back(value_test(value, ptr, depth + 1, relative, false));
    if (!relative && !growthbook_) specialize(node);
    return node;
  }

  // Rewrites a Field node into one of the Fast* kinds when its test has their exact meaning (see
  // condition_tree.h). The general node stays as it was when no fast shape applies.
  static void specialize(DocTest& node) {
    const ValueTest& test = node.value.front();
    if (test.literal_only && (test.literal.is_number() || test.literal.is_boolean())) {
      node.kind = DocKind::FastScalar;
      node.scalar = test.literal;
      node.value.clear();
      return;
    }
    if (test.ops.size() == 1 && test.ops[0].op == Op::All && !test.ops[0].values.empty() &&
        std::all_of(test.ops[0].values.begin(), test.ops[0].values.end(), [](const ValueTest& item) {
          return item.literal_only && item.literal.is_string();
        })) {
      node.kind = DocKind::FastAllStrings;
      for (const ValueTest& item : test.ops[0].values) add_fast_string(node, item.literal.get_ref<const std::string&>());
      node.value.clear();
      return;
    }
    if (test.literal_only) {
      if (!test.literal.is_string() || test.folded) return;
      node.kind = DocKind::FastStrings;
      add_fast_string(node, test.literal.get_ref<const std::string&>());
      node.value.clear();
      return;
    }
    if (test.ops.size() == 1 && test.ops[0].op == Op::Exists) {
      node.kind = DocKind::FastExists;
      node.negate = !test.ops[0].flag;
      node.value.clear();
      return;
    }
    if (test.ops.size() == 1 && (test.ops[0].op == Op::In || test.ops[0].op == Op::Nin) &&
        test.ops[0].members.others.empty()) {
      node.kind = DocKind::FastStrings;
      node.negate = test.ops[0].op == Op::Nin;
      for (const std::string& member : test.ops[0].members.strings) add_fast_string(node, member);
      node.value.clear();
      return;
    }
    const bool all_number_bounds = !test.ops.empty() && std::all_of(test.ops.begin(), test.ops.end(), [](const OpTest& o) {
      const bool bound = o.op == Op::Eq || o.op == Op::Lt || o.op == Op::Lte || o.op == Op::Gt || o.op == Op::Gte;
      return bound && o.operand.is_number();
    });
    if (!all_number_bounds) return;
    node.kind = DocKind::FastNumber;
    for (const OpTest& o : test.ops) {
      const double bound = o.operand.get<double>();
      const bool raises_low = o.op == Op::Gt || o.op == Op::Gte || o.op == Op::Eq;
      const bool lowers_high = o.op == Op::Lt || o.op == Op::Lte || o.op == Op::Eq;
      const bool inclusive = o.op != Op::Gt && o.op != Op::Lt;
      if (raises_low && (bound > node.low || (bound == node.low && !inclusive))) {
        node.low = bound;
        node.low_inclusive = inclusive;
      }
      if (lowers_high && (bound < node.high || (bound == node.high && !inclusive))) {
        node.high = bound;
        node.high_inclusive = inclusive;
      }
    }
    node.value.clear();
  }

  static void add_fast_string(DocTest& node, const std::string& text) {
    node.hashes.push_back(hash_text(text));
    node.strings.push_back(text);
  }

  ValueTest value_test(const Json& j, const std::string& ptr, std::size_t depth, bool relative, bool folded) {
    ValueTest out;
    if (!within_depth(ptr, depth)) return out;
    if (is_operator_object(j)) {
      for (const auto& item : j.items()) {
        out.ops.push_back(op(item.key(), item.value(), pointer_append(ptr, item.key()), depth, relative));
      }
      return out;
    }
    if (j.is_object() && has_operator_key(j) && !growthbook_) {
      fail("condition.mixed_operators", ptr,
           "an object mixes operators (\"$…\") with plain keys; use only operators, or only a literal object");
      return out;
    }
    check_strings(j, ptr);
    out.literal_only = true;
    out.folded = folded;
    out.literal = j;
    if (folded && j.is_string()) out.literal_folded = detail::fold_case(j.get_ref<const std::string&>());
    return out;
  }

  OpTest op(const std::string& name, const Json& operand, const std::string& ptr, std::size_t depth, bool relative) {
    OpTest out;
    const auto* entry = std::find_if(kOperators.begin(), kOperators.end(),
                                     [&](const OperatorName& candidate) { return candidate.name == name; });
    if (name == "$and" || name == "$or" || name == "$nor") {
      fail("condition.misplaced_logical", ptr,
           name + " combines whole conditions and cannot apply to one attribute's value; write {\"" + name +
               "\": [{\"attr\": …}, …]} instead");
      return out;
    }
    if (entry == kOperators.end()) {
      fail("condition.unknown_operator", ptr, "unknown operator \"" + name + "\"" + did_you_mean(name));
      return out;
    }
    if (name == "$options") {
      fail("condition.unknown_operator", ptr, "\"$options\" is not supported; use \"$regexi\" for case-insensitive matching");
      return out;
    }
    out.op = entry->op;
    switch (out.op) {
      case Op::Eq:
      case Op::Ne:
        check_strings(operand, ptr);
        out.operand = operand;
        break;
      case Op::Lt:
      case Op::Lte:
      case Op::Gt:
      case Op::Gte:
        if (!growthbook_ && !operand.is_number() && !operand.is_string()) {
          fail("condition.invalid_operand", ptr, name + " compares with a number or a string, got " + std::string(operand.type_name()));
        }
        check_strings(operand, ptr);
        out.operand = operand;
        break;
      case Op::Exists:
        if (operand.is_boolean()) {
          out.flag = operand.get<bool>();
        } else if (growthbook_) {
          out.flag = !(operand.is_null() || (operand.is_number() && operand.get<double>() == 0) ||
                       (operand.is_string() && operand.get_ref<const std::string&>().empty()));
        } else {
          fail("condition.invalid_operand", ptr, "$exists takes true or false, got " + std::string(operand.type_name()));
        }
        break;
      case Op::Type:
        if (!operand.is_string() || std::find(kTypeNames.begin(), kTypeNames.end(), operand.get_ref<const std::string&>()) == kTypeNames.end()) {
          fail("condition.invalid_operand", ptr,
               "$type takes one of \"string\", \"number\", \"boolean\", \"object\", \"array\", \"null\"");
        } else {
          out.text = operand.get<std::string>();
        }
        break;
      case Op::In:
      case Op::Nin:
      case Op::InFolded:
      case Op::NinFolded:
        if (name == "$inGroup" || name == "$notInGroup") {
          members_from_group(name, operand, ptr, out);
        } else {
          members_from_list(name, operand, ptr, out);
        }
        break;
      case Op::All:
      case Op::AllFolded:
        if (!list_operand(name, operand, ptr)) break;
        for (std::size_t i = 0; i < operand.size(); ++i) {
          out.values.push_back(value_test(operand[i], pointer_append(ptr, i), depth + 1, relative, out.op == Op::AllFolded));
        }
        break;
      case Op::Size:
        if (!growthbook_ && !operand.is_number() && !is_operator_object(operand)) {
          fail("condition.invalid_operand", ptr, "$size takes a number or an operator object such as {\"$gt\": 2}");
        }
        out.values.push_back(value_test(operand, ptr, depth + 1, relative, false));
        break;
      case Op::ElemMatchValue:
        if (!operand.is_object()) {
          fail("condition.invalid_operand", ptr, "$elemMatch takes an object, got " + std::string(operand.type_name()));
        } else if (is_operator_object(operand) && !(has_logical_key(operand) && !growthbook_)) {
          out.values.push_back(value_test(operand, ptr, depth + 1, relative, false));
        } else {
          out.op = Op::ElemMatchDoc;
          out.docs.push_back(doc(operand, ptr, depth + 1, true));
        }
        break;
      case Op::Not:
        out.values.push_back(value_test(operand, ptr, depth + 1, relative, false));
        break;
      case Op::Regex:
      case Op::NotRegex:
        compile_regex(name, operand, ptr, out);
        break;
      case Op::VersionEq:
      case Op::VersionNe:
      case Op::VersionGt:
      case Op::VersionGte:
      case Op::VersionLt:
      case Op::VersionLte:
        if (operand.is_string() && operand.get_ref<const std::string&>().size() <= 128) {
          out.text = detail::pad_version(operand.get_ref<const std::string&>());
        } else if (operand.is_number() && growthbook_) {
          out.text = detail::pad_version(operand.dump());
        } else {
          fail("condition.invalid_operand", ptr, name + " takes a version string such as \"4.13.2\" (at most 128 bytes)");
        }
        break;
      case Op::ElemMatchDoc:
        break;
    }
    return out;
  }

  bool list_operand(const std::string& name, const Json& operand, const std::string& ptr) {
    if (!operand.is_array()) {
      fail("condition.invalid_operand", ptr, name + " takes an array, got " + std::string(operand.type_name()));
      return false;
    }
    if (operand.size() > limits_.max_list_items) {
      fail("condition.too_large", ptr,
           name + " lists " + std::to_string(operand.size()) + " values; the limit is " + std::to_string(limits_.max_list_items));
      return false;
    }
    return true;
  }

  void members_from_list(const std::string& name, const Json& operand, const std::string& ptr, OpTest& out) {
    if (!list_operand(name, operand, ptr)) return;
    check_strings(operand, ptr);
    add_members(operand, out);
  }

  void members_from_group(const std::string& name, const Json& operand, const std::string& ptr, OpTest& out) {
    if (!operand.is_string()) {
      fail("condition.invalid_operand", ptr, name + " takes the id of a saved group (a string)");
      return;
    }
    const SavedGroups* groups = options_.saved_groups;
    const auto found = groups ? groups->find(operand.get<std::string>()) : SavedGroups::const_iterator{};
    if (groups == nullptr || found == groups->end()) {
      // GrowthBook treats an unknown group as empty; a typo in a group id should not silently empty a segment.
      if (!growthbook_) fail("condition.unknown_group", ptr, "no saved group \"" + operand.get<std::string>() + "\"");
      return;
    }
    add_members(Json(found->second), out);
  }

  static void add_members(const Json& list, OpTest& out) {
    const bool folded = out.op == Op::InFolded || out.op == Op::NinFolded;
    for (const Json& item : list) {
      if (item.is_string()) {
        out.members.strings.push_back(folded ? detail::fold_case(item.get_ref<const std::string&>()) : item.get<std::string>());
      } else {
        out.members.others.push_back(item);
      }
    }
  }

  void compile_regex(const std::string& name, const Json& operand, const std::string& ptr, OpTest& out) {
    if (!operand.is_string()) {
      fail("condition.invalid_operand", ptr, name + " takes a pattern string, got " + std::string(operand.type_name()));
      return;
    }
    const std::string& pattern = operand.get_ref<const std::string&>();
    RegexOptions regex_options;
    regex_options.ignore_case = name == "$regexi" || name == "$notRegexi";
    regex_options.max_pattern_bytes = limits_.max_regex_bytes;
    RegexError error;
    out.regex = Regex::compile(pattern, regex_options, error);
    if (out.regex) return;
    std::string code = "condition.invalid_regex";
    if (error.code == "regex.unsupported") code = "condition.unsupported_regex";
    if (error.code == "regex.too_large") code = "condition.regex_too_large";
    fail(code, ptr, name + " pattern: " + error.message + " (at byte " + std::to_string(error.offset) + ")");
  }

  void check_strings(const Json& j, const std::string& ptr) {
    if (j.is_string()) {
      if (j.get_ref<const std::string&>().size() > limits_.max_string_bytes) {
        fail("condition.string_too_long", ptr,
             "string of " + std::to_string(j.get_ref<const std::string&>().size()) + " bytes; the limit is " +
                 std::to_string(limits_.max_string_bytes));
      }
    } else if (j.is_array()) {
      for (std::size_t i = 0; i < j.size(); ++i) check_strings(j[i], pointer_append(ptr, i));
    } else if (j.is_object()) {
      for (const auto& item : j.items()) check_strings(item.value(), pointer_append(ptr, item.key()));
    }
  }

  bool within_depth(const std::string& ptr, std::size_t depth) {
    if (depth <= limits_.max_condition_depth) return true;
    fail("condition.too_deep", ptr,
         "condition nests deeper than " + std::to_string(limits_.max_condition_depth) + " levels");
    return false;
  }

  AttributeTable& attributes_;
  const ConditionOptions& options_;
  const Limits& limits_;
  Errors& errors_;
  bool growthbook_;
  Dependencies dependencies_;
};

}  // namespace

std::uint32_t EventNames::intern(const std::string& name) {
  const auto found = index_.find(name);
  if (found != index_.end()) return found->second;
  const auto index = static_cast<std::uint32_t>(names_.size());
  names_.push_back(name);
  index_.emplace(name, index);
  return index;
}

std::uint32_t LeafTable::intern(std::string key) {
  const auto next = static_cast<std::uint32_t>(ids_.size());
  return ids_.emplace(std::move(key), next).first->second;
}

void LeafMemo::begin_pass(std::size_t leaves) {
  if (stamps_.size() != leaves) {
    stamps_.assign(leaves, 0);
    values_.assign(leaves, 0);
    pass_ = 0;
  }
  if (++pass_ == 0) {  // wrapped after 4 billion passes: forget every stamp once
    std::fill(stamps_.begin(), stamps_.end(), 0);
    pass_ = 1;
  }
}

bool parse_dialect(std::string_view name, Dialect& out) {
  if (name == "nudgekit") {
    out = Dialect::Nudgekit;
  } else if (name == "growthbook") {
    out = Dialect::GrowthBook;
  } else {
    return false;
  }
  return true;
}

Condition::Condition() = default;
Condition::Condition(Condition&&) noexcept = default;
Condition& Condition::operator=(Condition&&) noexcept = default;
Condition::~Condition() = default;

Condition Condition::compile(const Json& source, const std::string& pointer, AttributeTable& attributes,
                             const ConditionOptions& options, Errors& errors) {
  Condition out;
  out.dialect_ = options.dialect;
  Compiler compiler(attributes, options, errors);
  out.root_ = std::make_unique<detail::DocTest>(compiler.doc(source, pointer, 0, false));
  out.dependencies_ = compiler.dependencies();
  return out;
}

NK_COLD_CODE_END
}  // namespace nudgekit

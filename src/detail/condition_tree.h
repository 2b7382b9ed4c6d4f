// The compiled form of a condition. Built once by ConditionCompiler, then only read.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "nudgekit/attributes.h"
#include "nudgekit/json_input.h"
#include "nudgekit/regex.h"

namespace nudgekit {
struct BehaviourContext;
}

namespace nudgekit::detail {

inline constexpr std::uint32_t kNoSlot = 0xffffffffu;
inline constexpr std::uint32_t kNoLeaf = 0xffffffffu;

enum class Op : std::uint8_t {
  Eq, Ne, Lt, Lte, Gt, Gte,
  Exists, Type,
  In, Nin, InFolded, NinFolded,
  All, AllFolded, Size, ElemMatchValue, ElemMatchDoc, Not,
  Regex, NotRegex,
  VersionEq, VersionNe, VersionGt, VersionGte, VersionLt, VersionLte,
};

struct ValueTest;
struct DocTest;
struct BehaviourTest;

// The members of a $in-style list, split by type so the common case (a string attribute against a list
// of strings) is a scan over plain strings.
struct MemberList {
  std::vector<std::string> strings;  // case-folded for the *Folded operators
  std::vector<Json> others;          // numbers, booleans, null, arrays, objects
};

struct OpTest {
  Op op = Op::Eq;
  Json operand;                 // $eq/$ne/$lt/$lte/$gt/$gte
  bool flag = false;            // $exists
  std::string text;             // $type name; padded version for $v*
  MemberList members;           // $in/$nin/$ini/$nini, $inGroup/$notInGroup
  std::vector<ValueTest> values;  // $all/$alli items; values[0] for $not, $size, $elemMatch
  std::vector<DocTest> docs;      // docs[0] for $elemMatch over sub-documents
  std::unique_ptr<Regex> regex;
};

// What one attribute must satisfy: either equal a literal, or pass every operator.
struct ValueTest {
  bool literal_only = false;
  bool folded = false;          // $alli items compare strings case-insensitively
  Json literal;
  std::string literal_folded;
  std::vector<OpTest> ops;
};

// Field is the general case. The Fast* kinds are the shapes most segments are made of, compiled (in the
// Nudgekit dialect, against profile slots) into nodes that skip the general operator dispatch:
//   FastNumber  — {"$gte": a, "$lt": b, "$eq": c}: the attribute is a number within the bounds
//   FastStrings — {"$in": [strings]}, {"$nin": [...]}, "literal": the attribute is (or, for arrays,
//                 has an element that is) one of the strings; `negate` for $nin
//   FastExists  — {"$exists": bool}
//   FastAllStrings — {"$all": [strings]}: the attribute is an array holding every one of the strings
//   FastScalar  — a number or boolean literal: the attribute equals it or is an array holding it
// Behaviour: a test on the event history, another segment or the scores (see BehaviourTest).
enum class DocKind : std::uint8_t {
  And, Or, Nor, Not, Field, FastNumber, FastStrings, FastExists, FastAllStrings, FastScalar, Behaviour
};

struct DocTest {
  DocKind kind = DocKind::And;
  std::string pointer;            // where it was written, for explanations
  std::vector<DocTest> children;  // And/Or/Nor; children[0] for Not
  // Field: the attribute is read from the slot table when evaluating against the profile, or by
  // walking `path` when evaluating against an element of an $elemMatch array.
  std::uint32_t slot = kNoSlot;
  std::uint32_t leaf = kNoLeaf;   // shared-test id (profile-level fields only)
  PathSegments path;
  std::vector<ValueTest> value;   // value[0] for Field
  // Fast kinds
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
  bool low_inclusive = false;
  bool high_inclusive = false;
  bool negate = false;            // FastStrings: $nin; FastExists: $exists false
  std::vector<std::uint64_t> hashes;
  std::vector<std::string> strings;
  Json scalar;                    // FastScalar
  std::unique_ptr<BehaviourTest> behaviour;  // Behaviour
};

// $event, $recency, $funnel, $streak, $segment and $score (docs/conditions.md, "Behaviour").
enum class BehaviourKind : std::uint8_t { Event, Recency, Funnel, Streak, Segment, Score };
enum class EventMeasure : std::uint8_t { Count, Sum, Days };
enum class FunnelCheck : std::uint8_t { Completed, Reached, Stalled };

struct BehaviourTest {
  BehaviourKind kind = BehaviourKind::Event;
  // Indices into the config's event names (EventNames); a funnel's steps in order.
  std::vector<std::uint32_t> events;
  // Event: what is measured and tested (measure_test empty: count >= 1). Streak: the day count test.
  EventMeasure measure = EventMeasure::Count;
  std::vector<ValueTest> measure_test;
  // Event: a condition over the event's properties. Score: a condition over the scores document.
  std::vector<DocTest> where;
  // Rolling window ending now (Event, Funnel); lifetime when window_ms is 0.
  std::int64_t window_ms = 0;
  // Recency: bounds on the time since the first or last occurrence (-1: no bound); `never` instead.
  bool of_first = false;
  bool never = false;
  std::int64_t older_than_ms = -1;
  std::int64_t newer_than_ms = -1;
  // Funnel
  FunnelCheck check = FunnelCheck::Completed;
  std::uint32_t step = 0;           // Reached / Stalled: 1-based step
  std::int64_t stalled_for_ms = 0;  // Stalled
  // Segment: index into the config's segment names.
  std::uint32_t segment = 0;
};

// Evaluates one node (and what is under it) as Condition::evaluate would, without shared-leaf memos.
bool evaluate_doc(const DocTest& test, const SlotTable& slots, bool growthbook, const BehaviourContext* behaviour) noexcept;

}  // namespace nudgekit::detail

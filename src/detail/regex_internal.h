// Internals of the $regex matcher, shared by regex_charset.cpp, regex_parse.cpp, regex_compile.cpp and
// regex_search.cpp. Nothing here is part of the public interface.
//
// The alphabet is the UTF-16 code unit (0..0xFFFF), not the code point: JavaScript regexes without the
// u flag see a string as code units, so an emoji is two "characters" to "." and a class such as
// [😀-😎] is a syntax error. Matching units instead of code points keeps every BMP script (Devanagari,
// Tamil, Cyrillic…) identical to code-point matching and makes astral characters behave as in JS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "nudgekit/regex.h"

namespace nudgekit::detail::rx {

constexpr std::uint32_t kUnitLimit = 0x10000;  // one past the largest code unit
constexpr std::uint32_t kNone = 0xFFFFFFFF;

struct Range {
  std::uint32_t low;
  std::uint32_t high;  // inclusive
};
// Sorted, disjoint and non-adjacent after normalize().
using CharSet = std::vector<Range>;

// \b's word units; without the u flag JavaScript looks at ASCII only, even with the i flag.
inline bool is_word_unit(std::uint32_t u) {
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_';
}

void normalize(CharSet& set);
CharSet complement(const CharSet& set);
bool contains(const CharSet& set, std::uint32_t unit);
// Closes `set` under JavaScript's non-unicode Canonicalize (the simple uppercase mapping, where no
// non-ASCII unit may map to ASCII): the units an /i regex lets a member of the class match.
void add_case_variants(CharSet& set);

const CharSet& digit_set();
const CharSet& word_set();
const CharSet& space_set();
const CharSet& dot_set();

enum class StateKind : std::uint8_t { Char, Split, Nop, Begin, End, WordBoundary, NotWordBoundary, Match };

struct NfaState {
  StateKind kind = StateKind::Nop;
  std::uint32_t set = 0;        // Char: index into Nfa::sets
  std::uint32_t out = kNone;
  std::uint32_t out2 = kNone;   // Split only
};

struct Nfa {
  std::vector<NfaState> states;
  std::vector<CharSet> sets;    // distinct sets; Char states share them
  std::uint32_t start = 0;
  bool has_begin = false;       // "^" occurs: the first position differs from the others
  bool has_word_assert = false; // \b or \B occurs: the DFA must remember whether the last unit was a word unit
};

// Parses `pattern` and builds its Thompson NFA. False with `error` filled when the pattern is invalid
// (regex.syntax), valid JavaScript that cannot run in linear time (regex.unsupported) or too large.
bool parse(std::string_view pattern, const RegexOptions& options, Nfa& nfa, RegexError& error);

}  // namespace nudgekit::detail::rx

namespace nudgekit {

// Everything search() reads. Built once by Regex::compile; search() only walks it.
struct Regex::Impl {
  // Symbol classes: code units that no part of the pattern can tell apart share one class id, so the DFA
  // has a column per class instead of per unit.
  std::uint16_t ascii_class[128] = {};
  // Per 256-unit page: the class of every unit in the page, or kMixedPage when the page is split.
  std::vector<std::uint32_t> page_class;
  std::vector<std::uint32_t> interval_start;  // sorted; interval k covers [start[k], start[k+1])
  std::vector<std::uint16_t> interval_class;
  std::uint32_t class_count = 0;
  std::vector<std::uint8_t> class_is_word;

  // Eager DFA. Entries are row offsets (state × class_count); state 0 is dead (no match can follow),
  // state 1 has matched. Both loop on themselves.
  bool use_dfa = false;
  std::vector<std::uint32_t> dfa;
  std::vector<std::uint8_t> dfa_accepts_at_end;  // per state: does the pattern match at the end of input?
  std::uint32_t dfa_start_row = 0;

  // NFA simulation, used when the DFA would exceed its budget. Membership of class c in set k is bit c of
  // set_bits[k * set_words ...].
  detail::rx::Nfa nfa;
  std::vector<std::uint64_t> set_bits;
  std::uint32_t set_words = 0;
  // Classes that can begin a match: with no thread alive, a unit outside them cannot start one either.
  // Unused (skip_allowed false) when the empty string can match.
  std::vector<std::uint8_t> first_class;
  bool skip_allowed = false;
  // Scratch, sized at compile time so that search() never allocates.
  std::vector<std::uint32_t> mark;
  std::uint32_t generation = 0;
  std::vector<std::uint32_t> stack;
  std::vector<std::uint32_t> closure;
  std::vector<std::uint32_t> kernel;
  std::vector<std::uint32_t> next_kernel;

  std::size_t nfa_states = 0;
  std::size_t dfa_states = 0;

  static constexpr std::uint32_t kDeadRow = 0;
  static constexpr std::uint32_t kMatchRow = 1;
  static constexpr std::uint32_t kMatch = 0xFFFFFFFF;  // while building: "matched before this unit"
  static constexpr std::uint32_t kMixedPage = 0xFFFFFFFF;

  std::uint32_t class_of(std::uint32_t unit) const noexcept {
    if (unit < 128) return ascii_class[unit];
    const std::uint32_t page = page_class[unit >> 8];
    if (page != kMixedPage) return page;
    // interval_start[0] == 0, so the search always finds an interval.
    std::size_t low = 0;
    std::size_t high = interval_start.size();
    while (high - low > 1) {
      const std::size_t mid = (low + high) / 2;
      if (interval_start[mid] <= unit) low = mid; else high = mid;
    }
    return interval_class[low];
  }
  bool set_has(std::uint32_t set, std::uint32_t cls) const noexcept {
    return (set_bits[set * set_words + (cls >> 6)] >> (cls & 63)) & 1u;
  }

  // False when the pattern needs more symbol-class membership bits than we allow.
  bool build(const RegexOptions& options);
  bool build_classes();
  bool build_dfa(std::size_t max_states);  // false: over budget, use the NFA simulation
  void prepare_nfa();

  bool search_dfa(std::string_view subject) const noexcept;
  bool search_nfa(std::string_view subject) noexcept;
};

}  // namespace nudgekit

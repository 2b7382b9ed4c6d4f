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
#include <map>
#include <string>
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

constexpr std::uint64_t kInfinite = ~std::uint64_t{0};  // an unbounded repeat count

// A piece of NFA with dangling exits. Its states are exactly [begin, end): counted repeats copy that range.
struct Fragment {
  std::uint32_t start = kNone;       // kNone: matches the empty string without any state
  std::vector<std::uint32_t> holes;  // exits to patch: state * 2 (its out) or state * 2 + 1 (its out2)
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// Thompson construction, one fragment at a time. Once the state limit is hit, or the parser calls stop()
// after an unsupported construct, it builds nothing more and returns empty fragments: the parser then
// reads on only to find syntax errors.
class NfaBuilder {
 public:
  NfaBuilder(Nfa& nfa, std::size_t max_states);

  bool overflowed() const { return overflowed_; }
  void stop() { building_ = false; }

  Fragment empty() const;
  Fragment single(NfaState state);  // one state with its out dangling
  Fragment set(CharSet set);        // a Char state; equal sets are stored once
  void concat(Fragment& into, Fragment&& next);
  // x{min,max}, max == kInfinite for no bound. `f` must be the last fragment built.
  Fragment repeat(Fragment f, std::uint64_t min, std::uint64_t max);
  // The alternatives of a group whose first state was `first_state`.
  Fragment alternation(std::vector<Fragment>& alternatives, std::uint32_t first_state);
  // Adds Match after `whole` and makes it the NFA; false on overflow.
  bool finish(Fragment whole);

 private:
  std::uint32_t add(NfaState state);  // kNone (and overflowed) past the limit
  void patch(const std::vector<std::uint32_t>& holes, std::uint32_t target);
  Fragment clone(const Fragment& f);
  std::uint32_t size() const { return static_cast<std::uint32_t>(nfa_.states.size()); }

  Nfa& nfa_;
  std::uint64_t limit_;
  bool building_ = true;
  bool overflowed_ = false;
  std::map<std::vector<std::uint32_t>, std::uint32_t> set_ids_;
};

inline bool is_octal(char c) { return c >= '0' && c <= '7'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Repeat counts and decimal escapes saturate here: JavaScript accepts a{99999999999}, and any count this
// large is refused as too large before it is used.
constexpr std::uint64_t kCountCap = std::uint64_t{1} << 53;

// The lexical half of the parser (regex_scan.cpp): pattern characters, escapes, classes, group names
// and the shape of {n,m}. The structural half (regex_parse.cpp) derives from it. Functions returning
// bool return false after filling error_ with a regex.syntax error.
class Scanner {
 protected:
  Scanner(std::string_view pattern, RegexError& error) : p_(pattern), error_(error) {}

  bool fail(std::size_t offset, const char* message);
  // Counts the capture groups and notes whether any is named: "\N" is a backreference only when the
  // pattern has N groups (else an octal or identity escape), and "\k" is special only with named groups.
  void prescan();
  bool pattern_char(std::uint32_t& cp);  // one UTF-8 character at at_
  // An escape standing for one character, inside a class or not; at_ is just past the backslash.
  bool character_escape(bool in_class, std::uint32_t& cp);
  // Steps over the backslash at at_; fails when the pattern ends there.
  bool enter_escape();
  static const CharSet& class_escape(char c);  // \d \D \w \W \s \S
  // The class starting at at_ ("["), folded when ignore_case, complemented when "[^".
  bool char_class(bool ignore_case, CharSet& out);
  bool group_name(std::u32string& name);  // the name after "(?<" or "\k<", and the ">"
  // Whether p_[i] starts {n}, {n,} or {n,m} (else "{" is a literal); `end` is just past it.
  bool braced_quantifier(std::size_t i, std::uint64_t& min, std::uint64_t& max, std::size_t& end) const;

  std::string_view p_;
  std::size_t at_ = 0;
  RegexError& error_;
  std::uint64_t capture_count_ = 0;
  bool has_named_groups_ = false;

 private:
  struct ClassAtom {
    bool is_set = false;
    std::uint32_t unit = 0;
    CharSet set;
  };
  bool class_atom(ClassAtom& a);
  bool unit_atom(ClassAtom& a, std::uint32_t cp);
  static void add(CharSet& set, const ClassAtom& a);
  bool hex_digits(int count, std::uint32_t& value);
  bool unicode_escape_in_name(std::uint32_t& cp);

  std::uint32_t pending_low_ = kNone;  // second unit of an astral character inside a class
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

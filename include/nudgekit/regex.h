// Regular expressions for $regex conditions: JavaScript syntax, matched in time linear in the subject.
//
// Contract
// - Answers what JavaScript's `new RegExp(pattern, ignore_case ? "i" : "").test(subject)` answers,
//   for regexes without the u, m, s, g, y flags.
// - search() takes time linear in the subject and independent of how the pattern could backtrack:
//   "(a+)+$" against 10,000 "a"s and a "b" is one pass. It never allocates, never throws and never
//   recurses; everything it needs is built by compile(), whose cost is bounded by the options below.
// - compile() validates the whole pattern and refuses it with a code and the byte offset of the
//   problem rather than ever matching something JavaScript would not.
//
// Syntax (Annex B of the ECMAScript spec, as every browser implements it): literals, ".", classes
// "[...]" "[^...]" with ranges and escapes, \d \D \w \W \s \S (\s with the Unicode spaces), \b \B, the
// escapes \n \t \r \f \v \0 \xHH \uHHHH \cX, legacy octal escapes (\12, and \1 when the pattern has
// no group 1) and identity escapes (\. \/ \-…), "^" and "$" at the ends of the input, groups "( )",
// "(?: )" and "(?<name> )", alternation, and the quantifiers * + ? {n} {n,} {n,m} with their lazy forms
// (laziness cannot change a yes/no answer). A "{" that starts no quantifier, a lone "}" or "]" are
// literals.
//
// Refused with "regex.unsupported": backreferences (\1 when group 1 exists, \k<name>) and lookaround
// ((?= (?! (?<= (?<!). Each can force a matcher to backtrack, or to remember unbounded context, so no
// linear-time automaton implements them. Refused with "regex.syntax": whatever JavaScript refuses
// (unbalanced parentheses, "nothing to repeat" as in "*a" or "a**", [z-a], a{3,2}, a trailing "\",
// invalid UTF-8 in the pattern…). Refused with "regex.too_large": a pattern longer than
// max_pattern_bytes, groups nested deeper than 200, or more NFA states than max_nfa_states once counted
// repeats are expanded. When two problems exist, a syntax error is reported before an unsupported
// construct, and that before a size limit.
//
// Characters: the pattern and the subject are UTF-8. Matching runs on UTF-16 code units, exactly like
// JavaScript without the u flag: every BMP character (Latin, Devanagari, Tamil, Cyrillic…) is one unit,
// an astral character such as an emoji is two, so "^.$" does not match "😀" (JavaScript agrees). In a
// subject, each byte that is not part of a valid UTF-8 sequence reads as one U+FFFD.
//
// ignore_case follows JavaScript's non-unicode /i: two units match when their simple uppercase forms
// agree, except that no non-ASCII unit matches an ASCII one (so "ſ" is not "s"). The full BMP table is
// compiled in; classes are folded at compile time, so matching remains a table walk.
//
// Implementation: the pattern becomes a Thompson NFA, then an eager DFA over "symbol classes" (code
// units the pattern cannot tell apart). If the DFA would exceed max_dfa_states (or a fixed memory and
// build-time budget), search() simulates the NFA instead, still linear: O(subject × NFA states).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace nudgekit {

struct RegexOptions {
  bool ignore_case = false;               // JavaScript's "i" flag
  std::size_t max_pattern_bytes = 2048;   // longer patterns are refused
  std::size_t max_nfa_states = 10000;     // after expanding counted repeats such as a{1,500}
  std::size_t max_dfa_states = 4096;      // eager DFA budget; above it search() simulates the NFA
};

// code: "regex.syntax", "regex.unsupported" or "regex.too_large"; offset: byte offset in the pattern.
struct RegexError {
  std::string code;
  std::string message;
  std::size_t offset = 0;
};

class Regex {
 public:
  // nullptr, with `error` filled, when the pattern is invalid, unsupported or too large. Never throws:
  // running out of memory while compiling is reported as "regex.too_large".
  static std::unique_ptr<Regex> compile(std::string_view pattern, const RegexOptions& options, RegexError& error);

  // RegExp.prototype.test: does the pattern match anywhere in the subject? Linear time, no allocation.
  // On the DFA path search() only reads the Regex; the NFA simulation reuses scratch owned by the Regex,
  // so concurrent searches on one Regex are safe only when uses_dfa().
  bool search(std::string_view utf8_subject) const noexcept;

  bool uses_dfa() const noexcept;
  std::size_t nfa_states() const noexcept;  // after expanding counted repeats
  std::size_t dfa_states() const noexcept;  // live states of the DFA; 0 on the NFA path

  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;  // a moved-from Regex matches nothing
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;
  ~Regex();

 private:
  struct Impl;  // src/detail/regex_internal.h
  explicit Regex(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nudgekit

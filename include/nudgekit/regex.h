// Regular expressions for $regex conditions, matched in time linear in the subject.
//
// Syntax is JavaScript's (without the u, m, s flags): literals, ".", classes "[...]" and "[^...]",
// \d \D \w \W \s \S, \b \B, escapes (\n \t \r \f \v \0 \xHH \uHHHH \cX, identity escapes), "^" and "$"
// at the ends of the input, groups "( )", "(?: )", "(?<name> )", alternation, and the quantifiers
// * + ? {n} {n,} {n,m} with their lazy forms (laziness cannot change a yes/no answer). As in JavaScript's
// Annex B, a "{" that starts no quantifier, a lone "}" or "]" are literals.
//
// Matching simulates the compiled automaton over all positions at once (a Pike VM without captures):
// time O(subject length × program size), memory fixed at compile time. Backreferences and lookaround
// cannot be matched that way and are refused with "regex.unsupported". Subjects and patterns are UTF-8
// and are matched by code point; an invalid byte in a subject reads as U+FFFD.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nudgekit {

struct RegexOptions {
  bool ignore_case = false;               // JavaScript's "i" flag
  std::size_t max_pattern_bytes = 2048;
  std::size_t max_nfa_states = 10000;     // after expanding counted repeats such as a{1,500}
};

// code: "regex.syntax", "regex.unsupported" or "regex.too_large"; offset: byte offset in the pattern.
struct RegexError {
  std::string code;
  std::string message;
  std::size_t offset = 0;
};

class Regex {
 public:
  // nullptr, with `error` filled, when the pattern is invalid, unsupported or too large.
  static std::unique_ptr<Regex> compile(std::string_view pattern, const RegexOptions& options, RegexError& error);

  // RegExp.prototype.test: does the pattern match anywhere in the subject? Never allocates or throws.
  bool search(std::string_view utf8_subject) const noexcept;

  struct Range {
    char32_t low;
    char32_t high;
  };
  enum class OpCode : std::uint8_t { Class, Split, Jump, AssertBegin, AssertEnd, AssertWord, AssertNotWord, Match };
  struct Instruction {
    OpCode op;
    std::uint32_t x = 0;   // Class: first range; Split/Jump: target
    std::uint32_t y = 0;   // Class: range count; Split: second target
  };

  Regex(std::vector<Instruction> program, std::vector<Range> ranges, std::uint32_t start);

 private:
  bool class_contains(std::uint32_t pc, char32_t c) const noexcept;
  // Returns true when Match is reachable from pc without consuming input.
  bool add_thread(std::uint32_t pc, std::uint32_t* list, std::uint32_t& count, std::uint32_t generation,
                  bool prev_word, char32_t next, bool at_begin, bool at_end) const noexcept;

  void compute_first_set();
  bool may_start(char32_t c) const noexcept;

  std::vector<Instruction> program_;
  std::vector<Range> ranges_;
  // For each Class instruction, its ASCII members as a 128-bit set: most subjects are ASCII, and a bit
  // test is cheaper than walking ranges.
  std::vector<std::array<std::uint64_t, 2>> ascii_;
  std::uint32_t start_;
  bool anchored_start_ = false;
  // Characters that can begin a match. While no thread is alive, search() skips ahead to the next of
  // them instead of restarting the program at every position. Unused when the empty string matches.
  bool use_first_set_ = false;
  std::uint64_t first_ascii_[2] = {0, 0};
  std::vector<Range> first_other_;
  // Scratch for search(), sized at compile time: two thread lists, a mark per instruction, a stack.
  mutable std::vector<std::uint32_t> current_;
  mutable std::vector<std::uint32_t> next_;
  mutable std::vector<std::uint32_t> marks_;
  mutable std::vector<std::uint32_t> stack_;
  mutable std::uint32_t generation_ = 0;
};

}  // namespace nudgekit

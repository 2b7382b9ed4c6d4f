// search(): one pass over the subject, never allocating, never recursing. The DFA path does one table
// lookup per code unit; the NFA simulation advances every live NFA state together (O(subject × NFA)).
#include <algorithm>
#include <utility>

#include "detail/regex_internal.h"
#include "detail/utf8.h"

namespace nudgekit {
namespace {

using detail::rx::kNone;
using detail::rx::NfaState;
using detail::rx::StateKind;

inline std::uint32_t high_surrogate(std::uint32_t cp) noexcept { return 0xD800 + ((cp - 0x10000) >> 10); }
inline std::uint32_t low_surrogate(std::uint32_t cp) noexcept { return 0xDC00 + (cp & 0x3FF); }

}  // namespace

bool Regex::Impl::search_dfa(std::string_view subject) const noexcept {
  const std::uint32_t* table = dfa.data();
  const std::uint32_t match_row = kMatchRow * class_count;
  const auto* s = reinterpret_cast<const unsigned char*>(subject.data());
  const std::size_t n = subject.size();
  std::uint32_t row = dfa_start_row;
  std::size_t i = 0;
  while (i < n) {
    if (row <= match_row) break;  // dead or matched: both are final
    // A block of ASCII without checking for the final states, which loop on themselves.
    const std::size_t block_end = std::min(n, i + 64);
    while (i < block_end && s[i] < 0x80) row = table[row + ascii_class[s[i++]]];
    if (i < block_end) {
      const std::uint32_t cp = detail::decode_utf8(s, n, i);
      if (cp >= 0x10000) {
        row = table[row + class_of(high_surrogate(cp))];
        row = table[row + class_of(low_surrogate(cp))];
      } else {
        row = table[row + class_of(cp)];
      }
    }
  }
  return dfa_accepts_at_end[row / class_count] != 0;
}

// At each position: close the live states (plus the start state) under the assertions that hold here,
// stop if Match is among them, else step every Char state over the next unit.
bool Regex::Impl::search_nfa(std::string_view subject) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(subject.data());
  const std::size_t n = subject.size();
  std::size_t i = 0;
  std::uint32_t pending_low = kNone;
  std::uint32_t kernel_count = 0;
  bool at_begin = true;
  bool prev_word = false;
  while (true) {
    std::uint32_t unit = 0;
    bool at_end = false;
    if (pending_low != kNone) {
      unit = std::exchange(pending_low, kNone);
    } else if (i < n) {
      unit = detail::decode_utf8(s, n, i);
      if (unit >= 0x10000) {
        pending_low = low_surrogate(unit);
        unit = high_surrogate(unit);
      }
    } else {
      at_end = true;
    }
    const bool next_word = !at_end && detail::rx::is_word_unit(unit);
    const std::uint32_t cls = at_end ? 0 : class_of(unit);
    if (kernel_count == 0 && skip_allowed) {
      // Nothing alive, and the empty string cannot match: only a unit that can begin a match matters.
      if (at_end) return false;
      if (!first_class[cls]) {
        at_begin = false;
        prev_word = next_word;
        continue;
      }
    }

    if (++generation == 0) {  // wrapped after 4 billion positions: forget the old marks once
      std::fill(mark.begin(), mark.end(), 0);
      generation = 1;
    }
    std::size_t top = 0;
    const auto push = [&](std::uint32_t state) {
      if (mark[state] != generation) {
        mark[state] = generation;
        stack[top++] = state;
      }
    };
    push(nfa.start);
    for (std::uint32_t k = 0; k < kernel_count; ++k) push(kernel[k]);
    std::uint32_t closure_count = 0;
    bool matched = false;
    while (top > 0) {
      const std::uint32_t q = stack[--top];
      const NfaState& state = nfa.states[q];
      switch (state.kind) {
        case StateKind::Char: closure[closure_count++] = q; break;
        case StateKind::Match: matched = true; break;
        case StateKind::Split: push(state.out2); push(state.out); break;
        case StateKind::Nop: push(state.out); break;
        case StateKind::Begin: if (at_begin) push(state.out); break;
        case StateKind::End: if (at_end) push(state.out); break;
        case StateKind::WordBoundary: if (prev_word != next_word) push(state.out); break;
        case StateKind::NotWordBoundary: if (prev_word == next_word) push(state.out); break;
      }
    }
    if (matched) return true;
    if (at_end) return false;

    std::uint32_t next_count = 0;
    for (std::uint32_t k = 0; k < closure_count; ++k) {
      const NfaState& state = nfa.states[closure[k]];
      if (set_has(state.set, cls)) next_kernel[next_count++] = state.out;
    }
    kernel.swap(next_kernel);
    kernel_count = next_count;
    at_begin = false;
    prev_word = next_word;
  }
}

}  // namespace nudgekit

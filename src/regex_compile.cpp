// From the NFA to what search() walks: symbol classes, then an eager DFA, or, when the DFA would be too
// big, the tables of an NFA simulation. All allocation happens here so that search() needs none.
#include <algorithm>
#include <map>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "detail/cold.h"
#include "detail/regex_internal.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

using detail::rx::CharSet;
using detail::rx::kNone;
using detail::rx::kUnitLimit;
using detail::rx::Nfa;
using detail::rx::NfaState;
using detail::rx::StateKind;

// Beyond max_dfa_states, two more bounds keep compilation cheap and the table small on a phone: the
// table's cell count (4 bytes each, so 1 MB), and the work of building it, counted in NFA states
// visited and stored. A 150-word alternation needs about 500,000 units of work; a 2,048-byte "aaa…"
// (whose DFA states hold every matched prefix) would need billions and gives up after ~15 ms.
constexpr std::size_t kMaxDfaCells = std::size_t{1} << 18;
constexpr std::size_t kMaxDfaWork = std::size_t{1} << 21;
// Membership bits (sets × symbol classes); only a pattern near the length limit with thousands of
// distinct classes gets close.
constexpr std::size_t kMaxSetBits = std::size_t{1} << 24;

// The positional facts an assertion can test. "next" is the unit about to be read.
struct Context {
  bool at_begin;
  bool prev_word;
  bool next_word;
  bool at_end;
};

// Follows epsilon edges from `seeds` (and the start state, since an unanchored search may begin a match
// at every position) under `ctx`, collecting Char states. Returns whether Match is reachable.
class ClosureBuilder {
 public:
  explicit ClosureBuilder(const Nfa& nfa) : nfa_(nfa), mark_(nfa.states.size(), 0) {}

  bool run(const std::vector<std::uint32_t>& seeds, const Context& ctx, std::vector<std::uint32_t>& chars) {
    chars.clear();
    if (++generation_ == 0) {
      std::fill(mark_.begin(), mark_.end(), 0);
      generation_ = 1;
    }
    bool matched = false;
    stack_.clear();
    push(nfa_.start);
    for (const std::uint32_t s : seeds) push(s);
    while (!stack_.empty()) {
      const std::uint32_t s = stack_.back();
      stack_.pop_back();
      ++work;
      const NfaState& state = nfa_.states[s];
      switch (state.kind) {
        case StateKind::Char: chars.push_back(s); break;
        case StateKind::Match: matched = true; break;
        case StateKind::Split: push(state.out2); push(state.out); break;
        case StateKind::Nop: push(state.out); break;
        case StateKind::Begin: if (ctx.at_begin) push(state.out); break;
        case StateKind::End: if (ctx.at_end) push(state.out); break;
        case StateKind::WordBoundary: if (ctx.prev_word != ctx.next_word) push(state.out); break;
        case StateKind::NotWordBoundary: if (ctx.prev_word == ctx.next_word) push(state.out); break;
      }
    }
    return matched;
  }

  std::size_t work = 0;

 private:
  void push(std::uint32_t s) {
    if (mark_[s] == generation_) return;
    mark_[s] = generation_;
    stack_.push_back(s);
  }

  const Nfa& nfa_;
  std::vector<std::uint32_t> mark_;
  std::uint32_t generation_ = 0;
  std::vector<std::uint32_t> stack_;
};

}  // namespace

// Partitions the code units into classes that every set of the pattern (and \b's notion of a word unit)
// treats alike: elementary intervals between set boundaries, then intervals with the same membership
// merged into one class.
bool Regex::Impl::build_classes() {
  const std::vector<CharSet>& sets = nfa.sets;
  std::vector<std::uint32_t> bounds = {0, kUnitLimit};
  const auto add_bounds = [&bounds](const CharSet& set) {
    for (const detail::rx::Range& r : set) {
      bounds.push_back(r.low);
      bounds.push_back(r.high + 1);
    }
  };
  for (const CharSet& set : sets) add_bounds(set);
  if (nfa.has_word_assert) add_bounds(detail::rx::word_set());
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  const std::size_t intervals = bounds.size() - 1;

  std::vector<std::vector<std::uint32_t>> members(intervals);  // which sets contain each interval
  for (std::uint32_t k = 0; k < sets.size(); ++k) {
    for (const detail::rx::Range& r : sets[k]) {
      auto i = static_cast<std::size_t>(std::lower_bound(bounds.begin(), bounds.end(), r.low) - bounds.begin());
      for (; bounds[i] <= r.high; ++i) members[i].push_back(k);
    }
  }
  std::map<std::pair<std::vector<std::uint32_t>, bool>, std::uint32_t> class_ids;
  std::vector<const std::vector<std::uint32_t>*> class_members;
  interval_start.clear();
  interval_class.clear();
  for (std::size_t i = 0; i < intervals; ++i) {
    const bool word = nfa.has_word_assert && detail::rx::is_word_unit(bounds[i]);
    const auto inserted = class_ids.emplace(std::make_pair(members[i], word), static_cast<std::uint32_t>(class_ids.size()));
    const std::uint32_t cls = inserted.first->second;
    if (inserted.second) {
      class_members.push_back(&inserted.first->first.first);
      class_is_word.push_back(word ? 1 : 0);
    }
    if (interval_class.empty() || interval_class.back() != cls) {
      interval_start.push_back(bounds[i]);
      interval_class.push_back(static_cast<std::uint16_t>(cls));  // at most 65536 intervals, so classes fit
    }
  }
  class_count = static_cast<std::uint32_t>(class_ids.size());

  for (std::uint32_t u = 0; u < 128; ++u) {
    const auto it = std::upper_bound(interval_start.begin(), interval_start.end(), u);
    ascii_class[u] = interval_class[static_cast<std::size_t>(it - interval_start.begin()) - 1];
  }
  page_class.assign(kUnitLimit >> 8, kMixedPage);
  for (std::uint32_t page = 0; page < page_class.size(); ++page) {
    const std::uint32_t first = page << 8;
    const auto it = std::upper_bound(interval_start.begin(), interval_start.end(), first);
    const auto k = static_cast<std::size_t>(it - interval_start.begin()) - 1;
    const std::uint32_t interval_end = k + 1 < interval_start.size() ? interval_start[k + 1] : kUnitLimit;
    if (interval_end >= first + 256) page_class[page] = interval_class[k];
  }

  set_words = (class_count + 63) / 64;
  if (static_cast<std::uint64_t>(sets.size()) * set_words * 64 > kMaxSetBits) return false;
  set_bits.assign(sets.size() * set_words, 0);
  for (std::uint32_t cls = 0; cls < class_count; ++cls) {
    for (const std::uint32_t k : *class_members[cls]) set_bits[k * set_words + (cls >> 6)] |= std::uint64_t{1} << (cls & 63);
  }
  return true;
}

// Subset construction for an unanchored search. A DFA state is the set of NFA states entered by the last
// step (the start state is implied: a match may begin anywhere), plus the facts assertions need about the
// past: "this is the first position" (only if the pattern has "^") and "the previous unit was a word
// unit" (only with \b or \B). What assertions need about the future (the next unit) is known at each
// transition, and the end of input gets its own accept flag. Reaching Match is final: the transition
// becomes kMatch and search() stops there.
bool Regex::Impl::build_dfa(std::size_t max_states) {
  const std::size_t rows_that_fit = kMaxDfaCells / std::max<std::uint32_t>(class_count, 1);
  const std::size_t budget_states = std::min(max_states, rows_that_fit > 2 ? rows_that_fit - 2 : 0);
  ClosureBuilder closer(nfa);
  std::unordered_map<std::string, std::uint32_t> ids;
  std::vector<std::vector<std::uint32_t>> kernels;
  std::vector<std::uint8_t> flags;  // bit 0: at begin; bit 1: previous unit is a word unit
  std::vector<std::uint32_t> table;  // state ids, later rewritten to row offsets
  std::vector<std::uint8_t> accepts;

  const auto intern = [&](std::vector<std::uint32_t>& members, std::uint8_t f, std::uint32_t& id) {
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    closer.work += members.size();  // sorting, hashing and maybe storing it
    std::string key(1, static_cast<char>(f));
    key.append(reinterpret_cast<const char*>(members.data()), members.size() * sizeof(std::uint32_t));
    const auto found = ids.find(key);
    if (found != ids.end()) {
      id = found->second;
      return true;
    }
    if (kernels.size() >= budget_states) return false;
    id = static_cast<std::uint32_t>(kernels.size());
    ids.emplace(std::move(key), id);
    kernels.push_back(members);
    flags.push_back(f);
    return true;
  };

  std::vector<std::uint32_t> initial;
  std::uint32_t initial_id = 0;
  intern(initial, nfa.has_begin ? 1 : 0, initial_id);
  std::vector<std::uint32_t> chars;
  std::vector<std::uint32_t> unused;
  // Per class, the NFA states the next step enters. Filled set by set rather than class by class: most
  // sets hold a handful of classes, so this costs the size of the sets, not chars × classes.
  std::vector<std::vector<std::uint32_t>> targets(class_count);
  for (std::uint32_t d = 0; d < kernels.size(); ++d) {
    const std::vector<std::uint32_t> current = kernels[d];  // a copy: intern() may grow `kernels`
    const bool at_begin = flags[d] & 1;
    const bool prev_word = flags[d] & 2;
    accepts.push_back(closer.run(current, {at_begin, prev_word, false, true}, unused) ? 1 : 0);
    table.resize(table.size() + class_count, kMatch);
    for (int w = 0; w < (nfa.has_word_assert ? 2 : 1); ++w) {
      // Classes whose unit is (w = 1) or is not (w = 0) a word unit see this closer.
      if (closer.run(current, {at_begin, prev_word, w == 1, false}, chars)) continue;  // cells stay kMatch
      for (auto& t : targets) t.clear();
      for (const std::uint32_t q : chars) {
        const NfaState& state = nfa.states[q];
        if (state.out == nfa.start) continue;  // implied in every state
        const std::uint64_t* bits = &set_bits[state.set * set_words];
        for (std::uint32_t word = 0; word < set_words; ++word) {
          for (std::uint64_t b = bits[word]; b != 0; b &= b - 1) {
            const std::uint32_t cls = word * 64 + static_cast<std::uint32_t>(__builtin_ctzll(b));
            targets[cls].push_back(state.out);
            ++closer.work;
          }
        }
      }
      for (std::uint32_t cls = 0; cls < class_count; ++cls) {
        if (class_is_word[cls] != w) continue;
        std::uint32_t id = 0;
        if (!intern(targets[cls], static_cast<std::uint8_t>(w ? 2 : 0), id)) return false;
        table[static_cast<std::size_t>(d) * class_count + cls] = id;
      }
      closer.work += class_count;
    }
    if (closer.work > kMaxDfaWork) return false;
  }

  // States that can no longer lead to a match are dead: entering one ends the search. Found backwards from
  // the states that match, next to a kMatch cell or at the end of input.
  const std::size_t count = kernels.size();
  std::vector<std::vector<std::uint32_t>> predecessors(count);
  std::vector<std::uint8_t> live(count, 0);
  std::vector<std::uint32_t> work;
  for (std::uint32_t d = 0; d < count; ++d) {
    bool matches = accepts[d] != 0;
    for (std::uint32_t cls = 0; cls < class_count; ++cls) {
      const std::uint32_t to = table[static_cast<std::size_t>(d) * class_count + cls];
      if (to == kMatch) matches = true; else predecessors[to].push_back(d);
    }
    if (matches) {
      live[d] = 1;
      work.push_back(d);
    }
  }
  while (!work.empty()) {
    const std::uint32_t d = work.back();
    work.pop_back();
    for (const std::uint32_t from : predecessors[d]) {
      if (!live[from]) {
        live[from] = 1;
        work.push_back(from);
      }
    }
  }
  // Rows 0 and 1 are the dead and the matching state, looping on every class: search() then needs to
  // look for them only now and then, not after every unit.
  std::vector<std::uint32_t> renumber(count, kNone);
  std::uint32_t live_count = 0;
  for (std::uint32_t d = 0; d < count; ++d) {
    if (live[d]) renumber[d] = 2 + live_count++;
  }
  dfa.assign(static_cast<std::size_t>(live_count + 2) * class_count, 0);
  std::fill(dfa.begin() + class_count, dfa.begin() + 2 * class_count, kMatchRow * class_count);
  dfa_accepts_at_end.assign(live_count + 2, 0);
  dfa_accepts_at_end[kMatchRow] = 1;
  for (std::uint32_t d = 0; d < count; ++d) {
    if (!live[d]) continue;
    const std::uint32_t row = renumber[d] * class_count;
    dfa_accepts_at_end[renumber[d]] = accepts[d];
    for (std::uint32_t cls = 0; cls < class_count; ++cls) {
      const std::uint32_t to = table[static_cast<std::size_t>(d) * class_count + cls];
      dfa[row + cls] = to == kMatch ? kMatchRow * class_count : live[to] ? renumber[to] * class_count : kDeadRow;
    }
  }
  dfa_start_row = live[initial_id] ? renumber[initial_id] * class_count : kDeadRow;
  dfa_states = live_count;
  return true;
}

// Scratch for the NFA simulation, and the classes that can begin a match (assertions assumed to hold,
// which can only widen the set).
void Regex::Impl::prepare_nfa() {
  const std::size_t n = nfa.states.size();
  mark.assign(n, 0);
  generation = 0;
  stack.assign(n, 0);
  closure.assign(n, 0);
  kernel.assign(n, 0);
  next_kernel.assign(n, 0);

  std::vector<std::uint8_t> seen(n, 0);
  std::vector<std::uint32_t> pending = {nfa.start};
  std::vector<std::uint32_t> first_sets;
  skip_allowed = true;
  while (!pending.empty()) {
    const std::uint32_t s = pending.back();
    pending.pop_back();
    if (seen[s]) continue;
    seen[s] = 1;
    const NfaState& state = nfa.states[s];
    if (state.kind == StateKind::Match) skip_allowed = false;
    if (state.kind == StateKind::Char) first_sets.push_back(state.set);
    if (state.kind != StateKind::Char && state.kind != StateKind::Match) pending.push_back(state.out);
    if (state.kind == StateKind::Split) pending.push_back(state.out2);
  }
  first_class.assign(class_count, 0);
  for (std::uint32_t cls = 0; cls < class_count; ++cls) {
    for (const std::uint32_t set : first_sets) {
      if (set_has(set, cls)) first_class[cls] = 1;
    }
  }
}

bool Regex::Impl::build(const RegexOptions& options) {
  nfa_states = nfa.states.size();
  if (!build_classes()) return false;
  if (options.max_dfa_states > 0 && build_dfa(options.max_dfa_states)) {
    use_dfa = true;
    nfa = Nfa{};  // the DFA alone answers; free what only the simulation needs
    set_bits = {};
    return true;
  }
  dfa = {};
  dfa_accepts_at_end = {};
  dfa_states = 0;
  prepare_nfa();
  return true;
}

std::unique_ptr<Regex> Regex::compile(std::string_view pattern, const RegexOptions& options, RegexError& error) {
  if (pattern.size() > options.max_pattern_bytes) {
    error = {"regex.too_large", "pattern is longer than " + std::to_string(options.max_pattern_bytes) + " bytes",
             options.max_pattern_bytes};
    return nullptr;
  }
  try {
    auto impl = std::make_unique<Impl>();
    if (!detail::rx::parse(pattern, options, impl->nfa, error)) return nullptr;
    if (!impl->build(options)) {
      error = {"regex.too_large", "pattern has too many distinct character classes", 0};
      return nullptr;
    }
    return std::unique_ptr<Regex>(new Regex(std::move(impl)));
  } catch (const std::bad_alloc&) {
    error = {"regex.too_large", "pattern too large to compile", 0};
  } catch (const std::length_error&) {
    error = {"regex.too_large", "pattern too large to compile", 0};
  }
  return nullptr;
}

NK_COLD_CODE_END

Regex::Regex(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;
Regex::~Regex() = default;

bool Regex::search(std::string_view utf8_subject) const noexcept {
  if (!impl_) return false;  // moved from
  return impl_->use_dfa ? impl_->search_dfa(utf8_subject) : impl_->search_nfa(utf8_subject);
}

bool Regex::uses_dfa() const noexcept { return impl_ && impl_->use_dfa; }
std::size_t Regex::nfa_states() const noexcept { return impl_ ? impl_->nfa_states : 0; }
std::size_t Regex::dfa_states() const noexcept { return impl_ ? impl_->dfa_states : 0; }
}  // namespace nudgekit

// Thompson construction for the parser: fragments with dangling exits, patched together as the pattern
// is read. Counted repeats are expanded by copying the repeated fragment's states.
#include <algorithm>

#include "detail/cold.h"
#include "detail/regex_internal.h"

namespace nudgekit::detail::rx {
NK_COLD_CODE_BEGIN

// State ids are 32-bit; far below that, memory runs out first.
NfaBuilder::NfaBuilder(Nfa& nfa, std::size_t max_states)
    : nfa_(nfa), limit_(std::min<std::uint64_t>(max_states, std::uint64_t{1} << 26)) {}

std::uint32_t NfaBuilder::add(NfaState state) {
  if (!building_) return kNone;
  if (nfa_.states.size() >= limit_) {
    overflowed_ = true;
    building_ = false;
    return kNone;
  }
  nfa_.states.push_back(state);
  return size() - 1;
}

void NfaBuilder::patch(const std::vector<std::uint32_t>& holes, std::uint32_t target) {
  for (const std::uint32_t hole : holes) {
    NfaState& s = nfa_.states[hole / 2];
    (hole % 2 == 0 ? s.out : s.out2) = target;
  }
}

Fragment NfaBuilder::empty() const {
  Fragment f;
  f.begin = f.end = size();
  return f;
}

Fragment NfaBuilder::single(NfaState state) {
  Fragment f = empty();
  const std::uint32_t s = add(state);
  if (s == kNone) return f;
  f.start = s;
  f.holes = {s * 2};
  f.end = s + 1;
  return f;
}

Fragment NfaBuilder::set(CharSet set) {
  if (!building_) return empty();
  std::vector<std::uint32_t> key;
  key.reserve(set.size() * 2);
  for (const Range& r : set) {
    key.push_back(r.low);
    key.push_back(r.high);
  }
  auto it = set_ids_.find(key);
  if (it == set_ids_.end()) {
    it = set_ids_.emplace(std::move(key), static_cast<std::uint32_t>(nfa_.sets.size())).first;
    nfa_.sets.push_back(std::move(set));
  }
  return single({StateKind::Char, it->second, kNone, kNone});
}

void NfaBuilder::concat(Fragment& into, Fragment&& next) {
  if (next.start == kNone) return;
  if (into.start != kNone) patch(into.holes, next.start); else into.start = next.start;
  into.holes = std::move(next.holes);
}

Fragment NfaBuilder::clone(const Fragment& f) {
  const std::uint32_t offset = size() - f.begin;
  for (std::uint32_t k = f.begin; k < f.end; ++k) {
    NfaState s = nfa_.states[k];
    if (s.out != kNone) s.out += offset;  // edges inside f; dangling ones are kNone
    if (s.out2 != kNone) s.out2 += offset;
    nfa_.states.push_back(s);
  }
  Fragment copy;
  copy.start = f.start + offset;
  copy.holes = f.holes;
  for (std::uint32_t& hole : copy.holes) hole += offset * 2;
  copy.begin = f.begin + offset;
  copy.end = f.end + offset;
  return copy;
}

// The mandatory copies in sequence, then the optional ones nested, x(x(x)?)?, so that fewer threads run
// at once than with x?x?x?.
Fragment NfaBuilder::repeat(Fragment f, std::uint64_t min, std::uint64_t max) {
  if (!building_ || f.start == kNone) return f;
  if (max == 0) {
    nfa_.states.resize(f.begin);  // f ends the NFA, so its states can simply go
    return empty();
  }
  const std::uint64_t copies = max == kInfinite ? std::max<std::uint64_t>(min, 1) : max;
  const std::uint64_t length = f.end - f.begin;
  const std::uint64_t splits = max == kInfinite ? 1 : max - min;
  const std::uint64_t room = limit_ > nfa_.states.size() ? limit_ - nfa_.states.size() : 0;
  if (splits > room || (copies > 1 && length > (room - splits) / (copies - 1))) {
    overflowed_ = true;
    building_ = false;
    return empty();
  }
  std::vector<Fragment> parts;
  parts.reserve(static_cast<std::size_t>(copies));
  parts.push_back(f);
  for (std::uint64_t i = 1; i < copies; ++i) parts.push_back(clone(f));
  Fragment result;
  if (max == kInfinite) {
    for (std::uint64_t i = 0; i + 1 < copies; ++i) concat(result, std::move(parts[i]));
    const Fragment& last = parts.back();
    const std::uint32_t split = size();
    nfa_.states.push_back({StateKind::Split, 0, last.start, kNone});
    patch(last.holes, split);
    Fragment loop;
    loop.start = min == 0 ? split : last.start;  // x* enters at the split; x+ runs x once first
    loop.holes = {split * 2 + 1};
    concat(result, std::move(loop));
  } else {
    for (std::uint64_t i = 0; i < min; ++i) concat(result, std::move(parts[i]));
    Fragment optional;
    for (auto i = static_cast<std::size_t>(min); i < parts.size(); ++i) {
      const std::uint32_t split = size();
      nfa_.states.push_back({StateKind::Split, 0, parts[i].start, kNone});
      optional.holes.push_back(split * 2 + 1);
      if (i == min) optional.start = split; else patch(parts[i - 1].holes, split);
    }
    optional.holes.insert(optional.holes.end(), parts.back().holes.begin(), parts.back().holes.end());
    concat(result, std::move(optional));
  }
  result.begin = f.begin;
  result.end = size();
  return result;
}

// a|b|c: a chain of splits, each trying one alternative or the rest.
Fragment NfaBuilder::alternation(std::vector<Fragment>& alternatives, std::uint32_t first_state) {
  if (!building_) return empty();
  Fragment result;
  if (alternatives.size() == 1) {
    result = std::move(alternatives[0]);
  } else {
    const std::uint32_t first_split = size();
    const auto count = static_cast<std::uint32_t>(alternatives.size());
    for (std::uint32_t i = 0; i + 1 < count; ++i) {
      if (add({StateKind::Split, 0, kNone, kNone}) == kNone) return empty();
    }
    result.start = first_split;
    for (std::uint32_t i = 0; i < count; ++i) {
      const Fragment& alt = alternatives[i];
      // Alternative i hangs off split i (its out), the last one off the last split's out2.
      const std::uint32_t hole = i + 1 < count ? (first_split + i) * 2 : (first_split + count - 2) * 2 + 1;
      if (i + 2 < count) nfa_.states[first_split + i].out2 = first_split + i + 1;
      if (alt.start == kNone) {
        result.holes.push_back(hole);
      } else {
        patch({hole}, alt.start);
        result.holes.insert(result.holes.end(), alt.holes.begin(), alt.holes.end());
      }
    }
  }
  result.begin = first_state;
  result.end = size();
  return result;
}

bool NfaBuilder::finish(Fragment whole) {
  const std::uint32_t match = add({StateKind::Match, 0, kNone, kNone});
  if (match == kNone) return false;
  patch(whole.holes, match);
  nfa_.start = whole.start == kNone ? match : whole.start;
  return true;
}

NK_COLD_CODE_END
}  // namespace nudgekit::detail::rx

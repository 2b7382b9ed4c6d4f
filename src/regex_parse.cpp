// Parses JavaScript regex syntax (non-unicode mode, with the Annex B leniencies every browser applies) and
// builds the Thompson NFA in the same pass.
//
// The parser is iterative: open groups live on a heap-allocated stack, so a pattern of 10,000 "(" costs
// a compile error, not the call stack (a wasm build has only 64 KB of it).
//
// Errors are ranked as JavaScript would see them: a syntax error anywhere wins, because the pattern is
// invalid in JS too; then a construct that is valid JS but cannot run in linear time (unsupported); then
// size. So the parser keeps going after the latter two, with NFA building switched off.
#include <algorithm>
#include <map>
#include <string>

#include "detail/regex_internal.h"

namespace nudgekit::detail::rx {
namespace {

constexpr std::size_t kMaxGroupDepth = 200;
constexpr std::uint64_t kInfinite = ~std::uint64_t{0};
// Repeat counts saturate here: JavaScript accepts a{99999999999}, and any count this large is refused as
// too large before it is used.
constexpr std::uint64_t kCountCap = std::uint64_t{1} << 53;

// A piece of NFA with dangling exits. Its states are exactly [begin, end): counted repeats copy that range.
struct Fragment {
  std::uint32_t start = kNone;       // kNone: matches the empty string without any state
  std::vector<std::uint32_t> holes;  // exits to patch: state * 2 (its out) or state * 2 + 1 (its out2)
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

enum class GroupKind : std::uint8_t { Top, Plain, Lookahead, Lookbehind };

struct Frame {
  GroupKind kind = GroupKind::Top;
  std::size_t open = 0;  // offset of the "("
  std::uint32_t first_state = 0;
  std::vector<Fragment> alternatives;
  Fragment sequence;  // the atoms of the current alternative before `pending`
  Fragment pending;   // the last atom, which a quantifier may still apply to
  bool has_pending = false;
  bool pending_quantifiable = false;
};

bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strict UTF-8: shortest form, no surrogates, at most U+10FFFF. Returns kNone on an invalid sequence.
std::uint32_t decode_strict(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t len = 0;
  std::uint32_t cp = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0Fu;
    if (b0 == 0xE0) low = 0xA0;
    if (b0 == 0xED) high = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07u;
    if (b0 == 0xF0) low = 0x90;
    if (b0 == 0xF4) high = 0x8F;
  } else {
    return kNone;
  }
  if (i + len > s.size()) return kNone;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return kNone;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  i += len;
  return cp;
}

class Parser {
 public:
  Parser(std::string_view pattern, const RegexOptions& options, Nfa& nfa, RegexError& error)
      : p_(pattern), options_(options), nfa_(nfa), error_(error) {}

  bool run() {
    prescan();
    frames_.emplace_back();
    while (at_ < p_.size()) {
      const char c = p_[at_];
      bool ok = true;
      if (c == '|') {
        ++at_;
        end_alternative(frames_.back());
      } else if (c == '(') {
        ok = open_group();
      } else if (c == ')') {
        ok = close_group() && quantifier();
      } else {
        ok = atom() && quantifier();
      }
      if (!ok) return false;
    }
    if (frames_.size() > 1) return fail(frames_.back().open, "unterminated group");
    Fragment whole = finish(frames_.back());
    for (const NamedReference& ref : references_) {
      if (std::find(names_.begin(), names_.end(), ref.name) == names_.end()) {
        return fail(ref.offset, "\\k<...> names no group in the pattern");
      }
    }
    const std::uint32_t match = has_deferred_ ? kNone : add_state({StateKind::Match, 0, kNone, kNone});
    if (has_deferred_) {
      error_ = deferred_error_;
      return false;
    }
    patch(whole.holes, match);
    nfa_.start = whole.start == kNone ? match : whole.start;
    return true;
  }

 private:
  struct ClassAtom {
    bool is_set = false;
    std::uint32_t unit = 0;
    CharSet set;
  };
  struct NamedReference {
    std::u32string name;
    std::size_t offset;
  };

  // ---- errors ----

  bool fail(std::size_t offset, const char* message) {
    error_ = {"regex.syntax", message, offset};
    return false;
  }
  // Remembers the first unsupported construct, or failing that the first size overflow, and stops
  // building: the rest of the pattern is only checked for syntax errors.
  void defer(bool is_unsupported, std::string message, std::size_t offset) {
    building_ = false;
    if (!has_deferred_ || (is_unsupported && deferred_error_.code != "regex.unsupported")) {
      deferred_error_ = {is_unsupported ? "regex.unsupported" : "regex.too_large", std::move(message), offset};
    }
    has_deferred_ = true;
  }
  void too_large(std::size_t offset) {
    defer(false, "pattern expands to more than " + std::to_string(options_.max_nfa_states) + " NFA states",
          offset);
  }
  void unsupported(std::size_t offset, const char* what) {
    defer(true, std::string(what) + " cannot be matched in linear time, so it is not supported", offset);
  }

  // ---- pre-scan ----

  // Whether "\N" is a backreference or an octal escape, and what "\k" means, depend on the capture
  // groups in the whole pattern, including those after the escape.
  void prescan() {
    bool in_class = false;
    for (std::size_t i = 0; i < p_.size(); ++i) {
      const char c = p_[i];
      if (c == '\\') {
        ++i;
      } else if (in_class) {
        in_class = c != ']';
      } else if (c == '[') {
        in_class = true;
      } else if (c == '(') {
        const std::string_view rest = p_.substr(i + 1);
        if (rest.empty() || rest[0] != '?') {
          ++capture_count_;
        } else if (rest.size() >= 2 && rest[1] == '<' && (rest.size() < 3 || (rest[2] != '=' && rest[2] != '!'))) {
          ++capture_count_;
          has_named_groups_ = true;
        }
      }
    }
  }

  // ---- NFA building ----

  std::uint32_t add_state(NfaState state) {
    if (!building_) return kNone;
    if (nfa_.states.size() >= state_limit()) {
      too_large(at_);
      return kNone;
    }
    nfa_.states.push_back(state);
    return static_cast<std::uint32_t>(nfa_.states.size() - 1);
  }

  void patch(const std::vector<std::uint32_t>& holes, std::uint32_t target) {
    for (const std::uint32_t hole : holes) {
      NfaState& s = nfa_.states[hole / 2];
      (hole % 2 == 0 ? s.out : s.out2) = target;
    }
  }

  // State ids are 32-bit; far below that, memory runs out first.
  std::uint64_t state_limit() const { return std::min<std::uint64_t>(options_.max_nfa_states, std::uint64_t{1} << 26); }

  Fragment empty_fragment() const {
    Fragment f;
    f.begin = f.end = static_cast<std::uint32_t>(nfa_.states.size());
    return f;
  }

  Fragment single(NfaState state) {
    Fragment f = empty_fragment();
    const std::uint32_t s = add_state(state);
    if (s == kNone) return f;
    f.start = s;
    f.holes = {s * 2};
    f.end = s + 1;
    return f;
  }

  Fragment set_fragment(CharSet set, bool fold) {
    if (!building_) return empty_fragment();
    if (fold && options_.ignore_case) add_case_variants(set);
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

  Fragment unit_fragment(std::uint32_t unit) { return set_fragment({{unit, unit}}, true); }

  static void concat(Fragment& into, Fragment&& next, std::vector<NfaState>& states) {
    if (next.start == kNone) return;
    if (into.start == kNone) {
      into.start = next.start;
      into.holes = std::move(next.holes);
      return;
    }
    for (const std::uint32_t hole : into.holes) (hole % 2 == 0 ? states[hole / 2].out : states[hole / 2].out2) = next.start;
    into.holes = std::move(next.holes);
  }

  // Copies the states of `f` to the end of the NFA.
  Fragment clone(const Fragment& f) {
    const auto offset = static_cast<std::uint32_t>(nfa_.states.size()) - f.begin;
    for (std::uint32_t k = f.begin; k < f.end; ++k) {
      NfaState s = nfa_.states[k];
      if (s.out != kNone) s.out += offset;
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

  // x{min,max}: the mandatory copies in sequence, then the optional ones nested, x(x(x)?)?, so that fewer
  // threads run at once than with x?x?x?. `f` is the last thing built: its states end the NFA.
  Fragment repeat(Fragment f, std::uint64_t min, std::uint64_t max, std::size_t offset) {
    if (!building_ || f.start == kNone) return f;
    if (max == 0) {
      nfa_.states.resize(f.begin);
      return empty_fragment();
    }
    const std::uint64_t copies = max == kInfinite ? std::max<std::uint64_t>(min, 1) : max;
    const std::uint64_t size = f.end - f.begin;
    const std::uint64_t splits = max == kInfinite ? 1 : max - min;
    const std::uint64_t used = nfa_.states.size();
    const std::uint64_t room = state_limit() > used ? state_limit() - used : 0;
    if (splits > room || (copies > 1 && size > (room - splits) / (copies - 1))) {
      too_large(offset);
      return empty_fragment();
    }
    std::vector<Fragment> parts;
    parts.reserve(static_cast<std::size_t>(copies));
    parts.push_back(f);
    for (std::uint64_t i = 1; i < copies; ++i) parts.push_back(clone(f));
    Fragment result;
    if (max == kInfinite) {
      for (std::uint64_t i = 0; i + 1 < copies; ++i) concat(result, std::move(parts[i]), nfa_.states);
      Fragment& last = parts.back();
      const auto split = static_cast<std::uint32_t>(nfa_.states.size());
      nfa_.states.push_back({StateKind::Split, 0, last.start, kNone});
      patch(last.holes, split);
      Fragment loop;
      loop.start = min == 0 ? split : last.start;  // x* enters at the split; x+ runs x once first
      loop.holes = {split * 2 + 1};
      concat(result, std::move(loop), nfa_.states);
    } else {
      for (std::uint64_t i = 0; i < min; ++i) concat(result, std::move(parts[i]), nfa_.states);
      Fragment optional;
      for (auto i = static_cast<std::size_t>(min); i < parts.size(); ++i) {
        const auto split = static_cast<std::uint32_t>(nfa_.states.size());
        nfa_.states.push_back({StateKind::Split, 0, parts[i].start, kNone});
        optional.holes.push_back(split * 2 + 1);
        if (i == min) optional.start = split; else patch(parts[i - 1].holes, split);
      }
      optional.holes.insert(optional.holes.end(), parts.back().holes.begin(), parts.back().holes.end());
      concat(result, std::move(optional), nfa_.states);
    }
    result.begin = f.begin;
    result.end = static_cast<std::uint32_t>(nfa_.states.size());
    return result;
  }

  // Alternatives a|b|c: a chain of splits, each trying one alternative or the rest.
  Fragment alternation(std::vector<Fragment>& alternatives, std::uint32_t first_state) {
    if (!building_) return empty_fragment();
    Fragment result;
    if (alternatives.size() == 1) {
      result = std::move(alternatives[0]);
    } else {
      const auto first_split = static_cast<std::uint32_t>(nfa_.states.size());
      const auto count = static_cast<std::uint32_t>(alternatives.size());
      for (std::uint32_t i = 0; i + 1 < count; ++i) {
        if (add_state({StateKind::Split, 0, kNone, kNone}) == kNone) return empty_fragment();
      }
      result.start = first_split;
      for (std::uint32_t i = 0; i < count; ++i) {
        Fragment& alt = alternatives[i];
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
    result.end = static_cast<std::uint32_t>(nfa_.states.size());
    return result;
  }

  // ---- sequence bookkeeping ----

  void push_atom(Fragment atom, bool quantifiable) {
    Frame& frame = frames_.back();
    if (frame.has_pending) concat(frame.sequence, std::move(frame.pending), nfa_.states);
    frame.pending = std::move(atom);
    frame.has_pending = true;
    frame.pending_quantifiable = quantifiable;
  }

  void end_alternative(Frame& frame) {
    if (frame.has_pending) concat(frame.sequence, std::move(frame.pending), nfa_.states);
    frame.has_pending = false;
    frame.alternatives.push_back(std::move(frame.sequence));
    frame.sequence = Fragment{};
  }

  Fragment finish(Frame& frame) {
    end_alternative(frame);
    return alternation(frame.alternatives, frame.first_state);
  }

  // ---- groups ----

  bool open_group() {
    const std::size_t open = at_;
    if (frames_.size() > kMaxGroupDepth) {
      error_ = {"regex.too_large", "groups nest deeper than " + std::to_string(kMaxGroupDepth) + " levels", open};
      return false;
    }
    ++at_;
    GroupKind kind = GroupKind::Plain;
    const std::string_view rest = p_.substr(at_);
    if (!rest.empty() && rest[0] == '?') {
      if (rest.substr(0, 2) == "?:") {
        at_ += 2;
      } else if (rest.substr(0, 2) == "?=" || rest.substr(0, 2) == "?!") {
        kind = GroupKind::Lookahead;
        unsupported(open, "lookahead (?= or (?!");
        at_ += 2;
      } else if (rest.substr(0, 3) == "?<=" || rest.substr(0, 3) == "?<!") {
        kind = GroupKind::Lookbehind;
        unsupported(open, "lookbehind (?<= or (?<!");
        at_ += 3;
      } else if (rest.substr(0, 2) == "?<") {
        at_ += 2;
        const std::size_t name_at = at_;
        std::u32string name;
        if (!group_name(name)) return fail(name_at, "invalid capture group name");
        if (std::find(names_.begin(), names_.end(), name) != names_.end()) return fail(name_at, "duplicate capture group name");
        names_.push_back(std::move(name));
      } else {
        return fail(at_, "invalid group: \"(?\" must be followed by \":\", \"=\", \"!\" or \"<\"");
      }
    }
    Frame frame;
    frame.kind = kind;
    frame.open = open;
    frame.first_state = static_cast<std::uint32_t>(nfa_.states.size());
    frames_.push_back(std::move(frame));
    return true;
  }

  bool close_group() {
    if (frames_.size() == 1) return fail(at_, "unmatched ')'");
    ++at_;
    Fragment group = finish(frames_.back());
    const GroupKind kind = frames_.back().kind;
    frames_.pop_back();
    // Annex B lets a lookahead be repeated but not a lookbehind; both are refused later anyway.
    push_atom(std::move(group), kind != GroupKind::Lookbehind);
    return true;
  }

  // RegExpIdentifierName up to and including ">". Non-ASCII is accepted without checking ID_Start and
  // ID_Continue (except combining marks and joiners first): the name does not change what matches.
  bool group_name(std::u32string& name) {
    while (at_ < p_.size() && p_[at_] != '>') {
      std::uint32_t cp = 0;
      if (p_[at_] == '\\') {
        if (!unicode_escape_in_name(cp)) return false;
      } else {
        cp = decode_strict(p_, at_);
        if (cp == kNone) return false;
      }
      const bool first = name.empty();
      const bool ascii_ok = (cp < 128 && (is_ascii_letter(static_cast<char>(cp)) || cp == '$' || cp == '_' ||
                                          (!first && is_digit(static_cast<char>(cp)))));
      const bool other_ok = cp >= 128 && !contains(space_set(), cp) &&
                            !(first && ((cp >= 0x300 && cp <= 0x36F) || cp == 0x200C || cp == 0x200D));
      if (!ascii_ok && !other_ok) return false;
      name.push_back(static_cast<char32_t>(cp));
    }
    if (at_ >= p_.size() || name.empty()) return false;
    ++at_;  // '>'
    return true;
  }

  bool unicode_escape_in_name(std::uint32_t& cp) {
    if (p_.substr(at_, 2) != "\\u") return false;
    at_ += 2;
    if (at_ < p_.size() && p_[at_] == '{') {
      ++at_;
      cp = 0;
      const std::size_t digits = at_;
      while (at_ < p_.size() && hex_value(p_[at_]) >= 0) {
        cp = cp * 16 + static_cast<std::uint32_t>(hex_value(p_[at_++]));
        if (cp > 0x10FFFF) return false;
      }
      if (at_ == digits || at_ >= p_.size() || p_[at_] != '}') return false;
      ++at_;
      return true;
    }
    return hex_digits(4, cp);
  }

  // ---- atoms ----

  bool atom() {
    const char c = p_[at_];
    switch (c) {
      case '[':
        return char_class();
      case '.':
        ++at_;
        push_atom(set_fragment(dot_set(), true), true);
        return true;
      case '^':
      case '$':
        ++at_;
        if (c == '^') nfa_.has_begin = true;
        push_atom(single({c == '^' ? StateKind::Begin : StateKind::End, 0, kNone, kNone}), false);
        return true;
      case '*':
      case '+':
      case '?':
        return fail(at_, "nothing to repeat");
      case '{': {
        std::uint64_t min = 0;
        std::uint64_t max = 0;
        std::size_t end = 0;
        if (braced_quantifier(at_, min, max, end)) return fail(at_, "nothing to repeat");
        ++at_;
        push_atom(unit_fragment('{'), true);
        return true;
      }
      case '\\':
        return escape();
      default: {
        const std::size_t start = at_;
        const std::uint32_t cp = decode_strict(p_, at_);
        if (cp == kNone) return fail(start, "invalid UTF-8 in the pattern");
        push_code_point(cp);
        return true;
      }
    }
  }

  // Without the u flag JavaScript reads an astral character as two units; a quantifier after it repeats
  // only the second.
  void push_code_point(std::uint32_t cp) {
    if (cp < kUnitLimit) {
      push_atom(unit_fragment(cp), true);
      return;
    }
    push_atom(unit_fragment(0xD800 + ((cp - 0x10000) >> 10)), true);
    push_atom(unit_fragment(0xDC00 + (cp & 0x3FF)), true);
  }

  bool escape() {
    const std::size_t start = at_;
    ++at_;
    if (at_ >= p_.size()) return fail(start, "\\ at end of pattern");
    const char c = p_[at_];
    switch (c) {
      case 'b':
      case 'B':
        ++at_;
        nfa_.has_word_assert = true;
        push_atom(single({c == 'b' ? StateKind::WordBoundary : StateKind::NotWordBoundary, 0, kNone, kNone}), false);
        return true;
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
        ++at_;
        push_atom(set_fragment(class_escape(c), true), true);
        return true;
      case 'k':
        if (!has_named_groups_) break;  // Annex B: with no named group anywhere, "\k" is just "k"
        {
          ++at_;
          std::u32string name;
          if (at_ >= p_.size() || p_[at_] != '<') return fail(start, "invalid named reference");
          ++at_;
          if (!group_name(name)) return fail(start, "invalid named reference");
          references_.push_back({std::move(name), start});
          unsupported(start, "a backreference (\\k<name>)");
          push_atom(empty_fragment(), true);
          return true;
        }
      case 'c':
        if (at_ + 1 < p_.size() && is_ascii_letter(p_[at_ + 1])) break;
        // Annex B: "\c" without a control letter is a backslash, and the "c" is read again as a literal.
        push_atom(unit_fragment('\\'), true);
        return true;
      default:
        if (c >= '1' && c <= '9') {
          // "\N" is a backreference only when the pattern has N groups; otherwise an octal or identity escape.
          std::uint64_t n = 0;
          std::size_t i = at_;
          while (i < p_.size() && is_digit(p_[i])) n = std::min(kCountCap, n * 10 + static_cast<std::uint64_t>(p_[i++] - '0'));
          if (n <= capture_count_) {
            at_ = i;
            unsupported(start, "a backreference (\\1 to \\9…)");
            push_atom(empty_fragment(), true);
            return true;
          }
        }
        break;
    }
    std::uint32_t cp = 0;
    if (!character_escape(false, cp)) return false;
    push_code_point(cp);
    return true;
  }

  static const CharSet& class_escape(char c) {
    static const CharSet not_digit = complement(digit_set());
    static const CharSet not_word = complement(word_set());
    static const CharSet not_space = complement(space_set());
    switch (c) {
      case 'd': return digit_set();
      case 'D': return not_digit;
      case 'w': return word_set();
      case 'W': return not_word;
      case 's': return space_set();
      default: return not_space;
    }
  }

  bool hex_digits(int count, std::uint32_t& value) {
    if (at_ + static_cast<std::size_t>(count) > p_.size()) return false;
    std::uint32_t v = 0;
    for (int k = 0; k < count; ++k) {
      const int h = hex_value(p_[at_ + static_cast<std::size_t>(k)]);
      if (h < 0) return false;
      v = v * 16 + static_cast<std::uint32_t>(h);
    }
    at_ += static_cast<std::size_t>(count);
    value = v;
    return true;
  }

  // An escape that stands for one character, outside or inside a class; at_ is just past the backslash.
  bool character_escape(bool in_class, std::uint32_t& cp) {
    const char c = p_[at_];
    switch (c) {
      case 'n': ++at_; cp = '\n'; return true;
      case 't': ++at_; cp = '\t'; return true;
      case 'r': ++at_; cp = '\r'; return true;
      case 'f': ++at_; cp = '\f'; return true;
      case 'v': ++at_; cp = '\v'; return true;
      case 'c':
        // Control letters; inside a class Annex B also takes digits and "_".
        if (at_ + 1 < p_.size() && (is_ascii_letter(p_[at_ + 1]) || (in_class && (is_digit(p_[at_ + 1]) || p_[at_ + 1] == '_')))) {
          cp = static_cast<std::uint32_t>(static_cast<unsigned char>(p_[at_ + 1])) % 32;
          at_ += 2;
          return true;
        }
        break;  // the caller handles a bare "\c"
      case 'x':
        ++at_;
        if (!hex_digits(2, cp)) cp = 'x';
        return true;
      case 'u':
        ++at_;
        if (!hex_digits(4, cp)) cp = 'u';  // non-unicode mode has no \u{...}: "\u{4}" is "uuuu"
        return true;
      default:
        if (is_octal(c)) {
          // Annex B legacy octal: \0 to \377, at most three digits.
          cp = static_cast<std::uint32_t>(c - '0');
          ++at_;
          if (at_ < p_.size() && is_octal(p_[at_])) {
            cp = cp * 8 + static_cast<std::uint32_t>(p_[at_++] - '0');
            if (c <= '3' && at_ < p_.size() && is_octal(p_[at_])) cp = cp * 8 + static_cast<std::uint32_t>(p_[at_++] - '0');
          }
          return true;
        }
        break;
    }
    // Identity escape: the character itself (\8, \9, \a, \-, \/, \é…).
    const std::size_t char_at = at_;
    cp = decode_strict(p_, at_);
    if (cp == kNone) return fail(char_at, "invalid UTF-8 in the pattern");
    return true;
  }

  bool char_class() {
    const std::size_t open = at_;
    ++at_;
    bool negated = false;
    if (at_ < p_.size() && p_[at_] == '^') {
      negated = true;
      ++at_;
    }
    CharSet set;
    pending_low_ = kNone;
    while (true) {
      if (pending_low_ == kNone) {
        if (at_ >= p_.size()) return fail(open, "unterminated character class");
        if (p_[at_] == ']') {
          ++at_;
          break;
        }
      }
      ClassAtom a;
      if (!class_atom(a)) return false;
      if (pending_low_ == kNone && at_ + 1 < p_.size() && p_[at_] == '-' && p_[at_ + 1] != ']') {
        const std::size_t dash = at_;
        ++at_;
        ClassAtom b;
        if (!class_atom(b)) return false;
        if (a.is_set || b.is_set) {
          // Annex B: a "range" with a class escape at either end is the union of both ends and "-".
          add(set, a);
          set.push_back({'-', '-'});
          add(set, b);
        } else if (a.unit > b.unit) {
          return fail(dash, "range out of order in character class");
        } else {
          set.push_back({a.unit, b.unit});
        }
        continue;
      }
      add(set, a);
    }
    normalize(set);
    // [^...] with /i: a unit is excluded when any case variant of it is in the class, so fold first.
    if (options_.ignore_case) add_case_variants(set);
    if (negated) set = complement(set);
    push_atom(set_fragment(std::move(set), false), true);
    return true;
  }

  static void add(CharSet& set, const ClassAtom& a) {
    if (a.is_set) {
      set.insert(set.end(), a.set.begin(), a.set.end());
    } else {
      set.push_back({a.unit, a.unit});
    }
  }

  bool class_atom(ClassAtom& a) {
    if (pending_low_ != kNone) {
      a.unit = pending_low_;
      pending_low_ = kNone;
      return true;
    }
    if (p_[at_] != '\\') {
      const std::size_t start = at_;
      const std::uint32_t cp = decode_strict(p_, at_);
      if (cp == kNone) return fail(start, "invalid UTF-8 in the pattern");
      if (cp < kUnitLimit) {
        a.unit = cp;
      } else {
        a.unit = 0xD800 + ((cp - 0x10000) >> 10);
        pending_low_ = 0xDC00 + (cp & 0x3FF);
      }
      return true;
    }
    const std::size_t start = at_;
    ++at_;
    if (at_ >= p_.size()) return fail(start, "\\ at end of pattern");
    const char c = p_[at_];
    switch (c) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
        ++at_;
        a.is_set = true;
        a.set = class_escape(c);
        return true;
      case 'b':
        ++at_;
        a.unit = '\b';
        return true;
      case 'k':
        if (has_named_groups_) return fail(start, "invalid escape \\k in a character class");
        break;
      case 'c':
        if (at_ + 1 < p_.size() && (is_ascii_letter(p_[at_ + 1]) || is_digit(p_[at_ + 1]) || p_[at_ + 1] == '_')) break;
        a.unit = '\\';  // Annex B, as outside a class: the "c" is read again
        return true;
      default:
        break;
    }
    std::uint32_t cp = 0;
    if (!character_escape(true, cp)) return false;
    if (cp < kUnitLimit) {
      a.unit = cp;
    } else {
      a.unit = 0xD800 + ((cp - 0x10000) >> 10);
      pending_low_ = 0xDC00 + (cp & 0x3FF);
    }
    return true;
  }

  // ---- quantifiers ----

  // {n}, {n,} or {n,m} at p_[i]; counts saturate at kCountCap.
  bool braced_quantifier(std::size_t i, std::uint64_t& min, std::uint64_t& max, std::size_t& end) const {
    if (i >= p_.size() || p_[i] != '{') return false;
    ++i;
    const auto number = [&](std::uint64_t& value) {
      const std::size_t from = i;
      value = 0;
      while (i < p_.size() && is_digit(p_[i])) value = std::min(kCountCap, value * 10 + static_cast<std::uint64_t>(p_[i++] - '0'));
      return i > from;
    };
    if (!number(min)) return false;
    max = min;
    if (i < p_.size() && p_[i] == ',') {
      ++i;
      if (!number(max)) max = kInfinite;
    }
    if (i >= p_.size() || p_[i] != '}') return false;
    end = i + 1;
    return true;
  }

  bool quantifier() {
    if (at_ >= p_.size()) return true;
    const std::size_t q_at = at_;
    std::uint64_t min = 0;
    std::uint64_t max = 0;
    switch (p_[at_]) {
      case '*': min = 0; max = kInfinite; ++at_; break;
      case '+': min = 1; max = kInfinite; ++at_; break;
      case '?': min = 0; max = 1; ++at_; break;
      case '{': {
        std::size_t end = 0;
        if (!braced_quantifier(at_, min, max, end)) return true;  // Annex B: a literal "{"
        at_ = end;
        break;
      }
      default:
        return true;
    }
    if (at_ < p_.size() && p_[at_] == '?') ++at_;  // lazy: the same yes/no answer
    Frame& frame = frames_.back();
    if (!frame.has_pending || !frame.pending_quantifiable) return fail(q_at, "nothing to repeat");
    if (max != kInfinite && min > max) return fail(q_at, "numbers out of order in {} quantifier");
    frame.pending = repeat(std::move(frame.pending), min, max, q_at);
    frame.pending_quantifiable = false;
    return true;
  }

  std::string_view p_;
  const RegexOptions& options_;
  Nfa& nfa_;
  RegexError& error_;
  std::size_t at_ = 0;
  std::vector<Frame> frames_;

  std::uint64_t capture_count_ = 0;
  bool has_named_groups_ = false;
  std::vector<std::u32string> names_;
  std::vector<NamedReference> references_;

  bool building_ = true;
  bool has_deferred_ = false;
  RegexError deferred_error_;
  std::uint32_t pending_low_ = kNone;  // second unit of an astral character inside a class
  std::map<std::vector<std::uint32_t>, std::uint32_t> set_ids_;
};

}  // namespace

bool parse(std::string_view pattern, const RegexOptions& options, Nfa& nfa, RegexError& error) {
  return Parser(pattern, options, nfa, error).run();
}

}  // namespace nudgekit::detail::rx

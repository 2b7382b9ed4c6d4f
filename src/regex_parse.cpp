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
#include <string>

#include "detail/cold.h"
#include "detail/regex_internal.h"

namespace nudgekit::detail::rx {
NK_COLD_CODE_BEGIN
namespace {

constexpr std::size_t kMaxGroupDepth = 200;
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

class Parser : private Scanner {
 public:
  Parser(std::string_view pattern, const RegexOptions& options, Nfa& nfa, RegexError& error)
      : Scanner(pattern, error), options_(options), nfa_(nfa), builder_(nfa, options.max_nfa_states) {}

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
    if (!has_deferred_ && !builder_.finish(std::move(whole))) check_size(at_);
    if (has_deferred_) {
      error_ = deferred_error_;
      return false;
    }
    return true;
  }

 private:
  struct NamedReference {
    std::u32string name;
    std::size_t offset;
  };

  // ---- errors ----

  // Remembers the first unsupported construct, or failing that the first size overflow, and stops
  // building: the rest of the pattern is only checked for syntax errors.
  void defer(bool is_unsupported, std::string message, std::size_t offset) {
    builder_.stop();
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

  // ---- NFA building ----

  // The builder stops at its state limit; the first time, report it where the parser stands.
  void check_size(std::size_t offset) {
    if (builder_.overflowed() && !size_reported_) {
      size_reported_ = true;
      too_large(offset);
    }
  }

  Fragment set_fragment(CharSet set, bool fold) {
    if (fold && options_.ignore_case) add_case_variants(set);
    return builder_.set(std::move(set));
  }

  Fragment unit_fragment(std::uint32_t unit) { return set_fragment({{unit, unit}}, true); }

  // ---- sequence bookkeeping ----

  void push_atom(Fragment atom, bool quantifiable) {
    check_size(at_);
    Frame& frame = frames_.back();
    if (frame.has_pending) builder_.concat(frame.sequence, std::move(frame.pending));
    frame.pending = std::move(atom);
    frame.has_pending = true;
    frame.pending_quantifiable = quantifiable;
  }

  void end_alternative(Frame& frame) {
    if (frame.has_pending) builder_.concat(frame.sequence, std::move(frame.pending));
    frame.has_pending = false;
    frame.alternatives.push_back(std::move(frame.sequence));
    frame.sequence = Fragment{};
  }

  Fragment finish(Frame& frame) {
    end_alternative(frame);
    Fragment whole = builder_.alternation(frame.alternatives, frame.first_state);
    check_size(at_);
    return whole;
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

  // ---- atoms ----

  bool atom() {
    const char c = p_[at_];
    switch (c) {
      case '[': {
        CharSet set;
        if (!char_class(options_.ignore_case, set)) return false;
        push_atom(set_fragment(std::move(set), false), true);
        return true;
      }
      case '.':
        ++at_;
        push_atom(set_fragment(dot_set(), true), true);
        return true;
      case '^':
      case '$':
        ++at_;
        if (c == '^') nfa_.has_begin = true;
        push_atom(builder_.single({c == '^' ? StateKind::Begin : StateKind::End, 0, kNone, kNone}), false);
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
        std::uint32_t cp = 0;
        if (!pattern_char(cp)) return false;
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
    if (!enter_escape()) return false;
    const char c = p_[at_];
    switch (c) {
      case 'b':
      case 'B':
        ++at_;
        nfa_.has_word_assert = true;
        push_atom(builder_.single({c == 'b' ? StateKind::WordBoundary : StateKind::NotWordBoundary, 0, kNone, kNone}), false);
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
          push_atom(builder_.empty(), true);
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
            push_atom(builder_.empty(), true);
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

  // ---- quantifiers ----

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
    frame.pending = builder_.repeat(std::move(frame.pending), min, max);
    check_size(q_at);
    frame.pending_quantifiable = false;
    return true;
  }

  const RegexOptions& options_;
  Nfa& nfa_;
  std::vector<Frame> frames_;
  std::vector<std::u32string> names_;
  std::vector<NamedReference> references_;

  NfaBuilder builder_;
  bool size_reported_ = false;
  bool has_deferred_ = false;
  RegexError deferred_error_;
};

}  // namespace

bool parse(std::string_view pattern, const RegexOptions& options, Nfa& nfa, RegexError& error) {
  return Parser(pattern, options, nfa, error).run();
}

NK_COLD_CODE_END
}  // namespace nudgekit::detail::rx

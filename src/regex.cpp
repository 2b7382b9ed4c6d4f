// Parses JavaScript regex syntax into a small tree, compiles it into a Thompson-style program, and
// matches with a Pike VM: every live program position advances together over the subject, so no input
// can make matching slower than O(subject × program).
#include "nudgekit/regex.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <new>

#include "detail/text_fold.h"

namespace nudgekit {
namespace {

using Range = Regex::Range;
using OpCode = Regex::OpCode;
using Instruction = Regex::Instruction;

constexpr char32_t kEndOfInput = 0xFFFFFFFF;
constexpr std::size_t kMaxGroupDepth = 200;
constexpr int kUnbounded = -1;

bool is_word(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Sorts and merges ranges so membership is a binary search over disjoint intervals.
std::vector<Range> normalize(std::vector<Range> ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) { return a.low < b.low; });
  std::vector<Range> out;
  for (const Range& r : ranges) {
    if (!out.empty() && r.low <= out.back().high + 1) {
      out.back().high = std::max(out.back().high, r.high);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

std::vector<Range> negate(const std::vector<Range>& sorted) {
  std::vector<Range> out;
  char32_t next = 0;
  for (const Range& r : sorted) {
    if (r.low > next) out.push_back({next, r.low - 1});
    next = r.high + 1;
  }
  if (next <= 0x10FFFF) out.push_back({next, 0x10FFFF});
  return out;
}

const std::vector<Range>& digit_ranges() {
  static const std::vector<Range> ranges = {{'0', '9'}};
  return ranges;
}
const std::vector<Range>& word_ranges() {
  static const std::vector<Range> ranges = normalize({{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}});
  return ranges;
}
// JavaScript's \s: WhiteSpace and LineTerminator.
const std::vector<Range>& space_ranges() {
  static const std::vector<Range> ranges = normalize({{'\t', '\r'}, {' ', ' '}, {0xA0, 0xA0}, {0x1680, 0x1680},
                                                      {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F},
                                                      {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}});
  return ranges;
}
const std::vector<Range>& dot_ranges() {
  static const std::vector<Range> ranges = negate(normalize({{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}}));
  return ranges;
}

// Adds the other-case partners of every cased letter in `ranges` (Latin, Greek, Cyrillic: the scripts
// detail::simple_lowercase maps), so that matching stays a plain range test.
std::vector<Range> add_case_partners(const std::vector<Range>& ranges) {
  constexpr char32_t kCasedLimit = 0x530;
  static const std::array<char32_t, kCasedLimit> upper_of = [] {
    std::array<char32_t, kCasedLimit> table{};
    for (char32_t c = 0; c < kCasedLimit; ++c) table[c] = c;
    for (char32_t c = 0; c < kCasedLimit; ++c) {
      const char32_t lower = detail::simple_lowercase(c);
      if (lower != c && lower < kCasedLimit) table[lower] = c;
    }
    return table;
  }();
  std::vector<Range> out = ranges;
  for (const Range& r : ranges) {
    for (char32_t c = r.low; c <= r.high && c < kCasedLimit; ++c) {
      const char32_t lower = detail::simple_lowercase(c);
      if (lower != c) out.push_back({lower, lower});
      if (upper_of[c] != c) out.push_back({upper_of[c], upper_of[c]});
    }
  }
  return normalize(std::move(out));
}

struct Node {
  enum class Kind : std::uint8_t { Empty, Class, Concat, Alternate, Repeat, Assert } kind = Kind::Empty;
  std::vector<Range> ranges;   // Class
  std::vector<Node> children;  // Concat, Alternate; children[0] for Repeat
  int min = 0;                 // Repeat
  int max = 0;                 // Repeat; kUnbounded for * and +
  OpCode assertion = OpCode::AssertBegin;
};

class Parser {
 public:
  Parser(std::string_view pattern, const RegexOptions& options, RegexError& error)
      : p_(pattern), options_(options), error_(error) {}

  bool parse(Node& out) {
    if (!alternation(out, 0)) return false;
    if (at_ < p_.size()) {
      // Only an unmatched ')' stops the top-level alternation early.
      return fail("regex.syntax", "unmatched ')'");
    }
    return true;
  }

 private:
  bool alternation(Node& out, std::size_t depth) {
    if (depth > kMaxGroupDepth) return fail("regex.too_large", "groups nest deeper than 200 levels");
    Node first;
    if (!sequence(first, depth)) return false;
    if (peek() != '|') {
      out = std::move(first);
      return true;
    }
    out = Node{};
    out.kind = Node::Kind::Alternate;
    out.children.push_back(std::move(first));
    while (peek() == '|') {
      ++at_;
      Node next;
      if (!sequence(next, depth)) return false;
      out.children.push_back(std::move(next));
    }
    return true;
  }

  bool sequence(Node& out, std::size_t depth) {
    out.kind = Node::Kind::Concat;
    while (at_ < p_.size() && p_[at_] != '|' && p_[at_] != ')') {
      Node atom_node;
      bool quantifiable = true;
      if (!atom(atom_node, depth, quantifiable)) return false;
      if (!quantifier(atom_node, quantifiable)) return false;
      out.children.push_back(std::move(atom_node));
    }
    return true;
  }

  bool atom(Node& out, std::size_t depth, bool& quantifiable) {
    const char c = p_[at_];
    switch (c) {
      case '(':
        return group(out, depth);
      case '[':
        return char_class(out);
      case '.':
        ++at_;
        return set_class(out, dot_ranges(), false);
      case '^':
      case '$':
        ++at_;
        return assertion(out, c == '^' ? OpCode::AssertBegin : OpCode::AssertEnd, quantifiable);
      case '*':
      case '+':
      case '?':
        return fail("regex.syntax", "nothing to repeat");
      case '{':
        if (quantifier_syntax_at(at_)) return fail("regex.syntax", "nothing to repeat");
        ++at_;
        return literal(out, '{');
      case '\\':
        return escape(out, quantifiable);
      default: {
        std::size_t i = at_;
        const char32_t cp = detail::decode_utf8(p_, i);
        if (cp == 0xFFFD && !(i - at_ == 3 && p_.substr(at_, 3) == "\xEF\xBF\xBD")) {
          return fail("regex.syntax", "invalid UTF-8 in the pattern");
        }
        at_ = i;
        return literal(out, cp);
      }
    }
  }

  // Assertions match a position, not a character, so JavaScript refuses to repeat them.
  static bool assertion(Node& out, OpCode op, bool& quantifiable) {
    out.kind = Node::Kind::Assert;
    out.assertion = op;
    quantifiable = false;
    return true;
  }

  bool group(Node& out, std::size_t depth) {
    const std::size_t open = at_;
    ++at_;
    if (peek() == '?') {
      const std::string_view rest = p_.substr(at_);
      if (rest.substr(0, 2) == "?:") {
        at_ += 2;
      } else if (rest.substr(0, 2) == "?=" || rest.substr(0, 2) == "?!" || rest.substr(0, 3) == "?<=" ||
                 rest.substr(0, 3) == "?<!") {
        at_ = open;
        return fail("regex.unsupported", "lookaround cannot be matched in linear time");
      } else if (rest.substr(0, 2) == "?<") {
        const std::size_t close = p_.find('>', at_ + 2);
        if (close == std::string_view::npos || close == at_ + 2) return fail("regex.syntax", "invalid group name");
        at_ = close + 1;
      } else {
        return fail("regex.syntax", "invalid group");
      }
    }
    if (!alternation(out, depth + 1)) return false;
    if (peek() != ')') {
      at_ = open;
      return fail("regex.syntax", "unterminated group");
    }
    ++at_;
    return true;
  }

  bool escape(Node& out, bool& quantifiable) {
    const std::size_t start = at_;
    ++at_;
    if (at_ >= p_.size()) {
      at_ = start;
      return fail("regex.syntax", "\\ at end of pattern");
    }
    const char c = p_[at_];
    switch (c) {
      case 'b':
      case 'B':
        ++at_;
        return assertion(out, c == 'b' ? OpCode::AssertWord : OpCode::AssertNotWord, quantifiable);
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S': {
        ++at_;
        const auto& base = (c == 'd' || c == 'D') ? digit_ranges() : (c == 'w' || c == 'W') ? word_ranges() : space_ranges();
        return set_class(out, base, c == 'D' || c == 'W' || c == 'S');
      }
      case 'k':
        if (at_ + 1 < p_.size() && p_[at_ + 1] == '<') {
          at_ = start;
          return fail("regex.unsupported", "backreferences cannot be matched in linear time");
        }
        break;
      default:
        if (c >= '1' && c <= '9') {
          at_ = start;
          return fail("regex.unsupported", "backreferences cannot be matched in linear time");
        }
        break;
    }
    char32_t cp = 0;
    if (!character_escape(cp)) return false;
    return literal(out, cp);
  }

  // The escapes that stand for one character, inside or outside a class; at_ is just past the backslash.
  bool character_escape(char32_t& cp) {
    const char c = p_[at_];
    switch (c) {
      case 'n': ++at_; cp = '\n'; return true;
      case 't': ++at_; cp = '\t'; return true;
      case 'r': ++at_; cp = '\r'; return true;
      case 'f': ++at_; cp = '\f'; return true;
      case 'v': ++at_; cp = '\v'; return true;
      case '0':
        ++at_;
        cp = 0;
        return true;
      case 'x':
        if (hex_digits(at_ + 1, 2, cp)) {
          at_ += 3;
          return true;
        }
        break;
      case 'u':
        if (hex_digits(at_ + 1, 4, cp)) {
          at_ += 5;
          return true;
        }
        break;
      case 'c':
        if (at_ + 1 < p_.size() && std::isalpha(static_cast<unsigned char>(p_[at_ + 1]))) {
          cp = static_cast<char32_t>(p_[at_ + 1]) % 32;
          at_ += 2;
          return true;
        }
        // Annex B: "\c" without a letter is a backslash; the "c" is read again as a literal.
        cp = '\\';
        return true;
      default:
        break;
    }
    // Identity escape: the character itself.
    std::size_t i = at_;
    cp = detail::decode_utf8(p_, i);
    at_ = i;
    return true;
  }

  bool hex_digits(std::size_t from, int count, char32_t& value) const {
    if (from + static_cast<std::size_t>(count) > p_.size()) return false;
    value = 0;
    for (int k = 0; k < count; ++k) {
      const char h = p_[from + static_cast<std::size_t>(k)];
      value <<= 4;
      if (h >= '0' && h <= '9') value |= static_cast<char32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') value |= static_cast<char32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') value |= static_cast<char32_t>(h - 'A' + 10);
      else return false;
    }
    return true;
  }

  bool char_class(Node& out) {
    const std::size_t open = at_;
    ++at_;
    bool negated = false;
    if (peek() == '^') {
      negated = true;
      ++at_;
    }
    std::vector<Range> ranges;
    while (true) {
      if (at_ >= p_.size()) {
        at_ = open;
        return fail("regex.syntax", "unterminated character class");
      }
      if (p_[at_] == ']') {
        ++at_;
        break;
      }
      char32_t low = 0;
      const std::vector<Range>* set = nullptr;
      if (!class_atom(low, set)) return false;
      if (set == nullptr && peek() == '-' && at_ + 1 < p_.size() && p_[at_ + 1] != ']') {
        const std::size_t dash = at_;
        ++at_;
        char32_t high = 0;
        const std::vector<Range>* high_set = nullptr;
        if (!class_atom(high, high_set)) return false;
        if (high_set != nullptr) {
          // Annex B: a range with a class escape on one side is the union of its parts and "-".
          ranges.push_back({low, low});
          ranges.push_back({'-', '-'});
          ranges.insert(ranges.end(), high_set->begin(), high_set->end());
          continue;
        }
        if (low > high) {
          at_ = dash;
          return fail("regex.syntax", "range out of order in character class");
        }
        ranges.push_back({low, high});
        continue;
      }
      if (set != nullptr) {
        ranges.insert(ranges.end(), set->begin(), set->end());
      } else {
        ranges.push_back({low, low});
      }
    }
    out.kind = Node::Kind::Class;
    out.ranges = normalize(std::move(ranges));
    if (options_.ignore_case) out.ranges = add_case_partners(out.ranges);
    if (negated) out.ranges = negate(out.ranges);
    return true;
  }

  // One member of a class: a character (cp) or a class escape (set).
  bool class_atom(char32_t& cp, const std::vector<Range>*& set) {
    if (p_[at_] != '\\') {
      std::size_t i = at_;
      cp = detail::decode_utf8(p_, i);
      at_ = i;
      return true;
    }
    ++at_;
    if (at_ >= p_.size()) return fail("regex.syntax", "\\ at end of pattern");
    const char c = p_[at_];
    switch (c) {
      case 'd': ++at_; set = &digit_ranges(); return true;
      case 'w': ++at_; set = &word_ranges(); return true;
      case 's': ++at_; set = &space_ranges(); return true;
      case 'D': ++at_; set = &negated_class(0); return true;
      case 'W': ++at_; set = &negated_class(1); return true;
      case 'S': ++at_; set = &negated_class(2); return true;
      case 'b': ++at_; cp = '\b'; return true;
      case '-': ++at_; cp = '-'; return true;
      default:
        if (c >= '1' && c <= '9') {
          // Annex B reads these as octal inside a class; they are rare enough to refuse clearly.
          return fail("regex.unsupported", "octal escapes in a class are not supported");
        }
        return character_escape(cp);
    }
  }

  // \D, \W, \S inside a class: 0, 1, 2.
  static const std::vector<Range>& negated_class(int which) {
    static const std::vector<Range> sets[3] = {negate(digit_ranges()), negate(word_ranges()), negate(space_ranges())};
    return sets[which];
  }

  bool set_class(Node& out, const std::vector<Range>& base, bool negated) {
    out.kind = Node::Kind::Class;
    out.ranges = negated ? negate(base) : base;
    if (options_.ignore_case && !negated) out.ranges = add_case_partners(out.ranges);
    return true;
  }

  bool literal(Node& out, char32_t cp) {
    out.kind = Node::Kind::Class;
    out.ranges = {{cp, cp}};
    if (options_.ignore_case) out.ranges = add_case_partners(out.ranges);
    return true;
  }

  // Does p_[i] start a {n}, {n,} or {n,m} quantifier?
  bool quantifier_syntax_at(std::size_t i) const {
    if (i >= p_.size() || p_[i] != '{') return false;
    ++i;
    const std::size_t digits_start = i;
    while (i < p_.size() && std::isdigit(static_cast<unsigned char>(p_[i]))) ++i;
    if (i == digits_start) return false;
    if (i < p_.size() && p_[i] == ',') {
      ++i;
      while (i < p_.size() && std::isdigit(static_cast<unsigned char>(p_[i]))) ++i;
    }
    return i < p_.size() && p_[i] == '}';
  }

  bool quantifier(Node& atom_node, bool quantifiable) {
    const std::size_t quantifier_at = at_;
    int min = 0;
    int max = 0;
    const char c = peek();
    if (c == '*') {
      min = 0;
      max = kUnbounded;
      ++at_;
    } else if (c == '+') {
      min = 1;
      max = kUnbounded;
      ++at_;
    } else if (c == '?') {
      min = 0;
      max = 1;
      ++at_;
    } else if (c == '{' && quantifier_syntax_at(at_)) {
      ++at_;
      if (!count(min)) return false;
      max = min;
      if (peek() == ',') {
        ++at_;
        max = std::isdigit(static_cast<unsigned char>(peek())) ? 0 : kUnbounded;
        if (max == 0 && !count(max)) return false;
      }
      ++at_;  // '}'
      if (max != kUnbounded && max < min) return fail("regex.syntax", "numbers out of order in {} quantifier");
    } else {
      return true;
    }
    if (!quantifiable) {
      at_ = quantifier_at;
      return fail("regex.syntax", "nothing to repeat");
    }
    if (peek() == '?') ++at_;  // lazy: the same yes/no answer
    if (peek() == '*' || peek() == '+' || peek() == '?' || (peek() == '{' && quantifier_syntax_at(at_))) {
      return fail("regex.syntax", "nothing to repeat");
    }
    Node repeat;
    repeat.kind = Node::Kind::Repeat;
    repeat.min = min;
    repeat.max = max;
    repeat.children.push_back(std::move(atom_node));
    atom_node = std::move(repeat);
    return true;
  }

  bool count(int& value) {
    long long v = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      v = v * 10 + (p_[at_] - '0');
      if (v > 100000) return fail("regex.too_large", "repeat count too large");
      ++at_;
    }
    value = static_cast<int>(v);
    return true;
  }

  char peek() const { return at_ < p_.size() ? p_[at_] : '\0'; }

  bool fail(const char* code, const char* message) {
    error_ = {code, message, at_};
    return false;
  }

  std::string_view p_;
  const RegexOptions& options_;
  RegexError& error_;
  std::size_t at_ = 0;
};

class Compiler {
 public:
  explicit Compiler(std::size_t limit) : limit_(limit) {}

  bool emit(const Node& node) {
    switch (node.kind) {
      case Node::Kind::Empty:
        return true;
      case Node::Kind::Class: {
        Instruction in{OpCode::Class, static_cast<std::uint32_t>(ranges.size()), static_cast<std::uint32_t>(node.ranges.size())};
        ranges.insert(ranges.end(), node.ranges.begin(), node.ranges.end());
        return push(in);
      }
      case Node::Kind::Assert:
        return push({node.assertion, 0, 0});
      case Node::Kind::Concat:
        for (const Node& child : node.children) {
          if (!emit(child)) return false;
        }
        return true;
      case Node::Kind::Alternate: {
        std::vector<std::size_t> jumps;
        for (std::size_t i = 0; i < node.children.size(); ++i) {
          const bool last = i + 1 == node.children.size();
          std::size_t split = 0;
          if (!last) {
            split = program.size();
            if (!push({OpCode::Split, 0, 0})) return false;
            program[split].x = static_cast<std::uint32_t>(program.size());
          }
          if (!emit(node.children[i])) return false;
          if (!last) {
            jumps.push_back(program.size());
            if (!push({OpCode::Jump, 0, 0})) return false;
            program[split].y = static_cast<std::uint32_t>(program.size());
          }
        }
        for (std::size_t jump : jumps) program[jump].x = static_cast<std::uint32_t>(program.size());
        return true;
      }
      case Node::Kind::Repeat:
        return repeat(node);
    }
    return false;
  }

  bool push(Instruction in) {
    if (program.size() >= limit_) return false;
    program.push_back(in);
    return true;
  }

  std::vector<Instruction> program;
  std::vector<Range> ranges;

 private:
  bool repeat(const Node& node) {
    const Node& body = node.children.front();
    for (int i = 0; i < node.min; ++i) {
      if (!emit(body)) return false;
    }
    if (node.max == kUnbounded) {
      // loop: Split(body, exit); body; Jump loop
      const std::size_t loop = program.size();
      if (!push({OpCode::Split, 0, 0})) return false;
      program[loop].x = static_cast<std::uint32_t>(program.size());
      if (!emit(body)) return false;
      if (!push({OpCode::Jump, static_cast<std::uint32_t>(loop), 0})) return false;
      program[loop].y = static_cast<std::uint32_t>(program.size());
      return true;
    }
    // Each optional copy: Split(body, exit); every exit goes to the end of the repeat.
    std::vector<std::size_t> splits;
    for (int i = node.min; i < node.max; ++i) {
      splits.push_back(program.size());
      if (!push({OpCode::Split, 0, 0})) return false;
      program[splits.back()].x = static_cast<std::uint32_t>(program.size());
      if (!emit(body)) return false;
    }
    for (std::size_t split : splits) program[split].y = static_cast<std::uint32_t>(program.size());
    return true;
  }

  std::size_t limit_;
};

}  // namespace

std::unique_ptr<Regex> Regex::compile(std::string_view pattern, const RegexOptions& options, RegexError& error) {
  if (pattern.size() > options.max_pattern_bytes) {
    error = {"regex.too_large", "pattern is longer than " + std::to_string(options.max_pattern_bytes) + " bytes", options.max_pattern_bytes};
    return nullptr;
  }
  try {
    Node tree;
    Parser parser(pattern, options, error);
    if (!parser.parse(tree)) return nullptr;
    Compiler compiler(options.max_nfa_states);
    if (!compiler.emit(tree) || !compiler.push({OpCode::Match, 0, 0})) {
      error = {"regex.too_large", "pattern expands to more than " + std::to_string(options.max_nfa_states) + " states", 0};
      return nullptr;
    }
    return std::make_unique<Regex>(std::move(compiler.program), std::move(compiler.ranges), 0);
  } catch (const std::bad_alloc&) {
    error = {"regex.too_large", "pattern too large to compile", 0};
    return nullptr;
  }
}

Regex::Regex(std::vector<Instruction> program, std::vector<Range> ranges, std::uint32_t start)
    : program_(std::move(program)), ranges_(std::move(ranges)), start_(start) {
  anchored_start_ = !program_.empty() && program_[start_].op == OpCode::AssertBegin;
  compute_first_set();
  ascii_.assign(program_.size(), {0, 0});
  for (std::size_t pc = 0; pc < program_.size(); ++pc) {
    const Instruction& in = program_[pc];
    if (in.op != OpCode::Class) continue;
    for (std::uint32_t k = in.x; k < in.x + in.y; ++k) {
      for (char32_t c = ranges_[k].low; c <= ranges_[k].high && c < 128; ++c) ascii_[pc][c >> 6] |= std::uint64_t{1} << (c & 63);
    }
  }
  current_.resize(program_.size());
  next_.resize(program_.size());
  marks_.assign(program_.size(), 0);
  stack_.resize(program_.size() * 2 + 2);
}

// Follows every epsilon path from the start (assertions are assumed to hold, which only widens the set)
// and collects the classes reached. If Match is reachable without consuming input, the empty string
// matches everywhere and there is nothing to skip.
void Regex::compute_first_set() {
  std::vector<bool> seen(program_.size(), false);
  std::vector<std::uint32_t> pending = {start_};
  std::vector<Range> first;
  while (!pending.empty()) {
    const std::uint32_t at = pending.back();
    pending.pop_back();
    if (seen[at]) continue;
    seen[at] = true;
    const Instruction& in = program_[at];
    switch (in.op) {
      case OpCode::Class:
        first.insert(first.end(), ranges_.begin() + in.x, ranges_.begin() + in.x + in.y);
        break;
      case OpCode::Jump:
        pending.push_back(in.x);
        break;
      case OpCode::Split:
        pending.push_back(in.x);
        pending.push_back(in.y);
        break;
      case OpCode::Match:
        return;  // use_first_set_ stays false
      default:
        pending.push_back(at + 1);
        break;
    }
  }
  for (const Range& r : normalize(std::move(first))) {
    for (char32_t c = r.low; c <= r.high && c < 128; ++c) first_ascii_[c >> 6] |= std::uint64_t{1} << (c & 63);
    if (r.high >= 128) first_other_.push_back({std::max<char32_t>(r.low, 128), r.high});
  }
  use_first_set_ = true;
}

bool Regex::may_start(char32_t c) const noexcept {
  if (c < 128) return (first_ascii_[c >> 6] >> (c & 63)) & 1u;
  for (const Range& r : first_other_) {
    if (c >= r.low && c <= r.high) return true;
  }
  return false;
}

bool Regex::class_contains(std::uint32_t pc, char32_t c) const noexcept {
  if (c < 128) return (ascii_[pc][c >> 6] >> (c & 63)) & 1u;
  const Instruction& in = program_[pc];
  const Range* first = ranges_.data() + in.x;
  const Range* last = first + in.y;
  if (in.y <= 8) {
    for (const Range* r = first; r != last; ++r) {
      if (c < r->low) return false;
      if (c <= r->high) return true;
    }
    return false;
  }
  const Range* it = std::upper_bound(first, last, c, [](char32_t v, const Range& r) { return v < r.low; });
  return it != first && c <= (it - 1)->high;
}

// Adds pc and everything reachable from it without consuming input. Returns through `matched` when a
// Match instruction is reachable. Each instruction is visited once per step (marks_ == generation).
bool Regex::add_thread(std::uint32_t pc, std::uint32_t* list, std::uint32_t& count, std::uint32_t generation,
                       bool prev_word, char32_t next, bool at_begin, bool at_end) const noexcept {
  if (program_[pc].op == OpCode::Class) {  // the common case: no epsilon moves to follow
    if (marks_[pc] != generation) {
      marks_[pc] = generation;
      list[count++] = pc;
    }
    return false;
  }
  bool matched = false;
  std::size_t top = 0;
  stack_[top++] = pc;
  while (top > 0) {
    const std::uint32_t at = stack_[--top];
    if (marks_[at] == generation) continue;
    marks_[at] = generation;
    const Instruction& in = program_[at];
    switch (in.op) {
      case OpCode::Class:
        list[count++] = at;
        break;
      case OpCode::Jump:
        stack_[top++] = in.x;
        break;
      case OpCode::Split:
        stack_[top++] = in.y;
        stack_[top++] = in.x;
        break;
      case OpCode::AssertBegin:
        if (at_begin) stack_[top++] = at + 1;
        break;
      case OpCode::AssertEnd:
        if (at_end) stack_[top++] = at + 1;
        break;
      case OpCode::AssertWord:
      case OpCode::AssertNotWord: {
        const bool boundary = prev_word != (next != kEndOfInput && is_word(next));
        if (boundary == (in.op == OpCode::AssertWord)) stack_[top++] = at + 1;
        break;
      }
      case OpCode::Match:
        matched = true;
        break;
    }
  }
  return matched;
}

bool Regex::search(std::string_view subject) const noexcept {
  const auto step_generation = [this]() {
    if (++generation_ == 0) {  // wrapped: clear the marks once every 4 billion steps
      std::fill(marks_.begin(), marks_.end(), 0);
      generation_ = 1;
    }
    return generation_;
  };
  std::size_t after = 0;
  char32_t cur = subject.empty() ? kEndOfInput : detail::decode_utf8(subject, after);
  bool prev_word = false;
  std::uint32_t count = 0;
  if (add_thread(start_, current_.data(), count, step_generation(), prev_word, cur, true, subject.empty())) return true;
  while (true) {
    if (cur == kEndOfInput) return false;
    if (count == 0 && anchored_start_) return false;
    if (count == 0 && use_first_set_ && !may_start(cur)) {
      // Nothing alive and no match can begin here: skip to the next character that can begin one.
      do {
        prev_word = is_word(cur);
        cur = after < subject.size() ? detail::decode_utf8(subject, after) : kEndOfInput;
      } while (cur != kEndOfInput && !may_start(cur));
      if (cur == kEndOfInput) return false;
      // At least one character was skipped, so this is neither the beginning nor the end of input.
      if (add_thread(start_, current_.data(), count, step_generation(), prev_word, cur, false, false)) return true;
      continue;
    }
    const std::size_t next_pos = after;
    char32_t next = kEndOfInput;
    if (next_pos < subject.size()) next = detail::decode_utf8(subject, after);
    const bool next_prev_word = is_word(cur);
    const bool at_end = next_pos >= subject.size();
    const std::uint32_t generation = step_generation();
    std::uint32_t next_count = 0;
    bool matched = false;
    for (std::uint32_t i = 0; i < count; ++i) {
      if (class_contains(current_[i], cur)) {
        matched |= add_thread(current_[i] + 1, next_.data(), next_count, generation, next_prev_word, next, false, at_end);
      }
    }
    if (matched) return true;
    if (!anchored_start_ &&
        add_thread(start_, next_.data(), next_count, generation, next_prev_word, next, false, at_end)) {
      return true;
    }
    current_.swap(next_);
    count = next_count;
    cur = next;
    prev_word = next_prev_word;
  }
}

}  // namespace nudgekit

// Tests for the $regex matcher. The AgreesWithJavaScript table was produced by running each row through
// Node's `new RegExp(pattern, flags).test(subject)`; keep it that way when adding rows.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "nudgekit/regex.h"

// Counts heap allocations while a test asks for it, to check that search() never allocates. Replacing
// the global operator new is link-wide; this one only forwards to malloc and counts. noinline: once
// inlined, GCC 12 pairs the free() with the new-expression and warns (-Wmismatched-new-delete).
namespace {
std::atomic<bool> g_count_allocations{false};
std::atomic<long> g_allocations{0};
}  // namespace

[[gnu::noinline]] void* operator new(std::size_t size) {
  if (g_count_allocations.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// The nothrow form too (std::stable_sort's buffer uses it): otherwise the sanitizer's own nothrow new
// pairs with the free() below and reports a mismatch.
[[gnu::noinline]] void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (g_count_allocations.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace nudgekit {
namespace {

using namespace std::literals;

RegexOptions options_with(bool ignore_case, std::size_t max_dfa_states = RegexOptions{}.max_dfa_states) {
  RegexOptions options;
  options.ignore_case = ignore_case;
  options.max_dfa_states = max_dfa_states;
  return options;
}

std::unique_ptr<Regex> compile(std::string_view pattern, const RegexOptions& options = {}) {
  RegexError error;
  auto regex = Regex::compile(pattern, options, error);
  EXPECT_TRUE(regex) << "/" << pattern << "/: " << error.code << " at " << error.offset << ": " << error.message;
  return regex;
}

RegexError rejection(std::string_view pattern, const RegexOptions& options = {}) {
  RegexError error;
  EXPECT_FALSE(Regex::compile(pattern, options, error)) << "/" << pattern << "/ compiled";
  return error;
}

struct Row {
  std::string_view pattern;
  bool ignore_case;
  std::string_view subject;
  bool expected;  // new RegExp(pattern, ignore_case ? "i" : "").test(subject) in Node 20
};

const Row kRows[] = {
      {"(Mobile|Tablet)"sv, false, "Android Mobile Browser"sv, true},
      {"(mobile|tablet)"sv, true, "Android Mobile Browser"sv, true},
      {"(mobile|tablet)"sv, false, "Android Mobile Browser"sv, false},
      {"^4[.]1[0-3][.]"sv, false, "4.13.2"sv, true},
      {"^4[.]1[0-3][.]"sv, false, "4.14.2"sv, false},
      {"@(gmail|rediffmail)[.]com$"sv, false, "kavya@rediffmail.com"sv, true},
      {"@(gmail|rediffmail)[.]com$"sv, false, "kavya@rediffmail.com.evil"sv, false},
      {"^SM-[AM]\\d{2,3}"sv, false, "SM-M135F"sv, true},
      {"^SM-[AM]\\d{2,3}"sv, false, "SM-X135F"sv, false},
      {"\\bdiwali_\\d{4}\\b"sv, false, "x_diwali_2024_kirana"sv, false},
      {"\\bdiwali_\\d{4}\\b"sv, false, "big diwali_2024 sale"sv, true},
      {"\\bdiwali"sv, false, "big diwali sale"sv, true},
      {"colou?r"sv, false, "color"sv, true},
      {"colou?r"sv, false, "colour"sv, true},
      {"colou?r"sv, false, "colr"sv, false},
      {"^(?:v)?\\d+\\.\\d+"sv, false, "v4.13"sv, true},
      {"(?<year>\\d{4})-\\d{2}"sv, false, "2024-06"sv, true},
      {"(?<year>\\d{4})-\\d{2}"sv, false, "24-06"sv, false},
      {"abc"sv, false, "xxabcxx"sv, true},
      {"abc"sv, false, "ab c"sv, false},
      {""sv, false, ""sv, true},
      {""sv, false, "abc"sv, true},
      {"^$"sv, false, ""sv, true},
      {"^$"sv, false, "a"sv, false},
      {"$"sv, false, "abc"sv, true},
      {"^"sv, false, ""sv, true},
      {"a^b"sv, false, "a^b"sv, false},
      {"a$b"sv, false, "a$b"sv, false},
      {"^a|b$"sv, false, "xa"sv, false},
      {"^a|b$"sv, false, "bx"sv, false},
      {"^a|b$"sv, false, "ab"sv, true},
      {"a.c"sv, false, "abc"sv, true},
      {"a.c"sv, false, "a\012c"sv, false},
      {"a.c"sv, false, "a\015c"sv, false},
      {"a.c"sv, false, "a" "\xe2\x80\xa8" "c"sv, false},
      {"a.c"sv, false, "a" "\xe2\x80\xa9" "c"sv, false},
      {"a.c"sv, false, "a" "\xc2\x85" "c"sv, true},
      {"a.c"sv, false, "a\011c"sv, true},
      {"^.{3}$"sv, false, "हिन्"sv, false},
      {"^.{4}$"sv, false, "हिन्"sv, true},
      {"^.$"sv, false, "é"sv, true},
      {"[abc]"sv, false, "xbx"sv, true},
      {"[abc]"sv, false, "xyz"sv, false},
      {"[^abc]"sv, false, "abc"sv, false},
      {"[^abc]"sv, false, "abcd"sv, true},
      {"[a-z]+$"sv, false, "ABCdef"sv, true},
      {"^[a-z]+$"sv, false, "ABCdef"sv, false},
      {"[]"sv, false, "a"sv, false},
      {"[]"sv, false, ""sv, false},
      {"[^]"sv, false, "a"sv, true},
      {"[^]"sv, false, "\012"sv, true},
      {"[^]"sv, false, ""sv, false},
      {"[]]"sv, false, "]"sv, false},
      {"[]]"sv, false, "[]]"sv, false},
      {"[^]]"sv, false, "]"sv, false},
      {"[^]]"sv, false, "x"sv, false},
      {"[a-]"sv, false, "-"sv, true},
      {"[-a]"sv, false, "-"sv, true},
      {"[a\\-z]"sv, false, "-"sv, true},
      {"[a\\-z]"sv, false, "m"sv, false},
      {"[\\d-z]"sv, false, "-"sv, true},
      {"[\\d-z]"sv, false, "y"sv, false},
      {"[\\w-a]"sv, false, "-"sv, true},
      {"[a-\\w]"sv, false, "!"sv, false},
      {"[a-\\s-b]"sv, false, "-"sv, true},
      {"[a-\\s-b]"sv, false, " "sv, true},
      {"[a-\\s-b]"sv, false, "c"sv, false},
      {"[\\b]"sv, false, "\010"sv, true},
      {"[\\b]"sv, false, "b"sv, false},
      {"[\\B]"sv, false, "B"sv, true},
      {"[[]"sv, false, "["sv, true},
      {"[a[]]"sv, false, "a]"sv, true},
      {"[a[]]"sv, false, "a"sv, false},
      {"[\\]]"sv, false, "]"sv, true},
      {"[\\\\]"sv, false, "\\"sv, true},
      {"[.]"sv, false, "a"sv, false},
      {"[.]"sv, false, "."sv, true},
      {"[$^]"sv, false, "^"sv, true},
      {"[*+?{}()|]"sv, false, "|"sv, true},
      {"[\\x41-\\x43]"sv, false, "B"sv, true},
      {"[\\u0410-\\u042F]"sv, false, "Ж"sv, true},
      {"[^\\x00-\\x7F]"sv, false, "plain ascii"sv, false},
      {"[^\\x00-\\x7F]"sv, false, "नमस्ते"sv, true},
      {"[\\s\\d]"sv, false, "a1"sv, true},
      {"[\\S]"sv, false, " "sv, false},
      {"[^\\W]"sv, false, "!a"sv, true},
      {"[^\\W]"sv, false, "!?"sv, false},
      {"[\\D]"sv, false, "123"sv, false},
      {"\\d"sv, false, "٣"sv, false},
      {"\\d"sv, false, "3"sv, true},
      {"\\D"sv, false, "3"sv, false},
      {"\\w"sv, false, "é"sv, false},
      {"\\w"sv, false, "_"sv, true},
      {"\\W"sv, false, "é"sv, true},
      {"^\\s+$"sv, false, " \011\012\015\013\014" "\xc2\xa0" "\xe1\x9a\x80" "\xe2\x80\x80" "\xe2\x80\x8a" "\xe2\x80\xa8" "\xe2\x80\xa9" "\xe2\x80\xaf" "\xe2\x81\x9f" "\xe3\x80\x80" "\xef\xbb\xbf"sv, true},
      {"\\s"sv, false, "\xe2\x80\x8b"sv, false},
      {"\\s"sv, false, "\xc2\x85"sv, false},
      {"\\S"sv, false, "\xe2\x80\xa8"sv, false},
      {"^\\s*$"sv, false, " \011" "\xc2\xa0" "\xe3\x80\x80"sv, true},
      {"\\bfoo\\b"sv, false, "a foo b"sv, true},
      {"\\bfoo\\b"sv, false, "afoo"sv, false},
      {"\\bfoo\\b"sv, false, "foo"sv, true},
      {"\\bfoo\\b"sv, false, "foo_"sv, false},
      {"\\Bb"sv, false, "ab"sv, true},
      {"\\Bb"sv, false, " b"sv, false},
      {"\\B"sv, false, ""sv, true},
      {"\\b"sv, false, ""sv, false},
      {"\\b"sv, false, "é"sv, false},
      {"\\bé"sv, false, " é"sv, false},
      {"a\\b"sv, false, "aé"sv, true},
      {"\\B\\B"sv, false, "ab"sv, true},
      {"^\\b$"sv, false, ""sv, false},
      {"^\\B$"sv, false, ""sv, true},
      {"\\b\\d"sv, true, "x 1"sv, true},
      {"k\\b"sv, true, "K" "\xe2\x84\xaa"sv, true},
      {"\\n\\t\\r\\f\\v"sv, false, "\012\011\015\014\013"sv, true},
      {"\\0"sv, false, "\000"sv, true},
      {"a\\0b"sv, false, "a\000b"sv, true},
      {"\\x41\\x62"sv, false, "Ab"sv, true},
      {"\\u0041\\x42\\cJ"sv, false, "AB\012"sv, true},
      {"\\ca\\cZ"sv, false, "\001\032"sv, true},
      {"\\/path\\."sv, false, "/path."sv, true},
      {"\\$\\^\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\\\\\-"sv, false, "$^*+?()[]{}|\\-"sv, true},
      {"\\a\\e\\g\\q"sv, false, "aegq"sv, true},
      {"\\x4g"sv, false, "x4g"sv, true},
      {"\\x"sv, false, "x"sv, true},
      {"\\u12"sv, false, "u12"sv, true},
      {"\\u{4}"sv, false, "uuuu"sv, true},
      {"\\u{4}"sv, false, "u{4}"sv, false},
      {"\\p{L}"sv, false, "p{L}"sv, true},
      {"\\p{L}"sv, false, "a"sv, false},
      {"\\c"sv, false, "\\c"sv, true},
      {"\\c1"sv, false, "\\c1"sv, true},
      {"\\c*"sv, false, "\\"sv, true},
      {"[\\c]"sv, false, "c"sv, true},
      {"[\\c]"sv, false, "\\"sv, true},
      {"[\\c1]"sv, false, "\021"sv, true},
      {"[\\c_]"sv, false, "\037"sv, true},
      {"\\k"sv, false, "k"sv, true},
      {"\\k<a>"sv, false, "k<a>"sv, true},
      {"\\8"sv, false, "8"sv, true},
      {"\\9"sv, false, "9"sv, true},
      {"\\1"sv, false, "\001"sv, true},
      {"\\12"sv, false, "\012"sv, true},
      {"\\101"sv, false, "A"sv, true},
      {"\\400"sv, false, " 0"sv, true},
      {"\\08"sv, false, "\0008"sv, true},
      {"\\0000"sv, false, "\0000"sv, true},
      {"[\\1]"sv, false, "\001"sv, true},
      {"[\\12]"sv, false, "\012"sv, true},
      {"[\\8]"sv, false, "8"sv, true},
      {"(a)\\10"sv, false, "a\010"sv, true},
      {"(a)\\19"sv, false, "a\0019"sv, true},
      {"\\2(a)"sv, false, "\002a"sv, true},
      {"(a|b)c"sv, false, "bc"sv, true},
      {"(a|b)c"sv, false, "cc"sv, false},
      {"a|"sv, false, "zzz"sv, true},
      {"|a"sv, false, ""sv, true},
      {"a||b"sv, false, "x"sv, true},
      {"(|a)+c"sv, false, "ac"sv, true},
      {"()"sv, false, ""sv, true},
      {"(?:)"sv, false, "x"sv, true},
      {"a(?:)b"sv, false, "ab"sv, true},
      {"(?:a|b|c|d)+e"sv, false, "dcbae"sv, true},
      {"((a)|(b))+$"sv, false, "abab"sv, true},
      {"(?<n>a)(?<m>b)"sv, false, "ab"sv, true},
      {"(?<$é>x)"sv, false, "x"sv, true},
      {"(?<\\u0061>x)"sv, false, "x"sv, true},
      {"a*"sv, false, ""sv, true},
      {"a+"sv, false, ""sv, false},
      {"a+"sv, false, "baab"sv, true},
      {"^a?$"sv, false, ""sv, true},
      {"^a?$"sv, false, "aa"sv, false},
      {"^a{2}$"sv, false, "aa"sv, true},
      {"^a{2}$"sv, false, "aaa"sv, false},
      {"^a{2,}$"sv, false, "aaaaa"sv, true},
      {"^a{2,}$"sv, false, "a"sv, false},
      {"^a{2,3}$"sv, false, "aaa"sv, true},
      {"^a{2,3}$"sv, false, "aaaa"sv, false},
      {"^a{0}$"sv, false, ""sv, true},
      {"^a{0}b$"sv, false, "b"sv, true},
      {"^a{0,0}b$"sv, false, "ab"sv, false},
      {"^(ab){2}$"sv, false, "abab"sv, true},
      {"^(ab){1,2}c$"sv, false, "ababc"sv, true},
      {"^(ab){1,2}c$"sv, false, "abababc"sv, false},
      {"a{2,}"sv, false, "caab"sv, true},
      {"^a*?$"sv, false, "aaa"sv, true},
      {"^a+?b"sv, false, "aab"sv, true},
      {"^a??b"sv, false, "ab"sv, true},
      {"^a{2}?$"sv, false, "aa"sv, true},
      {"^a{1,2}?$"sv, false, "aa"sv, true},
      {"^a{1,}?$"sv, false, "aaa"sv, true},
      {"^(a*)*$"sv, false, "aaa"sv, true},
      {"(a*)*b"sv, false, "aaaa"sv, false},
      {"^(a*)+$"sv, false, ""sv, true},
      {"^(a?){3}a{3}$"sv, false, "aaa"sv, true},
      {"^(?:a|ab)(?:c|bcd)(?:d*)$"sv, false, "abcd"sv, true},
      {"^[a-c]{3}[^a-c]{2}\\d{1,2}$"sv, false, "abcxy99"sv, true},
      {"a{,2}"sv, false, "a{,2}"sv, true},
      {"x{"sv, false, "x{"sv, true},
      {"x{1"sv, false, "x{1"sv, true},
      {"x{1,"sv, false, "x{1,"sv, true},
      {"x{a}"sv, false, "x{a}"sv, true},
      {"a{}"sv, false, "a{}"sv, true},
      {"{"sv, false, "{"sv, true},
      {"}"sv, false, "}"sv, true},
      {"a}"sv, false, "a}"sv, true},
      {"]"sv, false, "]"sv, true},
      {"a]"sv, false, "a]"sv, true},
      {"x*{"sv, false, "xx{"sv, true},
      {"a{1}{"sv, false, "a{"sv, true},
      {"abc"sv, true, "xABCx"sv, true},
      {"[a-z]+"sv, true, "ABC"sv, true},
      {"[^a]"sv, true, "A"sv, false},
      {"[^a]"sv, true, "Ab"sv, true},
      {"\\w"sv, true, "K"sv, true},
      {"[^\\W]"sv, true, "\xe2\x84\xaa"sv, false},
      {"s"sv, true, "ſ"sv, false},
      {"S"sv, true, "ſ"sv, false},
      {"ſ"sv, true, "s"sv, false},
      {"k"sv, true, "\xe2\x84\xaa"sv, false},
      {"\xe2\x84\xaa"sv, true, "k"sv, false},
      {"\xe2\x84\xaa"sv, true, "\xe2\x84\xaa"sv, true},
      {"i"sv, true, "İ"sv, false},
      {"i"sv, true, "ı"sv, false},
      {"ÉCOLE"sv, true, "école"sv, true},
      {"[à-þ]+"sv, true, "ÀÉÎ"sv, true},
      {"ÿ"sv, true, "Ÿ"sv, true},
      {"Ÿ"sv, true, "ÿ"sv, true},
      {"µ"sv, true, "μ"sv, true},
      {"µ"sv, true, "Μ"sv, true},
      {"ß"sv, true, "SS"sv, false},
      {"ß"sv, true, "ẞ"sv, false},
      {"ΑΘΗΝΑ"sv, true, "αθηνα"sv, true},
      {"σ"sv, true, "ς"sv, true},
      {"ς"sv, true, "Σ"sv, true},
      {"Σ"sv, true, "ς"sv, true},
      {"ά"sv, true, "Ά"sv, true},
      {"[α-ω]"sv, true, "Ω"sv, true},
      {"β"sv, true, "ϐ"sv, true},
      {"КИЇВ"sv, true, "київ"sv, true},
      {"[а-я]+"sv, true, "МОСКВА"sv, true},
      {"ё"sv, true, "Ё"sv, true},
      {"ѣ"sv, true, "Ѣ"sv, true},
      {"Ӂ"sv, true, "ӂ"sv, true},
      {"в"sv, true, "ᲀ"sv, true},
      {"Ā"sv, true, "ā"sv, true},
      {"ł"sv, true, "Ł"sv, true},
      {"ǅ"sv, true, "ǆ"sv, true},
      {"ǆ"sv, true, "Ǆ"sv, true},
      {"ǈ"sv, true, "Ǉ"sv, true},
      {"ａ"sv, true, "Ａ"sv, true},
      {"ա"sv, true, "Ա"sv, true},
      {"ḁ"sv, true, "Ḁ"sv, true},
      {"ẛ"sv, true, "ṡ"sv, true},
      {"[^ſ]"sv, true, "s"sv, true},
      {"[^k]"sv, true, "\xe2\x84\xaa"sv, true},
      {"\\u00e9"sv, true, "É"sv, true},
      {"[\\u00e0-\\u00e5]"sv, true, "Å"sv, true},
      {"\\x41"sv, true, "a"sv, true},
      {"अ"sv, true, "अ"sv, true},
      {"[क-ह]"sv, true, "ख"sv, true},
      {"^[क-ह]"sv, false, "कविता"sv, true},
      {"^[क-ह]"sv, false, "अमित"sv, false},
      {"[अ-ह]+"sv, false, "नमस्ते"sv, true},
      {"^[\\u0900-\\u097F\\s]+$"sv, false, "नमस्ते दुनिया"sv, true},
      {"^[\\u0900-\\u097F\\s]+$"sv, false, "नमस्ते world"sv, false},
      {"[^अ-ह]"sv, false, "नमस्ते"sv, true},
      {"^\\W+$"sv, false, "नमस्ते"sv, true},
      {"^[அ-ஹ]+$"sv, false, "தமிழ்"sv, false},
      {"^[\\u0B80-\\u0BFF]+$"sv, false, "தமிழ்"sv, true},
      {"^[அ-ஹ\\u0BBE-\\u0BCD]+$"sv, false, "தமிழ்"sv, true},
      {"^[அ-ஹ]"sv, false, "ணி"sv, true},
      {"வணக்கம்"sv, false, "வணக்கம் சென்னை"sv, true},
      {"^[\\u0600-\\u06FF ]+$"sv, false, "مرحبا بك"sv, true},
      {"^\\p{Script=Devanagari}"sv, false, "p{Script=Devanagari}"sv, true},
      {"^.$"sv, false, "😀"sv, false},
      {"^..$"sv, false, "😀"sv, true},
      {"^😀$"sv, false, "😀"sv, true},
      {"😀+"sv, false, "😀"sv, true},
      {"^😀{2}$"sv, false, "😀😀"sv, false},
      {"^[😀]$"sv, false, "😀"sv, false},
      {"^[😀]{2}$"sv, false, "😀"sv, true},
      {"\\uD83D\\uDE00"sv, false, "😀"sv, true},
      {"^[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]$"sv, false, "𝄞"sv, true},
      {"[^a]"sv, false, "😀"sv, true},
      {"^[^a]$"sv, false, "😀"sv, false},
      {"\\ud83d"sv, false, "a😀"sv, true},
      {"\\b"sv, false, "😀"sv, false},
      {"\\W\\W"sv, false, "😀"sv, true},
};

// Every row three ways: the DFA, the NFA simulation (no DFA budget), and a budget so small that the DFA
// gives up part-way.
TEST(Regex, AgreesWithJavaScript) {
  for (const Row& row : kRows) {
    for (const std::size_t budget : {std::size_t{4096}, std::size_t{0}, std::size_t{2}}) {
      const auto regex = compile(row.pattern, options_with(row.ignore_case, budget));
      ASSERT_TRUE(regex);
      EXPECT_EQ(regex->search(row.subject), row.expected)
          << "/" << row.pattern << "/" << (row.ignore_case ? "i" : "") << " on \"" << row.subject << "\", DFA budget " << budget;
    }
  }
}

TEST(Regex, SyntaxErrorsAreThoseOfJavaScript) {
  struct Bad {
    std::string_view pattern;
    std::size_t offset;
  };
  const Bad bad[] = {
      {"/???***[)", 3},       // GrowthBook's own invalid-regex test: "nothing to repeat" at the third "?"
      {"(a", 0},              // unterminated group: the "(" left open
      {"(()", 0},
      {"a)", 1},              // unmatched ")"
      {")", 0},
      {"[z-a]", 2},           // range out of order: the "-"
      {"[😀-😎]", 5},         // two UTF-16 units each, so the range is \uDE00-\uD83D
      {"a{3,2}", 1},          // numbers out of order: the quantifier
      {"*a", 0},              // nothing to repeat: the quantifier
      {"a**", 2},
      {"a|*", 2},
      {"a*?+", 3},
      {"x{2}{3}", 4},
      {"{1}", 0},
      {"^*", 1},              // assertions cannot be repeated
      {"$?", 1},
      {"\\b+", 2},
      {"(?<=a)*", 6},         // nor can a lookbehind (a syntax error outranks "unsupported")
      {"\\", 0},              // "\" at the end
      {"a\\", 1},
      {"[abc", 0},            // unterminated class: the "["
      {"[\\]", 0},
      {"(?x)", 1},            // invalid group: the "?"
      {"(?", 1},
      {"(?<1a>x)", 3},        // invalid group name: the name
      {"(?<>x)", 3},
      {"(?<a", 3},
      {"(?<a>x)(?<a>y)", 10}, // duplicate group name
      {"(?<a>x)\\k", 7},      // with named groups, \k must name one
      {"(?<a>x)\\k<b>", 7},
      {"(?<a>x)[\\k]", 8},
      {"(?=a)[", 5},          // a syntax error is reported even after an unsupported construct
      {"(a)\\1(", 5},
      {"a\xC3\x28", 1},       // invalid UTF-8: the bad byte
      {"\xFF", 0},
      {"[\xE0\x80\x80]", 1},  // overlong
      {"\xED\xA0\x80", 0},    // an encoded surrogate
  };
  for (const Bad& b : bad) {
    const RegexError error = rejection(b.pattern);
    EXPECT_EQ(error.code, "regex.syntax") << b.pattern << ": " << error.message;
    EXPECT_EQ(error.offset, b.offset) << b.pattern << ": " << error.message;
    EXPECT_FALSE(error.message.empty());
  }
}

TEST(Regex, RefusesWhatCannotRunInLinearTime) {
  struct Unsupported {
    std::string_view pattern;
    std::size_t offset;
  };
  // All valid JavaScript.
  const Unsupported unsupported[] = {
      {"(a)\\1", 3},          {"(?<x>a)\\k<x>", 7}, {"a(?=b)", 1},   {"a(?!b)", 1},
      {"(?<=a)b", 0},         {"(?<!a)b", 0},       {"\\1(a)", 0},   {"(?=a)*", 0},
      {"\\k<x>(?<x>a)", 0},   {"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10", 30},
      {"a{20000}(?=b)", 8},  // outranks the size limit
  };
  for (const Unsupported& u : unsupported) {
    const RegexError error = rejection(u.pattern);
    EXPECT_EQ(error.code, "regex.unsupported") << u.pattern;
    EXPECT_EQ(error.offset, u.offset) << u.pattern;
    EXPECT_NE(error.message.find("linear time"), std::string::npos) << error.message;
  }
  // Without that many groups, \N is an octal or identity escape, as in JavaScript.
  EXPECT_TRUE(compile("(a)\\2")->search("a\x02"));
  EXPECT_TRUE(compile("\\k<x>")->search("k<x>"));
}

TEST(Regex, SizeLimits) {
  EXPECT_TRUE(compile(std::string(2048, 'a')));
  RegexError error = rejection(std::string(2049, 'a'));
  EXPECT_EQ(error.code, "regex.too_large");
  EXPECT_EQ(error.offset, 2048u);

  error = rejection("(a{1000}){1000}");
  EXPECT_EQ(error.code, "regex.too_large");
  EXPECT_EQ(error.offset, 9u);  // the quantifier that overflows
  EXPECT_EQ(rejection("a{10000}").code, "regex.too_large");
  EXPECT_EQ(rejection("^a{9998}$").code, "regex.too_large");
  EXPECT_EQ(rejection("a{99999999999}").code, "regex.too_large");
  // 9,997 Char states, two assertions and Match: exactly the limit. Anchored, so that the NFA simulation
  // it falls back to keeps one thread alive: unanchored, 10,000 "a"s would keep up to 10,000 threads
  // alive at each of 10,000 positions.
  const auto largest = compile("^a{9997}$");
  ASSERT_TRUE(largest);
  EXPECT_EQ(largest->nfa_states(), 10000u);
  EXPECT_TRUE(largest->search(std::string(9997, 'a')));
  EXPECT_FALSE(largest->search(std::string(9996, 'a')));
  EXPECT_FALSE(largest->search(std::string(9998, 'a')));

  RegexOptions tiny;
  tiny.max_nfa_states = 3;
  EXPECT_EQ(rejection("abc", tiny).code, "regex.too_large");  // three Char states and Match
  tiny.max_nfa_states = 4;
  EXPECT_TRUE(compile("abc", tiny));
}

TEST(Regex, NestingDepthIsBoundedWithoutRecursion) {
  RegexOptions roomy;
  roomy.max_pattern_bytes = 1u << 20;
  const auto nested = [](std::size_t depth) { return std::string(depth, '(') + "a" + std::string(depth, ')'); };
  EXPECT_TRUE(compile(nested(200), roomy)->search("a"));
  RegexError error = rejection(nested(201), roomy);
  EXPECT_EQ(error.code, "regex.too_large");
  EXPECT_EQ(error.offset, 200u);
  error = rejection(nested(10000), roomy);
  EXPECT_EQ(error.code, "regex.too_large");
  EXPECT_EQ(error.offset, 200u);
  EXPECT_EQ(rejection(std::string(10000, '('), roomy).code, "regex.too_large");
}

TEST(Regex, InvalidUtf8InTheSubjectReadsAsOneReplacementPerByte) {
  for (const std::size_t budget : {std::size_t{4096}, std::size_t{0}}) {
    const RegexOptions options = options_with(false, budget);
    EXPECT_TRUE(compile("^a.b$", options)->search("a\xFF" "b"));
    EXPECT_TRUE(compile("^a.b$", options)->search("a\xC3" "b"));               // lead byte without continuation
    EXPECT_TRUE(compile("\\uFFFD", options)->search("\xC0\x80"));
    EXPECT_TRUE(compile("^.{2}$", options)->search("\xC0\x80"));               // overlong: two bytes, two U+FFFD
    EXPECT_TRUE(compile("^\\uFFFD{3}$", options)->search("\xED\xA0\x80"));     // encoded surrogate
    EXPECT_TRUE(compile("^.{3}$", options)->search("\xF0\x9F\x98"));           // truncated emoji
    EXPECT_FALSE(compile("^.$", options)->search("\xF0\x9F\x98"));
    EXPECT_TRUE(compile("^\\uFFFD+$", options)->search("\x80\x80\x80"));
    EXPECT_TRUE(compile("^.$", options)->search("\xEF\xBF\xBD"));              // a real U+FFFD is one character
    EXPECT_FALSE(compile("^[a-z]+$", options)->search("ab\xE0"));
    EXPECT_TRUE(compile("^[^a-z]a$", options)->search("\xF5" "a"));            // F5 never starts UTF-8
  }
}

TEST(Regex, PathologicalPatternsStayLinear) {
  // Each takes a backtracking matcher longer than the age of the universe; here, one pass.
  const std::string as = std::string(10000, 'a');
  for (const std::size_t budget : {std::size_t{4096}, std::size_t{0}}) {
    const RegexOptions options = options_with(false, budget);
    EXPECT_FALSE(compile("(a+)+$", options)->search(as + "b"));
    EXPECT_TRUE(compile("^(a+)+$", options)->search(as));
    EXPECT_TRUE(compile("(a|aa)*b", options)->search(as + "b"));
    EXPECT_FALSE(compile("^(a|aa)*c", options)->search(as + "b"));
    EXPECT_FALSE(compile("(x+x+)+y", options)->search(std::string(20000, 'x')));
    EXPECT_FALSE(compile("(.*a){20}", options)->search(std::string(5000, 'b') + std::string(19, 'a')));
    EXPECT_TRUE(compile("(.*a){20}", options)->search(std::string(5000, 'b') + std::string(20, 'a')));
    EXPECT_FALSE(compile("^(a|a?)+$", options)->search(as + "b"));
    EXPECT_FALSE(compile("^(\\w+\\s?)*$", options)->search(std::string(5000, 'w') + "!"));
    EXPECT_FALSE(compile("^(([a-z])+.)+[A-Z]([a-z])+$", options)->search(std::string(5000, 'a') + "!"));
  }
}

TEST(Regex, TenMegabyteSubject) {
  std::string subject(10u << 20, 'x');
  for (const std::size_t budget : {std::size_t{4096}, std::size_t{0}}) {
    const RegexOptions options = options_with(false, budget);
    subject.back() = 'x';
    EXPECT_FALSE(compile("y$", options)->search(subject));
    EXPECT_FALSE(compile("^x*y", options)->search(subject));
    subject.back() = 'y';
    EXPECT_TRUE(compile("x+y$", options)->search(subject));
    EXPECT_TRUE(compile("\\by$", options)->search(subject) == false);
  }
  std::string hindi;
  while (hindi.size() < (10u << 20)) hindi += "नमस्ते दुनिया ";
  EXPECT_FALSE(compile("[क-ह]+z")->search(hindi));
  EXPECT_TRUE(compile("^[\\u0900-\\u097F ]+$")->search(hindi));
}

// The brief's example of a DFA too big to build: "the 16th unit from some position is an a".
bool sixteenth_is_a(const std::string& s) {
  for (std::size_t i = 0; i + 16 <= s.size(); ++i) {
    bool ok = s[i] == 'a';
    for (std::size_t k = 1; ok && k < 16; ++k) ok = s[i + k] == 'a' || s[i + k] == 'b';
    if (ok) return true;
  }
  return false;
}

TEST(Regex, NfaFallbackAgreesWithTheDfa) {
  const auto big = compile("(a|b)*a(a|b){15}");  // 2^16 DFA states: over the default budget
  ASSERT_TRUE(big);
  EXPECT_FALSE(big->uses_dfa());
  EXPECT_EQ(big->dfa_states(), 0u);
  const auto big_small_budget = compile("(a|b)*a(a|b){15}", options_with(false, 16));
  ASSERT_TRUE(big_small_budget);
  EXPECT_FALSE(big_small_budget->uses_dfa());

  const auto dfa = compile("(a|b)*a(a|b){4}\\b");
  const auto nfa = compile("(a|b)*a(a|b){4}\\b", options_with(false, 8));
  ASSERT_TRUE(dfa && nfa);
  EXPECT_TRUE(dfa->uses_dfa());
  EXPECT_FALSE(nfa->uses_dfa());

  std::mt19937 rng(20240601);
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const std::size_t length = rng() % 40;
    for (std::size_t i = 0; i < length; ++i) s.push_back("aab c"[rng() % 5]);
    ASSERT_EQ(big->search(s), sixteenth_is_a(s)) << s;
    ASSERT_EQ(big_small_budget->search(s), sixteenth_is_a(s)) << s;
    ASSERT_EQ(dfa->search(s), nfa->search(s)) << s;
  }
}

TEST(Regex, SearchNeverAllocates) {
  const auto on_dfa = compile("@(gmail|rediffmail)[.]com$|\\bdiwali_\\d{4}\\b");
  const auto on_nfa = compile("(a|b)*a(a|b){15}");
  ASSERT_TRUE(on_dfa && on_nfa);
  ASSERT_TRUE(on_dfa->uses_dfa());
  ASSERT_FALSE(on_nfa->uses_dfa());
  const std::string subjects[] = {"kavya@rediffmail.com", "big diwali_2024 sale", std::string(5000, 'a') + "😀 नमस्ते", ""};
  g_allocations = 0;
  g_count_allocations = true;
  int matches = 0;
  for (const std::string& s : subjects) matches += on_dfa->search(s) + on_nfa->search(s);
  g_count_allocations = false;
  EXPECT_EQ(g_allocations.load(), 0);
  EXPECT_EQ(matches, 3);
}

TEST(Regex, MovesAndRepeatedSearches) {
  auto regex = compile("(foo|bar)\\d+", options_with(false, 0));
  ASSERT_TRUE(regex);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(regex->search("xx bar" + std::to_string(i)));
    ASSERT_FALSE(regex->search("xx baz" + std::to_string(i)));
  }
  Regex moved(std::move(*regex));
  EXPECT_TRUE(moved.search("foo1"));
  EXPECT_FALSE(regex->search("foo1"));  // moved from: matches nothing
  *regex = std::move(moved);
  EXPECT_TRUE(regex->search("foo1"));
}

// Random patterns over a small alphabet from the subset where std::regex's ECMAScript grammar means the
// same as JavaScript, compared on random short subjects.
std::string random_pattern(std::mt19937& rng, int depth) {
  std::string out;
  const int atoms = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < atoms; ++i) {
    const unsigned pick = rng() % 16;
    std::string atom;
    if (pick < 6) atom = std::string(1, "abc"[rng() % 3]);
    else if (pick == 6) atom = ".";
    else if (pick == 7) atom = "[ab]";
    else if (pick == 8) atom = "[^a]";
    else if (pick == 9) atom = "[a-b]";
    else if (pick == 10) atom = rng() % 2 ? "\\w" : "\\s";
    else if (pick == 11) atom = rng() % 2 ? "^" : "$";
    else if (pick == 12) atom = rng() % 2 ? "\\b" : "\\B";
    else if (depth < 3) atom = (rng() % 2 ? "(" : "(?:") + random_pattern(rng, depth + 1) + (rng() % 3 == 0 ? "|" + random_pattern(rng, depth + 1) : "") + ")";
    else atom = "a";
    const bool assertion = atom == "^" || atom == "$" || atom == "\\b" || atom == "\\B";
    if (!assertion && rng() % 3 == 0) {
      static const char* const quantifiers[] = {"*", "+", "?", "{2}", "{1,2}", "{0,1}", "{2,}", "*?", "+?"};
      atom += quantifiers[rng() % 9];
    }
    out += atom;
  }
  if (rng() % 6 == 0) out += "|" + random_pattern(rng, depth + 1);
  return out;
}

TEST(Regex, DifferentialAgainstStdRegex) {
  std::mt19937 rng(7);
  int compared = 0;
  for (int round = 0; round < 1500; ++round) {
    const std::string pattern = random_pattern(rng, 0);
    const std::regex reference(pattern, std::regex::ECMAScript);
    const auto dfa = compile(pattern);
    const auto nfa = compile(pattern, options_with(false, 0));
    ASSERT_TRUE(dfa && nfa);
    for (int k = 0; k < 10; ++k) {
      std::string subject;
      const std::size_t length = rng() % 7;
      for (std::size_t i = 0; i < length; ++i) subject.push_back("abc a"[rng() % 5]);
      const bool expected = std::regex_search(subject, reference);
      ASSERT_EQ(dfa->search(subject), expected) << "/" << pattern << "/ on \"" << subject << "\"";
      ASSERT_EQ(nfa->search(subject), expected) << "/" << pattern << "/ on \"" << subject << "\" (NFA)";
      ++compared;
    }
  }
  EXPECT_EQ(compared, 15000);
}

TEST(Regex, ReportsItsSizes) {
  const auto regex = compile("a{1,500}");
  ASSERT_TRUE(regex);
  EXPECT_TRUE(regex->uses_dfa());
  EXPECT_EQ(regex->nfa_states(), 1000u);  // 500 Char states, 499 splits, Match
  EXPECT_GT(regex->dfa_states(), 0u);
  EXPECT_EQ(compile("[]")->dfa_states(), 0u);  // can never match: only the dead state remains
}

}  // namespace
}  // namespace nudgekit

#include <gtest/gtest.h>

#include <string>

#include "nudgekit/regex.h"

namespace nudgekit {
namespace {

std::unique_ptr<Regex> compile(std::string_view pattern, bool ignore_case = false) {
  RegexOptions options;
  options.ignore_case = ignore_case;
  RegexError error;
  auto regex = Regex::compile(pattern, options, error);
  EXPECT_TRUE(regex) << pattern << ": " << error.message;
  return regex;
}

RegexError rejection(std::string_view pattern, RegexOptions options = {}) {
  RegexError error;
  EXPECT_FALSE(Regex::compile(pattern, options, error)) << pattern;
  return error;
}

struct Row {
  const char* pattern;
  bool ignore_case;
  const char* subject;
  bool expected;  // what JavaScript's new RegExp(pattern, flags).test(subject) answers
};

TEST(Regex, AgreesWithJavaScript) {
  const Row rows[] = {
      {u8"(Mobile|Tablet)", false, u8"Android Mobile Browser", true},
      {u8"(mobile|tablet)", true, u8"Android Mobile Browser", true},
      {u8"^4[.]1[0-3][.]", false, u8"4.13.2", true},
      {u8"@(gmail|rediffmail)[.]com$", false, u8"kavya@rediffmail.com", true},
      {u8"@(gmail|rediffmail)[.]com$", false, u8"kavya@rediffmail.com.evil", false},
      {u8"^SM-[AM]\\d{2,3}", false, u8"SM-M135F", true},
      {u8"\\bdiwali_\\d{4}\\b", false, u8"x_diwali_2024_kirana", false},
      {u8"\\bdiwali", false, u8"big diwali sale", true},
      {u8"^[क-ह]", false, u8"कविता", true},
      {u8"[^\\x00-\\x7F]", false, u8"plain ascii", false},
      {u8"[^\\x00-\\x7F]", false, u8"नमस्ते", true},
      {u8"^.{3}$", false, u8"हिन्", false},
      {u8"^\\s*$", false, u8" \t\u00a0\u3000", true},
      {u8"\\S", false, u8"\u2028", false},
      {u8"a.c", false, u8"a\nc", false},
      {u8"КИЇВ", true, u8"київ", true},
      {u8"ΑΘΗΝΑ", true, u8"αθηνα", true},
      {u8"ÉCOLE", true, u8"école", true},
      {u8"[^a]", true, u8"A", false},
      {u8"a{2,}", false, u8"caab", true},
      {u8"a{,2}", false, u8"a{,2}", true},
      {u8"x{", false, u8"x{", true},
      {u8"a}", false, u8"a}", true},
      {u8"]", false, u8"]", true},
      {u8"\\u0041\\x42\\cJ", false, u8"AB\n", true},
      {u8"\\/path\\.", false, u8"/path.", true},
      {u8"[\\d-z]", false, u8"-", true},
      {u8"[\\b]", false, u8"\b", true},
      {u8"(?<year>\\d{4})-\\d{2}", false, u8"2024-06", true},
      {u8"^$", false, u8"", true},
      {u8"$", false, u8"abc", true},
      {u8"^", false, u8"", true},
      {u8"(a*)*b", false, u8"aaaa", false},
      {u8"(|a)+c", false, u8"ac", true},
      {u8"a|", false, u8"zzz", true},
      {u8"[]", false, u8"a", false},
      {u8"[^]", false, u8"a", true},
      {u8"\\Bb", false, u8"ab", true},
      {u8"\\Bb", false, u8" b", false},
      {u8"colou?r", false, u8"color", true},
      {u8"^(?:v)?\\d+\\.\\d+", false, u8"v4.13", true},  };
  for (const Row& row : rows) {
    const auto regex = compile(row.pattern, row.ignore_case);
    ASSERT_TRUE(regex);
    EXPECT_EQ(regex->search(row.subject), row.expected) << "/" << row.pattern << "/ on \"" << row.subject << "\"";
  }
}

TEST(Regex, RefusesWhatCannotRunInLinearTime) {
  for (const char* pattern : {"(a)\\1", "(?<x>a)\\k<x>", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b"}) {
    const RegexError error = rejection(pattern);
    EXPECT_EQ(error.code, "regex.unsupported") << pattern;
  }
  EXPECT_EQ(rejection("ab(?=c)").offset, 2u);
}

TEST(Regex, SyntaxErrorsNameTheirOffset) {
  struct Bad {
    const char* pattern;
    std::size_t offset;
  };
  for (const Bad& bad : {Bad{"/???***[)", 3}, Bad{"(a", 0}, Bad{"a)", 1}, Bad{"[z-a]", 2}, Bad{"a{3,2}", 6},
                         Bad{"*a", 0}, Bad{"a**", 2}, Bad{"\\", 0}, Bad{"[abc", 0}, Bad{"^*", 1}, Bad{"(?x)", 1}}) {
    const RegexError error = rejection(bad.pattern);
    EXPECT_EQ(error.code, "regex.syntax") << bad.pattern;
    EXPECT_EQ(error.offset, bad.offset) << bad.pattern << ": " << error.message;
  }
  EXPECT_EQ(rejection("\xC3\x28").code, "regex.syntax");  // invalid UTF-8 in the pattern
}

TEST(Regex, SizeLimits) {
  EXPECT_EQ(rejection(std::string(3000, 'a')).code, "regex.too_large");
  EXPECT_EQ(rejection("(a{1000}){1000}").code, "regex.too_large");
  const std::string deep = std::string(10000, '(') + "a" + std::string(10000, ')');
  EXPECT_EQ(rejection(deep, RegexOptions{false, 1u << 20, 10000}).code, "regex.too_large");
}

TEST(Regex, PathologicalPatternsStayLinear) {
  // Each would take longer than the age of the universe with a backtracking matcher.
  const std::string as = std::string(10000, 'a') + "b";
  EXPECT_FALSE(compile("(a+)+$")->search(as));
  EXPECT_TRUE(compile("(a|aa)*b")->search(as));
  EXPECT_FALSE(compile("(x+x+)+y")->search(std::string(20000, 'x')));
  EXPECT_FALSE(compile("(.*a){20}")->search(std::string(5000, 'b') + std::string(19, 'a')));
  EXPECT_TRUE(compile("(.*a){20}")->search(std::string(5000, 'b') + std::string(20, 'a')));
}

TEST(Regex, TenMegabyteSubject) {
  std::string subject(10u << 20, 'x');
  EXPECT_FALSE(compile("y$")->search(subject));
  subject.back() = 'y';
  EXPECT_TRUE(compile("x+y$")->search(subject));
}

TEST(Regex, InvalidUtf8InTheSubjectReadsAsReplacement) {
  EXPECT_TRUE(compile("^a.b$")->search("a\xFF" "b"));
  EXPECT_TRUE(compile("\\uFFFD")->search("\xC0\x80"));
  EXPECT_FALSE(compile("^[a-z]+$")->search("ab\xE0"));
}

TEST(Regex, RepeatedSearchesReuseTheirScratch) {
  const auto regex = compile("(foo|bar)\\d+");
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(regex->search("xx bar" + std::to_string(i)));
    ASSERT_FALSE(regex->search("xx baz" + std::to_string(i)));
  }
}

}  // namespace
}  // namespace nudgekit

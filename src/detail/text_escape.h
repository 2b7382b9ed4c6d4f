// Text transformations templates apply to values from outside: UTF-8 repair, escaping for HTML
// attributes and URLs, the URL scheme check, and code-point-aware truncation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace nudgekit::detail {

// Appends `text` with every byte that does not start a valid UTF-8 sequence replaced by U+FFFD.
void append_valid_utf8(std::string_view text, std::string& out);
// Appends `text` (repaired as above) with & < > " ' ` written as character references.
void append_html_attribute(std::string_view text, std::string& out);
// Appends `text` (repaired as above) percent-encoded except RFC 3986's unreserved characters.
void append_percent_encoded(std::string_view text, std::string& out);

enum class UrlScheme : unsigned char {
  Safe,      // http:, https: (any letter case), or a relative reference
  Unsafe,    // any other scheme, a protocol-relative //host, or a character reference in the scheme
  Undecided  // the text ends before anything decides (a prefix "java" that a token continues)
};
// Classifies a URL, or a URL's literal prefix when `complete` is false.
UrlScheme classify_url(std::string_view url, bool complete);

// Whether `c` may appear literally in a URL template: RFC 3986's unreserved and reserved characters
// and '%' (non-ASCII bytes are encoded by the parser instead).
bool is_url_literal_char(char c);

// ASCII-only case mapping: other scripts have no case, or need locale rules (Turkish dotless i)
// that a marketer's template should not get by accident.
void ascii_upcase(std::string& text);
void ascii_downcase(std::string& text);

// Number of code points in valid UTF-8 `text`.
std::size_t count_code_points(std::string_view text);
// Byte length of the first `count` code points of valid UTF-8 `text`.
std::size_t code_point_prefix(std::string_view text, std::size_t count);

}  // namespace nudgekit::detail

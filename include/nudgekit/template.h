// Personalization templates: text with tokens such as {{profile.first_name | default: "friend"}},
// {{vars.amount | number: 2}} or {{profile.kyc_deadline | date}}, parsed and validated once (when the
// config loads) and rendered many times. Rendering never fails and cannot run code: a token only
// reads a value and passes it through a fixed set of filters, and what it produces is escaped for
// the place the text goes (docs/content.md has the full syntax).
//
// Syntax:   literal text {{ source | filter | filter: arg, arg }} more text
//   source  profile.<path>   the user's properties (dot path, as in conditions: "geo.country", "tags.0")
//           vars.<path>      values the campaign passes in
//           user.id | user.language      the user's id; the language being rendered ("hi", "en-IN")
//           item.id | item.kind          the content item being rendered
//           "text" or 'text'             a literal ({{ "{{" }} writes two braces)
//   filters default: "x"   replaces a blank value (missing, null, "", an array or object)
//           number[: n]    a number (or numeric string) in the locale: grouping, symbols, digits;
//                          n fraction digits exactly, else up to the locale's default (3)
//           date           epoch milliseconds or an ISO 8601 date / date-time, in the locale's
//                          medium date pattern, on the user's local day
//           upcase, downcase   ASCII letters only; other scripts are left as written
//           truncate: n[, "…"] at most n code points, the last replaced by the ellipsis when cut
// A filter that cannot apply (number of "abc", date of true) yields a missing value, so that a later
// default still applies. Values render as: strings as they are (invalid UTF-8 replaced by U+FFFD),
// numbers in JavaScript's shortest form, true/false, and nothing for null, arrays and objects.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "nudgekit/error.h"
#include "nudgekit/format.h"
#include "nudgekit/json_input.h"

namespace nudgekit {

namespace detail {
struct TemplateProgram;
}

// Where rendered text goes, which decides how token values are escaped.
enum class TemplateTarget : std::uint8_t {
  // Text for textContent (or a push/SMS body): nothing is escaped; invalid UTF-8 is still replaced.
  Text,
  // The value of a double- or single-quoted HTML attribute written into markup: & < > " ' ` become
  // character references, in the literal text as well as in token values.
  HtmlAttribute,
  // A URL for href/src. Literal text must be a URL (RFC 3986 characters; non-ASCII is percent-encoded)
  // whose scheme is http or https, or a relative reference; javascript:, data:, vbscript:, any other
  // scheme and protocol-relative //host URLs are refused at parse time. Token values are percent-
  // encoded (everything but A–Z a–z 0–9 - . _ ~), and a rendered URL whose scheme is not safe (a token
  // that spelled one) renders as the empty string.
  Url,
};

struct TemplateLimits {
  std::size_t max_bytes = 8u << 10;       // the template's source text
  std::size_t max_tokens = 128;
  std::size_t max_filters = 8;            // per token
  std::size_t max_path_segments = 16;     // after the root: profile.a.b has 2
  std::size_t max_argument_bytes = 256;   // one string argument of a filter
};

// What tokens read while rendering. Pointers may be null (every path then reads as missing), and
// `format` null means root-locale formatting.
struct TemplateScope {
  const Json* profile = nullptr;
  const Json* vars = nullptr;
  std::string_view user_id;
  std::string_view language;
  std::string_view item_id;
  std::string_view item_kind;
  const LocaleFormat* format = nullptr;
  std::int32_t utc_offset_minutes = 0;  // local day for the date filter
};

class Template {
 public:
  // The empty template: renders nothing.
  Template();

  // Parses `source` for `target`. On a mistake appends one error — code template.*, the given
  // pointer, and a message naming the byte offset in the source — and returns false, leaving `out`
  // unchanged. Linear in the source; never recurses, so hostile input cannot exhaust the stack.
  static bool parse(std::string_view source, TemplateTarget target, const std::string& pointer,
                    const TemplateLimits& limits, Template& out, Errors& errors);

  // Appends the rendered text to `out`. Never fails and never throws except std::bad_alloc.
  void render(const TemplateScope& scope, std::string& out) const;

  TemplateTarget target() const;
  // Whether any token reads something (a template without tokens renders the same text every time).
  bool has_tokens() const;

 private:
  std::shared_ptr<const detail::TemplateProgram> program_;  // immutable; copies share it
};

}  // namespace nudgekit

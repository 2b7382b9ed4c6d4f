// Parses and validates templates (see nudgekit/template.h). One pass over the source, no recursion:
// tokens do not nest, so a hostile template costs time linear in its length and no stack.
#include <algorithm>
#include <array>
#include <cstdlib>

#include "detail/cold.h"
#include "detail/suggest.h"
#include "detail/template_program.h"
#include "detail/text_escape.h"
#include "detail/utf8.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

using detail::FilterKind;
using detail::TokenSource;

struct FilterName {
  std::string_view name;
  FilterKind kind;
};
constexpr std::array<FilterName, 6> kFilters = {{{"default", FilterKind::Default},
                                                 {"number", FilterKind::Number},
                                                 {"date", FilterKind::Date},
                                                 {"upcase", FilterKind::Upcase},
                                                 {"downcase", FilterKind::Downcase},
                                                 {"truncate", FilterKind::Truncate}}};
// Names other template languages use for the same filters, so the error can point the way.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kAliases = {{{"upper", "upcase"},
                                                                                      {"uppercase", "upcase"},
                                                                                      {"lower", "downcase"},
                                                                                      {"lowercase", "downcase"},
                                                                                      {"format_number", "number"},
                                                                                      {"number_format", "number"},
                                                                                      {"format_date", "date"},
                                                                                      {"truncatechars", "truncate"}}};

std::string suggestion(std::string_view name) {
  for (const auto& alias : kAliases) {
    if (alias.first == name) return std::string(" (did you mean \"") + std::string(alias.second) + "\"?)";
  }
  std::vector<std::string_view> names;
  for (const auto& filter : kFilters) names.push_back(filter.name);
  const std::string_view best = detail::closest_name(name, names);
  return best.empty() ? std::string(" (filters: default, number, date, upcase, downcase, truncate)")
                      : std::string(" (did you mean \"") + std::string(best) + "\"?)";
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
// Property keys are whatever the app set, so path segments also take '-' and any non-ASCII letter.
bool is_segment_char(char c) { return is_name_char(c) || c == '-' || static_cast<unsigned char>(c) >= 0x80; }

struct Argument {
  bool is_string = false;
  std::string text;  // the string, or the number as written
  std::size_t offset = 0;
};

class Parser {
 public:
  Parser(std::string_view source, TemplateTarget target, const std::string& pointer, const TemplateLimits& limits,
         Errors& errors)
      : s_(source), pointer_(pointer), limits_(limits), errors_(errors) {
    program_.target = target;
  }

  bool run(detail::TemplateProgram& out) {
    if (s_.size() > limits_.max_bytes) {
      return fail("template.too_large", 0, "the template has " + std::to_string(s_.size()) + " bytes; at most " +
                                               std::to_string(limits_.max_bytes) + " are allowed");
    }
    if (!detail::is_valid_utf8(s_)) return fail("template.invalid_utf8", first_invalid_byte(), "invalid UTF-8");
    std::string literal;
    // Most texts have a few tokens; one allocation each for pieces and tokens covers them.
    program_.pieces.reserve(4);
    program_.tokens.reserve(3);
    while (i_ < s_.size()) {
      const std::size_t open = s_.find("{{", i_);
      const std::size_t close = s_.find("}}", i_);
      if (close < open) return fail("template.unbalanced", close, "\"}}\" closes no \"{{\"");
      const std::size_t end = std::min(open, s_.size());
      if (!add_literal(s_.substr(i_, end - i_), literal, i_)) return false;
      if (open == std::string_view::npos) break;
      if (program_.tokens.size() == limits_.max_tokens) {
        return fail("template.too_many_tokens", open, "more than " + std::to_string(limits_.max_tokens) + " tokens");
      }
      i_ = open + 2;
      detail::TemplateToken token;
      if (!parse_token(open, token)) return false;
      if (!check_url_prefix(literal, open)) return false;
      program_.pieces.push_back({std::move(literal), static_cast<int>(program_.tokens.size())});
      program_.tokens.push_back(std::move(token));
      literal.clear();
    }
    if (!check_url_prefix(literal, s_.size())) return false;
    if (!literal.empty() || program_.pieces.empty()) program_.pieces.push_back({std::move(literal), -1});
    out = std::move(program_);
    return true;
  }

 private:
  bool fail(const char* code, std::size_t offset, const std::string& message) {
    errors_.push_back({code, pointer_, message + " at byte " + std::to_string(offset)});
    return false;
  }

  std::size_t first_invalid_byte() const {
    for (std::size_t i = 0; i < s_.size();) {
      const std::size_t length = detail::utf8_sequence_length(s_, i);
      if (length == 0) return i;
      i += length;
    }
    return s_.size();
  }

  // Literal text goes into the program already in its target form, so rendering only copies it.
  bool add_literal(std::string_view text, std::string& literal, std::size_t offset) {
    switch (program_.target) {
      case TemplateTarget::Text:
        literal.append(text);
        return true;
      case TemplateTarget::HtmlAttribute:
        detail::append_html_attribute(text, literal);
        return true;
      case TemplateTarget::Url:
        break;
    }
    for (std::size_t k = 0; k < text.size(); ++k) {
      const char c = text[k];
      if (static_cast<unsigned char>(c) >= 0x80) {  // IRI → URI (RFC 3987 §3.1); the source is valid UTF-8
        const std::size_t length = detail::utf8_sequence_length(text, k);
        detail::append_percent_encoded(text.substr(k, length), literal);
        k += length - 1;
      } else if (detail::is_url_literal_char(c)) {
        literal.push_back(c);
      } else {
        return fail("template.invalid_url", offset + k,
                    c == ' ' ? "a space in a URL (write %20)" : "a character URLs cannot hold (control, space, \" < > \\ ^ ` { | })");
      }
    }
    return true;
  }

  // The scheme is decided by the literal text before the first token: it must be http(s) or none.
  bool check_url_prefix(const std::string& literal, std::size_t offset) {
    if (program_.target != TemplateTarget::Url || decided_) return true;
    const bool complete = offset == s_.size();
    scheme_prefix_.append(literal);
    const detail::UrlScheme scheme = detail::classify_url(scheme_prefix_, complete);
    if (scheme == detail::UrlScheme::Unsafe) {
      return fail("template.unsafe_url", 0,
                  "URLs must be https:, http: or relative (no javascript:, data:, other schemes or //host)");
    }
    // A token right after an undecided prefix leaves the scheme to the rendered URL's check.
    decided_ = true;
    return true;
  }

  void skip_space() {
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
  }

  bool at_close() const { return s_.compare(i_, 2, "}}") == 0; }

  bool unterminated(std::size_t open) { return fail("template.unbalanced", open, "\"{{\" is never closed"); }

  bool parse_token(std::size_t open, detail::TemplateToken& token) {
    skip_space();
    if (i_ >= s_.size()) return unterminated(open);
    if (s_[i_] == '"' || s_[i_] == '\'') {
      Argument literal;
      if (!parse_string(open, literal)) return false;
      token.source = TokenSource::Literal;
      token.text = std::move(literal.text);
    } else if (!parse_source(open, token)) {
      return false;
    }
    for (;;) {
      skip_space();
      if (i_ >= s_.size()) return unterminated(open);
      if (at_close()) {
        i_ += 2;
        return true;
      }
      if (s_[i_] != '|') return unexpected(open);
      ++i_;
      if (token.filters.size() == limits_.max_filters) {
        return fail("template.too_many_filters", i_ - 1, "more than " + std::to_string(limits_.max_filters) + " filters in one token");
      }
      detail::TemplateFilter filter;
      if (!parse_filter(open, filter)) return false;
      token.filters.push_back(std::move(filter));
    }
  }

  bool unexpected(std::size_t open) {
    if (s_.compare(i_, 2, "{{") == 0) return fail("template.unbalanced", open, "\"{{\" is never closed before the next \"{{\"");
    const char c = s_[i_];
    const std::string shown = c > ' ' && c < 0x7F ? std::string("\"") + c + "\"" : std::string("character");
    return fail("template.syntax", i_, "unexpected " + shown + " in a token (expected \"|\" or \"}}\")");
  }

  bool parse_source(std::size_t open, detail::TemplateToken& token) {
    const std::size_t start = i_;
    while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
    const std::string_view root = s_.substr(start, i_ - start);
    if (root.empty()) {
      if (at_close()) return fail("template.syntax", open, "an empty token");
      return fail("template.syntax", i_, "a token starts with a source such as profile.first_name or a quoted text");
    }
    PathSegments path;
    while (i_ < s_.size() && s_[i_] == '.') {
      const std::size_t segment_start = ++i_;
      while (i_ < s_.size() && is_segment_char(s_[i_])) ++i_;
      if (i_ == segment_start) return fail("template.invalid_path", segment_start, "an empty path segment");
      if (path.size() == limits_.max_path_segments) {
        return fail("template.invalid_path", start, "a path of more than " + std::to_string(limits_.max_path_segments) + " segments");
      }
      path.emplace_back(s_.substr(segment_start, i_ - segment_start));
    }
    if (root == "profile" || root == "vars") {
      if (path.empty()) return fail("template.invalid_path", start, std::string(root) + " needs a property path, e.g. " + std::string(root) + ".first_name");
      token.source = root == "profile" ? TokenSource::Profile : TokenSource::Vars;
      token.path = std::move(path);
      return true;
    }
    if (root == "user" || root == "item") {
      const std::string field = path.size() == 1 ? path[0] : std::string();
      if (root == "user" && field == "id") token.source = TokenSource::UserId;
      else if (root == "user" && field == "language") token.source = TokenSource::UserLanguage;
      else if (root == "item" && field == "id") token.source = TokenSource::ItemId;
      else if (root == "item" && field == "kind") token.source = TokenSource::ItemKind;
      else return fail("template.unknown_field", start, std::string(root) + (root == "user" ? " has id and language" : " has id and kind"));
      return true;
    }
    return fail("template.unknown_root", start, "unknown source \"" + std::string(root.substr(0, 64)) +
                                                   "\" (profile, vars, user, item, or a quoted text)");
  }

  bool parse_filter(std::size_t open, detail::TemplateFilter& filter) {
    skip_space();
    const std::size_t start = i_;
    while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
    const std::string_view name = s_.substr(start, i_ - start);
    if (name.empty()) return i_ >= s_.size() ? unterminated(open) : fail("template.syntax", i_, "a filter name after \"|\"");
    const auto known = std::find_if(kFilters.begin(), kFilters.end(), [&](const FilterName& f) { return f.name == name; });
    if (known == kFilters.end()) {
      return fail("template.unknown_filter", start, "unknown filter \"" + std::string(name.substr(0, 64)) + "\"" + suggestion(name));
    }
    filter.kind = known->kind;
    std::vector<Argument> args;
    skip_space();
    if (i_ < s_.size() && s_[i_] == ':') {
      ++i_;
      for (;;) {
        skip_space();
        if (args.size() == 2) return fail("template.invalid_argument", start, "too many arguments for " + std::string(name));
        Argument arg;
        if (!parse_argument(open, arg)) return false;
        args.push_back(std::move(arg));
        skip_space();
        if (i_ >= s_.size() || s_[i_] != ',') break;
        ++i_;
      }
    }
    return check_arguments(name, start, args, filter);
  }

  bool parse_argument(std::size_t open, Argument& arg) {
    arg.offset = i_;
    if (i_ >= s_.size()) return unterminated(open);
    if (s_[i_] == '"' || s_[i_] == '\'') return parse_string(open, arg);
    const std::size_t start = i_;
    if (s_[i_] == '-') ++i_;
    while (i_ < s_.size() && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '.')) ++i_;
    if (i_ == start || s_[i_ - 1] == '-' || s_[i_ - 1] == '.' || i_ - start > 24) {
      return fail("template.invalid_argument", start, "an argument is a quoted text or a number");
    }
    arg.text.assign(s_.substr(start, i_ - start));
    return true;
  }

  bool parse_string(std::size_t open, Argument& arg) {
    const char quote = s_[i_++];
    arg.is_string = true;
    for (; i_ < s_.size(); ++i_) {
      char c = s_[i_];
      if (c == quote) {
        ++i_;
        if (arg.text.size() > limits_.max_argument_bytes) {
          return fail("template.invalid_argument", arg.offset, "a quoted text longer than " + std::to_string(limits_.max_argument_bytes) + " bytes");
        }
        return true;
      }
      if (c == '\\') {
        if (i_ + 1 >= s_.size()) break;
        c = s_[++i_];
        if (c != '\\' && c != '"' && c != '\'') return fail("template.syntax", i_ - 1, "only \\\\, \\\" and \\' escapes exist in quoted text");
      }
      if (arg.text.size() <= limits_.max_argument_bytes) arg.text.push_back(c);
    }
    return fail("template.unbalanced", open, "a quoted text in a token is never closed");
  }

  bool whole_number(const Argument& arg, int low, int high, int& out) {
    if (arg.is_string || arg.text.find_first_not_of("0123456789") != std::string::npos || arg.text.size() > 6) return false;
    out = std::atoi(arg.text.c_str());
    return out >= low && out <= high;
  }

  bool check_arguments(std::string_view name, std::size_t at, const std::vector<Argument>& args, detail::TemplateFilter& filter) {
    const auto bad = [&](const std::string& message) { return fail("template.invalid_argument", at, std::string(name) + ": " + message); };
    switch (filter.kind) {
      case FilterKind::Default:
        if (args.size() != 1) return bad("one value, e.g. default: \"friend\"");
        filter.text = args[0].text;
        return true;
      case FilterKind::Number:
        if (args.size() > 1 || (args.size() == 1 && !whole_number(args[0], 0, 20, filter.count))) {
          return bad("nothing, or the number of fraction digits from 0 to 20 (number: 2)");
        }
        return true;
      case FilterKind::Truncate:
        if (args.empty() || !whole_number(args[0], 1, 10000, filter.count)) return bad("a length from 1 to 10000 code points");
        filter.text = "\xE2\x80\xA6";  // …
        if (args.size() == 2) {
          if (!args[1].is_string || args[1].text.size() > 32) return bad("the ellipsis is a quoted text of at most 32 bytes");
          filter.text = args[1].text;
        }
        return true;
      case FilterKind::Date:
      case FilterKind::Upcase:
      case FilterKind::Downcase:
        if (!args.empty()) return bad("takes no argument");
        return true;
    }
    return true;
  }

  std::string_view s_;
  const std::string& pointer_;
  const TemplateLimits& limits_;
  Errors& errors_;
  detail::TemplateProgram program_;
  std::size_t i_ = 0;
  std::string scheme_prefix_;
  bool decided_ = false;
};

}  // namespace

// Every empty template shares one program: a catalog holds thousands of absent alts and badges.
Template::Template() {
  static const std::shared_ptr<const detail::TemplateProgram> kEmpty = std::make_shared<detail::TemplateProgram>();
  program_ = kEmpty;
}

bool Template::parse(std::string_view source, TemplateTarget target, const std::string& pointer, const TemplateLimits& limits,
                     Template& out, Errors& errors) {
  auto program = std::make_shared<detail::TemplateProgram>();
  if (!Parser(source, target, pointer, limits, errors).run(*program)) return false;
  out.program_ = std::move(program);
  return true;
}

TemplateTarget Template::target() const { return program_->target; }

bool Template::has_tokens() const { return !program_->tokens.empty(); }

NK_COLD_CODE_END
}  // namespace nudgekit

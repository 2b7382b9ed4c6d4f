// A parsed template: literal runs (already escaped for the target) and the tokens between them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "nudgekit/attributes.h"
#include "nudgekit/template.h"

namespace nudgekit::detail {

enum class TokenSource : std::uint8_t { Profile, Vars, UserId, UserLanguage, ItemId, ItemKind, Literal };
enum class FilterKind : std::uint8_t { Default, Number, Date, Upcase, Downcase, Truncate };

struct TemplateFilter {
  FilterKind kind = FilterKind::Default;
  int count = -1;    // number: fraction digits (-1: the locale's default); truncate: code points
  std::string text;  // default: the replacement; truncate: the ellipsis
};

struct TemplateToken {
  TokenSource source = TokenSource::Literal;
  PathSegments path;  // profile / vars
  std::string text;   // Literal
  std::vector<TemplateFilter> filters;
};

struct TemplatePiece {
  std::string literal;  // written before the token
  int token = -1;       // index into tokens, or -1 for the trailing literal
};

struct TemplateProgram {
  TemplateTarget target = TemplateTarget::Text;
  std::vector<TemplatePiece> pieces;
  std::vector<TemplateToken> tokens;
};

}  // namespace nudgekit::detail

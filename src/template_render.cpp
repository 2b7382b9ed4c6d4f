// Renders parsed templates: resolves each token, runs its filters, escapes the result for the target.
#include <cmath>
#include <cstdlib>

#include "detail/js_semantics.h"
#include "detail/template_program.h"
#include "detail/text_escape.h"

namespace nudgekit {
namespace {

using detail::FilterKind;
using detail::TokenSource;

// A token's value between filters: a JSON value it read, text a filter produced, or nothing.
struct Value {
  enum class Kind : unsigned char { Missing, Json, Text } kind = Kind::Missing;
  const Json* json = nullptr;
  std::string text;

  void set_text() {
    kind = Kind::Text;
    json = nullptr;
  }
  void set_missing() {
    kind = Kind::Missing;
    json = nullptr;
    text.clear();
  }
};

// The text a value renders as; false when it renders as nothing (the test `default` applies).
bool plain_text(const Value& value, std::string& out) {
  if (value.kind == Value::Kind::Text) {
    out.append(value.text);
    return !value.text.empty();
  }
  if (value.kind == Value::Kind::Missing) return false;
  const Json& j = *value.json;
  switch (j.type()) {
    case Json::value_t::string:
      out.append(j.get_ref<const std::string&>());
      return !j.get_ref<const std::string&>().empty();
    case Json::value_t::boolean:
      out.append(j.get<bool>() ? "true" : "false");
      return true;
    case Json::value_t::number_integer:
      out.append(std::to_string(j.get<std::int64_t>()));
      return true;
    case Json::value_t::number_unsigned:
      out.append(std::to_string(j.get<std::uint64_t>()));
      return true;
    case Json::value_t::number_float:
      detail::js_number_to_string(j.get<double>(), out);
      return true;
    default:  // null, arrays, objects: nothing a person should read
      return false;
  }
}

bool is_blank(const Value& value) {
  if (value.kind == Value::Kind::Missing) return true;
  if (value.kind == Value::Kind::Text) return value.text.empty();
  const Json& j = *value.json;
  return j.is_null() || j.is_array() || j.is_object() || (j.is_string() && j.get_ref<const std::string&>().empty());
}

// JSON's number grammar, so "1e3" and "-12.5" count but "0x10", " 5", "Infinity" and "1." do not.
bool parse_number_text(const std::string& text, double& out) {
  std::size_t i = 0;
  const auto digit = [&](std::size_t k) { return k < text.size() && text[k] >= '0' && text[k] <= '9'; };
  if (i < text.size() && text[i] == '-') ++i;
  if (!digit(i)) return false;
  if (text[i] == '0') ++i;
  else while (digit(i)) ++i;
  if (i < text.size() && text[i] == '.') {
    if (!digit(++i)) return false;
    while (digit(i)) ++i;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i != text.size() || text.size() > 64) return false;
  out = std::strtod(text.c_str(), nullptr);
  return std::isfinite(out);
}

bool number_of(const Value& value, double& out) {
  if (value.kind == Value::Kind::Json && value.json->is_number()) {
    out = value.json->get<double>();
    return true;
  }
  if (value.kind == Value::Kind::Json && value.json->is_string()) return parse_number_text(value.json->get_ref<const std::string&>(), out);
  if (value.kind == Value::Kind::Text) return parse_number_text(value.text, out);
  return false;
}

bool date_of(const Value& value, std::int32_t utc_offset_minutes, CivilDate& out) {
  if (value.kind == Value::Kind::Json && value.json->is_number()) {
    return civil_date_from_epoch_ms(value.json->get<double>(), utc_offset_minutes, out);
  }
  if (value.kind == Value::Kind::Json && value.json->is_string()) {
    return civil_date_from_iso(value.json->get_ref<const std::string&>(), utc_offset_minutes, out);
  }
  return value.kind == Value::Kind::Text && civil_date_from_iso(value.text, utc_offset_minutes, out);
}

void apply(const detail::TemplateFilter& filter, const TemplateScope& scope, const LocaleFormat& format, Value& value,
           std::string& scratch) {
  scratch.clear();
  switch (filter.kind) {
    case FilterKind::Default:
      if (is_blank(value)) {
        value.text = filter.text;
        value.set_text();
      }
      return;
    case FilterKind::Number: {
      double number = 0;
      if (!number_of(value, number)) return value.set_missing();
      const int max = filter.count >= 0 ? filter.count : format.default_max_fraction();
      format.append_number(number, filter.count >= 0 ? filter.count : 0, max, scratch);
      break;
    }
    case FilterKind::Date: {
      CivilDate date;
      if (!date_of(value, scope.utc_offset_minutes, date)) return value.set_missing();
      format.append_date(date, scratch);
      break;
    }
    case FilterKind::Upcase:
    case FilterKind::Downcase:
      if (!plain_text(value, scratch)) return value.set_missing();
      filter.kind == FilterKind::Upcase ? detail::ascii_upcase(scratch) : detail::ascii_downcase(scratch);
      break;
    case FilterKind::Truncate: {
      std::string raw;
      if (!plain_text(value, raw)) return value.set_missing();
      detail::append_valid_utf8(raw, scratch);  // count code points of what will be shown
      const auto limit = static_cast<std::size_t>(filter.count);
      if (detail::count_code_points(scratch) > limit) {
        const std::size_t ellipsis = detail::count_code_points(filter.text);
        scratch.resize(detail::code_point_prefix(scratch, limit > ellipsis ? limit - ellipsis : 0));
        scratch.append(filter.text);
      }
      break;
    }
  }
  value.text.swap(scratch);
  value.set_text();
}

void resolve(const detail::TemplateToken& token, const TemplateScope& scope, Value& value) {
  const auto from = [&](const Json* root) {
    const Json* found = root == nullptr ? nullptr : lookup_path(*root, token.path);
    if (found != nullptr) {
      value.kind = Value::Kind::Json;
      value.json = found;
    }
  };
  const auto text = [&](std::string_view t) {
    if (t.empty()) return;
    value.text.assign(t.data(), t.size());
    value.set_text();
  };
  switch (token.source) {
    case TokenSource::Profile: return from(scope.profile);
    case TokenSource::Vars: return from(scope.vars);
    case TokenSource::UserId: return text(scope.user_id);
    case TokenSource::UserLanguage: return text(scope.language);
    case TokenSource::ItemId: return text(scope.item_id);
    case TokenSource::ItemKind: return text(scope.item_kind);
    case TokenSource::Literal: return text(token.text);
  }
}

void emit(TemplateTarget target, std::string_view text, std::string& out) {
  switch (target) {
    case TemplateTarget::Text: return detail::append_valid_utf8(text, out);
    case TemplateTarget::HtmlAttribute: return detail::append_html_attribute(text, out);
    case TemplateTarget::Url: return detail::append_percent_encoded(text, out);
  }
}

}  // namespace

void Template::render(const TemplateScope& scope, std::string& out) const {
  const detail::TemplateProgram& program = *program_;
  const std::size_t start = out.size();
  const LocaleFormat format = scope.format != nullptr ? *scope.format : LocaleFormat::lookup("und");
  Value value;
  std::string scratch;
  for (const detail::TemplatePiece& piece : program.pieces) {
    out.append(piece.literal);
    if (piece.token < 0) continue;
    const detail::TemplateToken& token = program.tokens[static_cast<std::size_t>(piece.token)];
    value.set_missing();
    resolve(token, scope, value);
    for (const detail::TemplateFilter& filter : token.filters) apply(filter, scope, format, value, scratch);
    if (value.kind == Value::Kind::Json && value.json->is_string()) {
      emit(program.target, value.json->get_ref<const std::string&>(), out);
    } else if (value.kind == Value::Kind::Text) {
      emit(program.target, value.text, out);
    } else {
      scratch.clear();
      plain_text(value, scratch);
      emit(program.target, scratch, out);
    }
  }
  // Tokens cannot add a scheme (':' is encoded), but one standing where the scheme goes can complete
  // a literal prefix into one ("java{{vars.x}}"), or an empty value can turn "/{{x}}/" into "//host".
  if (program.target == TemplateTarget::Url &&
      detail::classify_url(std::string_view(out).substr(start), true) != detail::UrlScheme::Safe) {
    out.resize(start);
  }
}

}  // namespace nudgekit

// libFuzzer target for the content module: arbitrary bytes as a template (parsed for every target and
// rendered with the input's own JSON as profile and vars), as a "content" section (compiled, every
// item chosen, its variant selected and rendered), and as numbers, dates and locale tags to format.
// Any crash, sanitizer report, leak or hang is a bug: bad input gets an error, never more.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "nudgekit/content.h"
#include "nudgekit/format.h"
#include "nudgekit/template.h"

namespace {

using nudgekit::Json;

// Splits on the first two NUL bytes: template \0 values (JSON) \0 content section (JSON).
std::string_view take(std::string_view& rest) {
  const std::size_t cut = rest.find('\0');
  const std::string_view part = rest.substr(0, cut);
  rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
  return part;
}

Json parse_or_empty(std::string_view text) {
  nudgekit::Error error;
  auto parsed = nudgekit::parse_json_input(text, 1u << 20, 64, error);
  return parsed ? std::move(*parsed) : Json::object();
}

constexpr const char* kLocales[] = {"en", "en-IN", "hi", "mr", "bn", "ar-EG", "uk", "de", "es", "zh-Hant-HK", "xx"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string_view source = take(rest);
  const Json values = parse_or_empty(take(rest));
  const Json section = parse_or_empty(rest);

  const nudgekit::LocaleFormat format = nudgekit::LocaleFormat::lookup(size > 0 ? kLocales[data[0] % 11] : "en");
  nudgekit::TemplateScope scope;
  scope.profile = &values;
  scope.vars = &values;
  scope.user_id = source.substr(0, 8);
  scope.format = &format;
  scope.utc_offset_minutes = size > 1 ? (static_cast<int>(data[1]) - 128) * 7 : 0;
  for (const auto target : {nudgekit::TemplateTarget::Text, nudgekit::TemplateTarget::HtmlAttribute, nudgekit::TemplateTarget::Url}) {
    nudgekit::Template t;
    nudgekit::Errors errors;
    if (nudgekit::Template::parse(source, target, "/t", nudgekit::TemplateLimits{}, t, errors)) {
      std::string out;
      t.render(scope, out);
    }
  }

  // The raw bytes as a locale tag, a number and a date, straight to the formatters.
  const nudgekit::LocaleFormat any = nudgekit::LocaleFormat::lookup(source);
  std::string out;
  if (size >= sizeof(double)) {
    double number;
    std::memcpy(&number, data, sizeof number);
    any.append_number(number, size > 8 ? data[8] % 21 : 0, 20, out);
    nudgekit::CivilDate day;
    if (nudgekit::civil_date_from_epoch_ms(number, scope.utc_offset_minutes, day)) any.append_date(day, out);
  }
  nudgekit::CivilDate day;
  if (nudgekit::civil_date_from_iso(source, scope.utc_offset_minutes, day)) any.append_date(day, out);

  nudgekit::ContentOptions options;
  options.default_language = size > 2 && data[2] % 2 == 0 ? "en" : "";
  nudgekit::Errors errors;
  const auto catalog = nudgekit::ContentCatalog::compile(Json{{"content", section}}, options, errors);
  if (catalog == nullptr) return 0;
  const std::vector<std::string> chain = {std::string(source.substr(0, 16)), "hi-IN", "en-IN"};
  nudgekit::SeenTimes seen;
  nudgekit::ContentQuery query;
  query.category = source.substr(0, 6);
  query.stage = source.substr(0, 4);
  query.not_seen_within_ms = 86'400'000;
  query.language_chain = &chain;
  nudgekit::RenderInputs inputs;
  inputs.profile = &values;
  inputs.vars = &values;
  inputs.user_id = "u1";
  // Choose until the rotation runs dry, marking each choice as seen, so every eligible item renders.
  for (std::size_t round = 0; round <= catalog->items().size(); ++round) {
    const auto choice = nudgekit::choose_item(*catalog, query, seen, 1'700'000'000'000);
    if (!choice) break;
    nudgekit::RenderedContent rendered;
    nudgekit::render_content(*choice->item, choice->variant->language, inputs, rendered);
    (void)rendered.to_json().dump(-1, ' ', false, Json::error_handler_t::replace);
    seen[choice->item->id] = 1'700'000'000'000;
  }
  return 0;
}

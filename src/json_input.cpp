#include "nudgekit/json_input.h"

#include <string>

namespace nudgekit {
namespace {

// Depth of the deepest array/object, counting only brackets outside strings. Stops early at limit+1.
std::size_t scan_depth(std::string_view text, std::size_t limit, std::size_t& offset_of_excess) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) {
        offset_of_excess = i;
        return depth;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return depth;
}

}  // namespace

std::optional<Json> parse_json_input(std::string_view text, std::size_t max_bytes, std::size_t max_depth,
                                     Error& error) {
  if (text.size() > max_bytes) {
    error = {"json.too_large", "",
             "JSON text is " + std::to_string(text.size()) + " bytes; the limit is " + std::to_string(max_bytes)};
    return std::nullopt;
  }
  std::size_t excess_at = 0;
  if (scan_depth(text, max_depth, excess_at) > max_depth) {
    error = {"json.too_deep", "",
             "JSON nests deeper than " + std::to_string(max_depth) + " levels (at byte " + std::to_string(excess_at) +
                 ")"};
    return std::nullopt;
  }
  // The non-throwing parse: a callback-free parse with allow_exceptions=false yields a discarded value
  // on error. To report where, re-run through the SAX interface, which carries the byte position.
  Json parsed = Json::parse(text.begin(), text.end(), nullptr, false);
  if (!parsed.is_discarded()) return parsed;

  struct Locator : nlohmann::json_sax<Json> {
    std::size_t position = 0;
    std::string message;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& ex) override {
      position = pos;
      message = ex.what();
      return false;
    }
  } locator;
  Json::sax_parse(text.begin(), text.end(), &locator, nlohmann::detail::input_format_t::json, false);
  // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 1, column 5: ...".
  std::string detail = locator.message;
  if (const auto colon = detail.find("parse error"); colon != std::string::npos) detail = detail.substr(colon);
    // nlohmann counts characters read; the offending byte is the last one read (0-based offset below).
  const std::size_t offset = locator.position > 0 ? locator.position - 1 : 0;
  error = {"json.parse", "", "malformed JSON at byte " + std::to_string(offset) + ": " + detail};
  return std::nullopt;
}

std::string to_json_text(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace nudgekit

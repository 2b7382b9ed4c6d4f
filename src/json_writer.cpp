#include "nudgekit/json_writer.h"

#include <charconv>

#include "detail/utf8.h"

namespace nudgekit {

void JsonWriter::separate() {
  if (!first_) out_.push_back(',');
  first_ = false;
}

JsonWriter& JsonWriter::open(char bracket) {
  separate();
  out_.push_back(bracket);
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  out_.push_back(bracket);
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  value(name);
  out_.push_back(':');
  first_ = true;  // the member's value takes no comma
  return *this;
}

// One pass: plain bytes are copied in runs, and UTF-8 is checked where it is met instead of again
// by a second walk over each run.
JsonWriter& JsonWriter::value(std::string_view text) {
  separate();
  out_.push_back('"');
  std::size_t plain = 0;
  const auto flush = [&](std::size_t end) { out_.append(text.data() + plain, end - plain); };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t length = detail::utf8_sequence_length(text, i)) {
        i += length;
        continue;
      }
      flush(i);
      out_ += "\xEF\xBF\xBD";  // U+FFFD for the byte that starts no valid sequence
      plain = ++i;
      continue;
    }
    flush(i);
    plain = ++i;
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        out_ += "\\u00";
        out_.push_back(kHex[c >> 4]);
        out_.push_back(kHex[c & 15]);
      }
    }
  }
  flush(text.size());
  out_.push_back('"');
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  separate();
  char digits[24];
  const auto written = std::to_chars(digits, digits + sizeof digits, number);
  out_.append(digits, written.ptr);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  separate();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::value(const Json& tree) {
  separate();
  out_ += to_json_text(tree);
  return *this;
}

}  // namespace nudgekit

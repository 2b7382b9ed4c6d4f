// Writes JSON text straight into a string. The documents the app receives on every delivery (a nudge
// with its rendered content) were built as nlohmann trees only to be dumped at once: a map node and
// a string copy per field, then freed. This writes the same text without the tree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "nudgekit/json_input.h"

namespace nudgekit {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view name);
  // Strings are written as valid UTF-8: each byte that starts no valid sequence becomes U+FFFD, as
  // rendered templates repair text.
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(std::uint32_t number) { return value(std::int64_t{number}); }
  JsonWriter& value(int number) { return value(std::int64_t{number}); }
  JsonWriter& value(bool flag);
  JsonWriter& null();
  // null for "", which the documents use for "none" (no variant, no stage).
  JsonWriter& string_or_null(std::string_view text) { return text.empty() ? null() : value(text); }
  // A tree that is already built, written as to_json_text would.
  JsonWriter& value(const Json& tree);

  template <typename T>
  JsonWriter& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

 private:
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  void separate();
  std::string& out_;
  bool first_ = true;  // no comma before the next key or element
};

}  // namespace nudgekit

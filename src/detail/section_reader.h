// The checks every config section repeats: an object with known keys, required keys, names, numbers
// and durations — each mistake appended to `errors` with the JSON pointer of the value at fault.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "nudgekit/condition.h"
#include "nudgekit/error.h"
#include "nudgekit/json_input.h"

namespace nudgekit::detail {

class SectionReader {
 public:
  explicit SectionReader(Errors& errors) : errors_(errors) {}

  void fail(const std::string& pointer, std::string message, const char* code = "config.invalid_value") {
    errors_.push_back({code, pointer, std::move(message)});
  }
  std::size_t error_count() const { return errors_.size(); }
  Errors& errors() { return errors_; }

  // An object whose keys are all in `allowed`; each other key is a config.unknown_key.
  bool keys(const Json& j, const std::string& pointer, std::initializer_list<std::string_view> allowed);
  // j[key], or nullptr after a config.missing_key.
  const Json* required(const Json& j, const std::string& pointer, const char* key);
  // j[key] or nullptr, without complaint.
  static const Json* optional(const Json& j, const char* key);

  // A finite number ≥ low.
  bool number(const Json& j, const std::string& pointer, double& out, double low = -1e300);
  // A whole number in [low, high].
  bool integer(const Json& j, const std::string& pointer, std::int64_t& out, std::int64_t low, std::int64_t high);
  bool duration(const Json& j, const std::string& pointer, std::int64_t& out_ms, const char* example = "7d");
  // A non-empty string of at most max_bytes.
  bool text(const Json& j, const std::string& pointer, std::string& out, std::size_t max_bytes = 256,
            const char* what = "a non-empty string");
  // An event name (the event store's rules), interned into `names`.
  bool event(const Json& j, const std::string& pointer, EventNames& names, std::uint32_t& out);
  // "HH:MM" on a 24-hour clock, as minutes after midnight.
  bool clock_time(const Json& j, const std::string& pointer, int& minutes);

 private:
  Errors& errors_;
};

}  // namespace nudgekit::detail

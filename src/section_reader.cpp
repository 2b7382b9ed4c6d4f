#include "detail/section_reader.h"

#include <algorithm>
#include <cmath>

#include "detail/cold.h"
#include "nudgekit/duration.h"
#include "nudgekit/event_store.h"

namespace nudgekit::detail {
NK_COLD_CODE_BEGIN

bool SectionReader::keys(const Json& j, const std::string& pointer, std::initializer_list<std::string_view> allowed) {
  if (!j.is_object()) {
    fail(pointer, "expected an object", "config.invalid_type");
    return false;
  }
  for (const auto& item : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) != allowed.end()) continue;
    std::string known;
    for (const std::string_view key : allowed) known.append(known.empty() ? "" : ", ").append(key);
    fail(pointer_append(pointer, item.key()), "unknown key \"" + item.key() + "\" (known: " + known + ")",
         "config.unknown_key");
  }
  return true;
}

const Json* SectionReader::required(const Json& j, const std::string& pointer, const char* key) {
  if (const Json* found = optional(j, key)) return found;
  fail(pointer, std::string("\"") + key + "\" is required", "config.missing_key");
  return nullptr;
}

const Json* SectionReader::optional(const Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto found = j.find(key);
  return found == j.end() ? nullptr : &*found;
}

bool SectionReader::number(const Json& j, const std::string& pointer, double& out, double low) {
  if (!j.is_number() || !std::isfinite(j.get<double>()) || j.get<double>() < low) {
    fail(pointer, "expected a number" + std::string(low == 0 ? " ≥ 0" : ""));
    return false;
  }
  out = j.get<double>();
  return true;
}

bool SectionReader::integer(const Json& j, const std::string& pointer, std::int64_t& out, std::int64_t low,
                            std::int64_t high) {
  if (!j.is_number_integer() || j.get<std::int64_t>() < low || j.get<std::int64_t>() > high ||
      (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(high))) {
    fail(pointer, "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high));
    return false;
  }
  out = j.get<std::int64_t>();
  return true;
}

bool SectionReader::duration(const Json& j, const std::string& pointer, std::int64_t& out_ms, const char* example) {
  std::string message;
  if (!j.is_string() || !parse_duration(j.get_ref<const std::string&>(), out_ms, message)) {
    fail(pointer, std::string("expected a duration like \"") + example + "\"", "condition.invalid_duration");
    return false;
  }
  return true;
}

bool SectionReader::text(const Json& j, const std::string& pointer, std::string& out, std::size_t max_bytes,
                         const char* what) {
  if (!j.is_string() || j.get_ref<const std::string&>().empty() || j.get_ref<const std::string&>().size() > max_bytes) {
    fail(pointer, std::string("expected ") + what + " of at most " + std::to_string(max_bytes) + " bytes");
    return false;
  }
  out = j.get<std::string>();
  return true;
}

bool SectionReader::event(const Json& j, const std::string& pointer, EventNames& names, std::uint32_t& out) {
  if (!j.is_string() || !EventStore::is_valid_name(j.get_ref<const std::string&>())) {
    fail(pointer, "an event name: 1 to 64 characters of A-Z a-z 0-9 _ . : - starting with a letter or _");
    return false;
  }
  out = names.intern(j.get<std::string>());
  return true;
}

bool SectionReader::clock_time(const Json& j, const std::string& pointer, int& minutes) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s.size() == 5 && digit(s[0]) && digit(s[1]) && s[2] == ':' && digit(s[3]) && digit(s[4])) {
      const int hours = (s[0] - '0') * 10 + (s[1] - '0');
      const int mins = (s[3] - '0') * 10 + (s[4] - '0');
      if (hours < 24 && mins < 60) {
        minutes = hours * 60 + mins;
        return true;
      }
    }
  }
  fail(pointer, "expected a local time \"HH:MM\" (24-hour clock, e.g. \"22:00\")");
  return false;
}

NK_COLD_CODE_END
}  // namespace nudgekit::detail

#include "nudgekit/binary_input.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "detail/json_reuse.h"
#include "detail/read_input.h"
#include "detail/utf8.h"

namespace nudgekit {
namespace {

enum Tag : std::uint8_t { kNull, kFalse, kTrue, kInt32, kFloat64, kString, kArray, kObject };

class Decoder {
 public:
  Decoder(std::string_view bytes, std::size_t max_depth) : bytes_(bytes), max_depth_(max_depth) {}

  bool document(Json& out) {
    if (!value(out, 0)) return false;
    if (at_ != bytes_.size()) return fail("unexpected bytes after the value");
    return true;
  }

  std::size_t error_offset = 0;
  std::string error_message;
  bool too_deep = false;

 private:
  bool value(Json& out, std::size_t depth) {
    if (at_ >= bytes_.size()) return fail("unexpected end of input");
    const auto tag = static_cast<std::uint8_t>(bytes_[at_++]);
    switch (tag) {
      case kNull:
        out = nullptr;
        return true;
      case kFalse:
      case kTrue:
        out = tag == kTrue;
        return true;
      case kInt32: {
        std::int32_t number = 0;
        if (!read(number)) return false;
        integer(out, number);
        return true;
      }
      case kFloat64:
        return float64(out);
      case kString: {
        if (!out.is_string()) out = std::string();
        return string(out.get_ref<std::string&>());
      }
      case kArray:
      case kObject:
        if (depth + 1 > max_depth_) {
          too_deep = true;
          return fail("JSON nests deeper than " + std::to_string(max_depth_) + " levels");
        }
        return tag == kArray ? array(out, depth + 1) : object(out, depth + 1);
      default:
        --at_;
        return fail("unknown tag " + std::to_string(tag));
    }
  }

  // Negative integers are stored signed and the others unsigned, as the text reader stores them.
  static void integer(Json& out, std::int64_t number) {
    if (number < 0) {
      out = number;
    } else {
      out = static_cast<std::uint64_t>(number);
    }
  }

  bool float64(Json& out) {
    double number = 0;
    if (!read(number)) return false;
    if (!std::isfinite(number)) {
      at_ -= sizeof number;
      return fail("number is not finite");
    }
    if (std::fabs(number) < 1e18 && std::trunc(number) == number) {
      integer(out, static_cast<std::int64_t>(number));
    } else {
      out = number;
    }
    return true;
  }

  bool string(std::string& out) {
    std::uint32_t length = 0;
    if (!read(length)) return false;
    if (length > bytes_.size() - at_) return fail("string longer than the input");
    const std::string_view text = bytes_.substr(at_, length);
    if (!detail::is_valid_utf8(text)) return fail("invalid UTF-8 in a string");
    out.assign(text.data(), text.size());
    at_ += length;
    return true;
  }

  bool array(Json& out, std::size_t depth) {
    std::uint32_t count = 0;
    if (!read(count)) return false;
    if (count > bytes_.size() - at_) return fail("more elements than bytes left");  // each takes ≥ 1 byte
    if (!out.is_array()) out = Json::array();
    auto& elements = out.get_ref<Json::array_t&>();
    elements.resize(count);
    for (Json& element : elements) {
      if (!value(element, depth)) return false;
    }
    return true;
  }

  bool object(Json& out, std::size_t depth) {
    std::uint32_t count = 0;
    if (!read(count)) return false;
    if (count > (bytes_.size() - at_) / 6) return fail("more members than bytes left");  // each takes ≥ 6
    if (!out.is_object()) out = Json::object();
    auto& members = out.get_ref<Json::object_t&>();
    const std::size_t first_seen = seen_.size();
    for (std::uint32_t i = 0; i < count; ++i) {
      if (!string(key_)) return false;
      auto entry = members.find(key_);
      if (entry == members.end()) entry = members.emplace(key_, Json()).first;
      seen_.push_back(&entry->first);
      // A repeated key keeps its last value, as JSON.parse does.
      if (!value(entry->second, depth)) return false;
    }
    detail::drop_unseen_members(members, seen_, first_seen);
    return true;
  }

  template <class T>
  bool read(T& out) {
    if (bytes_.size() - at_ < sizeof(T)) return fail("unexpected end of input");
    std::memcpy(&out, bytes_.data() + at_, sizeof(T));  // wasm and every native target here are little-endian
    at_ += sizeof(T);
    return true;
  }

  bool fail(std::string message) {
    error_offset = at_;
    error_message = std::move(message);
    return false;
  }

  std::string_view bytes_;
  std::size_t max_depth_;
  std::size_t at_ = 0;
  std::string key_;
  std::vector<const std::string*> seen_;
};

}  // namespace

bool parse_binary_input_into(std::string_view bytes, std::size_t max_bytes, std::size_t max_depth, Json& target,
                             Error& error) {
  return detail::read_input<Decoder>(bytes, "binary value", max_bytes, max_depth, target, error);
}

}  // namespace nudgekit

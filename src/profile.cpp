#include "nudgekit/profile.h"

#include <algorithm>
#include <cmath>

#include "nudgekit/attributes.h"

namespace nudgekit {
namespace {

enum class KeyShape { kInvalid, kPlain, kDotted };

// One pass over the key (this runs for every member of every profile set): a valid dot path has no
// empty segment and at most max_path_segments of them.
KeyShape key_shape(const std::string& key, const Limits& limits) {
  if (key.empty() || key.size() > 256) return KeyShape::kInvalid;
  std::size_t dots = 0;
  char previous = '.';
  for (const char c : key) {
    if (c == '.') {
      if (previous == '.') return KeyShape::kInvalid;
      ++dots;
    }
    previous = c;
  }
  if (previous == '.' || dots >= limits.max_path_segments) return KeyShape::kInvalid;
  return dots == 0 ? KeyShape::kPlain : KeyShape::kDotted;
}

// Checks a patch without building a JSON pointer for every member: the path is kept as a stack of
// keys and indices and turned into a pointer only when something is wrong.
class Validator {
 public:
  Validator(const Limits& limits, Error& error) : limits_(limits), error_(error) {}

  bool check(const Json& value) {
    if (path_.size() > limits_.max_json_depth) {
      return fail("properties.too_deep", "properties nest deeper than " + std::to_string(limits_.max_json_depth) + " levels");
    }
    if (value.is_string()) {
      const std::size_t size = value.get_ref<const std::string&>().size();
      if (size > limits_.max_string_bytes) {
        return fail("properties.string_too_long", "string of " + std::to_string(size) + " bytes; the limit is " +
                                                      std::to_string(limits_.max_string_bytes));
      }
    } else if (value.is_number_float() && !std::isfinite(value.get<double>())) {
      return fail("properties.invalid_value", "numbers must be finite");
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        path_.emplace_back(i);
        if (!check(value[i])) return false;
        path_.pop_back();
      }
    } else if (value.is_object()) {
      for (const auto& [key, member] : value.get_ref<const Json::object_t&>()) {
        path_.emplace_back(&key);
        const KeyShape shape = key_shape(key, limits_);
        if (shape == KeyShape::kInvalid) {
          return fail("properties.invalid_path", "property name \"" + key.substr(0, 64) +
                                                     "\" is not a valid dot path (empty segments, a leading or trailing dot, or too long)");
        }
        has_dotted_keys_ = has_dotted_keys_ || shape == KeyShape::kDotted;
        if (!check(member)) return false;
        path_.pop_back();
      }
    }
    return true;
  }

  bool has_dotted_keys() const { return has_dotted_keys_; }

 private:
  struct Token {
    explicit Token(std::size_t i) : index(i) {}
    explicit Token(const std::string* k) : key(k) {}
    const std::string* key = nullptr;
    std::size_t index = 0;
  };

  bool fail(const char* code, std::string message) {
    std::string pointer;
    for (const Token& token : path_) pointer = token.key ? pointer_append(pointer, *token.key) : pointer_append(pointer, token.index);
    error_ = {code, std::move(pointer), std::move(message)};
    return false;
  }

  const Limits& limits_;
  Error& error_;
  std::vector<Token> path_;
  bool has_dotted_keys_ = false;
};

void merge(Json& target, const std::string& dotted, Json&& value);

void merge_object(Json& target, Json&& object) {
  for (auto& item : object.items()) merge(target, item.key(), std::move(item.value()));
}

// Walks (creating objects where needed) to the parent of the last segment, then merges or replaces.
// Values are moved out of the patch: it is a temporary parsed for this call.
void merge(Json& target, const std::string& dotted, Json&& value) {
  Json* node = &target;
  std::size_t start = 0;
  for (std::size_t dot = dotted.find('.'); dot != std::string::npos; dot = dotted.find('.', start)) {
    Json& next = (*node)[dotted.substr(start, dot - start)];
    if (!next.is_object()) next = Json::object();
    node = &next;
    start = dot + 1;
  }
  Json& slot = (*node)[start == 0 ? dotted : dotted.substr(start)];
  if (value.is_object()) {
    if (!slot.is_object()) slot = Json::object();
    merge_object(slot, std::move(value));
  } else {
    slot = std::move(value);
  }
}

}  // namespace

bool Profile::set(Json&& patch, bool replace, const Limits& limits, Error& error) {
  if (!patch.is_object()) {
    error = {"properties.not_object", "", "properties must be an object, got " + std::string(patch.type_name())};
    return false;
  }
  Validator validator(limits, error);
  if (!validator.check(patch)) return false;
  if (replace && !validator.has_dotted_keys()) {
    properties_ = std::move(patch);  // already in the nested shape merging would produce
    return true;
  }
  if (replace) properties_ = Json::object();
  merge_object(properties_, std::move(patch));
  return true;
}

bool Profile::replace_with(Json& candidate, const Limits& limits, Error& error) {
  if (!candidate.is_object()) {
    error = {"properties.not_object", "", "properties must be an object, got " + std::string(candidate.type_name())};
    return false;
  }
  Validator validator(limits, error);
  if (!validator.check(candidate)) return false;
  if (validator.has_dotted_keys()) {
    Json nested = Json::object();
    merge_object(nested, std::move(candidate));
    candidate = std::move(nested);
  }
  properties_.swap(candidate);
  return true;
}

bool Profile::unset(const Json& paths, Error& error) {
  if (!paths.is_array()) {
    error = {"properties.invalid_argument", "", "unsetProperties takes an array of dot paths"};
    return false;
  }
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (!paths[i].is_string() || paths[i].get_ref<const std::string&>().empty()) {
      error = {"properties.invalid_path", pointer_append("", i), "each path must be a non-empty string"};
      return false;
    }
  }
  for (const Json& path : paths) {
    const PathSegments segments = split_path(path.get_ref<const std::string&>());
    Json* node = &properties_;
    for (std::size_t i = 0; node != nullptr && i + 1 < segments.size(); ++i) {
      const auto found = node->find(segments[i]);
      node = (node->is_object() && found != node->end()) ? &*found : nullptr;
    }
    if (node != nullptr && node->is_object()) node->erase(segments.back());
  }
  return true;
}

}  // namespace nudgekit

#include "nudgekit/profile.h"

#include <cmath>

#include "nudgekit/attributes.h"

namespace nudgekit {
namespace {

bool valid_path(const std::string& key, const Limits& limits) {
  if (key.empty() || key.size() > 256) return false;
  if (key.front() == '.' || key.back() == '.' || key.find("..") != std::string::npos) return false;
  return split_path(key).size() <= limits.max_path_segments;
}

bool validate(const Json& value, const std::string& ptr, std::size_t depth, const Limits& limits, Error& error) {
  if (depth > limits.max_json_depth) {
    error = {"properties.too_deep", ptr, "properties nest deeper than " + std::to_string(limits.max_json_depth) + " levels"};
    return false;
  }
  if (value.is_string()) {
    if (value.get_ref<const std::string&>().size() > limits.max_string_bytes) {
      error = {"properties.string_too_long", ptr,
               "string of " + std::to_string(value.get_ref<const std::string&>().size()) + " bytes; the limit is " +
                   std::to_string(limits.max_string_bytes)};
      return false;
    }
  } else if (value.is_number_float() && !std::isfinite(value.get<double>())) {
    error = {"properties.invalid_value", ptr, "numbers must be finite"};
    return false;
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!validate(value[i], pointer_append(ptr, i), depth + 1, limits, error)) return false;
    }
  } else if (value.is_object()) {
    for (const auto& item : value.items()) {
      const std::string child = pointer_append(ptr, item.key());
      if (!valid_path(item.key(), limits)) {
        error = {"properties.invalid_path", child,
                 "property name \"" + item.key().substr(0, 64) +
                     "\" is not a valid dot path (empty segments, a leading or trailing dot, or too long)"};
        return false;
      }
      if (!validate(item.value(), child, depth + 1, limits, error)) return false;
    }
  }
  return true;
}

void merge(Json& target, const std::string& dotted, const Json& value);

void merge_object(Json& target, const Json& object) {
  for (const auto& item : object.items()) merge(target, item.key(), item.value());
}

// Walks (creating objects where needed) to the parent of the last segment, then merges or replaces.
void merge(Json& target, const std::string& dotted, const Json& value) {
  Json* node = &target;
  const PathSegments segments = split_path(dotted);
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    Json& next = (*node)[segments[i]];
    if (!next.is_object()) next = Json::object();
    node = &next;
  }
  Json& slot = (*node)[segments.back()];
  if (value.is_object()) {
    if (!slot.is_object()) slot = Json::object();
    merge_object(slot, value);
  } else {
    slot = value;
  }
}

}  // namespace

bool Profile::set(const Json& patch, bool replace, const Limits& limits, Error& error) {
  if (!patch.is_object()) {
    error = {"properties.not_object", "", "properties must be an object, got " + std::string(patch.type_name())};
    return false;
  }
  if (!validate(patch, "", 0, limits, error)) return false;
  if (replace) properties_ = Json::object();
  merge_object(properties_, patch);
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

#include "nudgekit/attributes.h"

namespace nudgekit {

PathSegments split_path(std::string_view dotted) {
  PathSegments out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = dotted.find('.', start);
    if (dot == std::string_view::npos) {
      out.emplace_back(dotted.substr(start));
      return out;
    }
    out.emplace_back(dotted.substr(start, dot - start));
    start = dot + 1;
  }
}

namespace {

bool canonical_index(const std::string& s, std::size_t& index) {
  if (s.empty() || s.size() > 9) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  std::size_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  index = value;
  return true;
}

}  // namespace

const Json* lookup_path(const Json& root, const PathSegments& segments) noexcept {
  const Json* current = &root;
  for (const std::string& segment : segments) {
    if (current->is_object()) {
      const auto& object = current->get_ref<const Json::object_t&>();
      const auto found = object.find(segment);
      if (found == object.end()) return nullptr;
      current = &found->second;
    } else if (current->is_array()) {
      const auto& array = current->get_ref<const Json::array_t&>();
      std::size_t index = 0;
      if (!canonical_index(segment, index) || index >= array.size()) return nullptr;
      current = &array[index];
    } else {
      return nullptr;
    }
  }
  return current;
}

std::uint32_t AttributeTable::intern(std::string_view dotted) {
  std::string key(dotted);
  const auto found = index_.find(key);
  if (found != index_.end()) return found->second;
  const auto slot = static_cast<std::uint32_t>(paths_.size());
  paths_.push_back(split_path(dotted));
  names_.push_back(key);
  index_.emplace(std::move(key), slot);
  return slot;
}

void AttributeTable::resolve(const Json& root, std::vector<const Json*>& out) const {
  out.resize(paths_.size());
  for (std::size_t i = 0; i < paths_.size(); ++i) out[i] = lookup_path(root, paths_[i]);
}

}  // namespace nudgekit

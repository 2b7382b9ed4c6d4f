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

const Json* lookup_segment(const Json* from, const std::string& segment) noexcept {
  if (from == nullptr) return nullptr;
  if (from->is_object()) {
    const auto& object = from->get_ref<const Json::object_t&>();
    const auto found = object.find(segment);
    return found == object.end() ? nullptr : &found->second;
  }
  if (from->is_array()) {
    const auto& array = from->get_ref<const Json::array_t&>();
    std::size_t index = 0;
    if (!canonical_index(segment, index) || index >= array.size()) return nullptr;
    return &array[index];
  }
  return nullptr;
}

const Json* lookup_path(const Json& root, const PathSegments& segments) noexcept {
  const Json* current = &root;
  for (const std::string& segment : segments) {
    current = lookup_segment(current, segment);
    if (current == nullptr) return nullptr;
  }
  return current;
}

std::uint32_t AttributeTable::intern(std::string_view dotted) {
  std::string key(dotted);
  const auto found = index_.find(key);
  if (found != index_.end()) return found->second;
  // Split where split_path would, so that a prefix's segments are exactly the leading segments.
  const std::size_t last_dot = dotted.rfind('.');
  const std::uint32_t parent = last_dot == std::string_view::npos ? kRoot : intern(dotted.substr(0, last_dot));
  const auto slot = static_cast<std::uint32_t>(paths_.size());
  paths_.push_back(split_path(dotted));
  names_.push_back(key);
  parents_.push_back(parent);
  index_.emplace(std::move(key), slot);
  return slot;
}

std::uint64_t hash_text(std::string_view text) noexcept {
  // FNV-1a: short attribute strings dominate, and it needs no tables.
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::uint32_t AttributeTable::find(const std::string& dotted) const {
  const auto found = index_.find(dotted);
  return found == index_.end() ? kRoot : found->second;
}

void SlotTable::set(std::uint32_t slot, const Json* value) {
  SlotView& view = views_[slot];
  view = SlotView{};
  view.value = value;
  if (value != nullptr && value->is_string()) view.hash = hash_text(value->get_ref<const std::string&>());
}

void SlotTable::resolve(const AttributeTable& attributes, const Json& root) {
  views_.assign(attributes.size(), SlotView{});
  element_hashes_.clear();
  for (std::uint32_t i = 0; i < attributes.size(); ++i) {
    SlotView& view = views_[i];
    const std::uint32_t parent = attributes.parent(i);
    view.value = lookup_segment(parent == AttributeTable::kRoot ? &root : views_[parent].value,
                                attributes.segments(i).back());
    if (view.value == nullptr) continue;
    if (view.value->is_string()) {
      view.hash = hash_text(view.value->get_ref<const std::string&>());
    } else if (view.value->is_array()) {
      view.first_element = static_cast<std::uint32_t>(element_hashes_.size());
      view.element_count = static_cast<std::uint32_t>(view.value->size());
      for (const Json& element : *view.value) {
        element_hashes_.push_back(element.is_string() ? hash_text(element.get_ref<const std::string&>()) : 0);
      }
    }
  }
}

}  // namespace nudgekit

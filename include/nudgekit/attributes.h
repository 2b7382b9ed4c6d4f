// Attribute paths ("geo.country", "tags.0") interned to slots, so that a condition reads a property with
// one array index instead of walking the profile's tree on every evaluation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nudgekit/json_input.h"

namespace nudgekit {

using PathSegments = std::vector<std::string>;

// Splits a dot path the way GrowthBook does ("a.b" → {"a","b"}; "a..b" → {"a","","b"}).
PathSegments split_path(std::string_view dotted);

// Follows segments from root: object keys by name, array elements by canonical index ("0", "12" but not
// "01" or "-1"). Returns nullptr when any step is missing. Never allocates, never throws.
const Json* lookup_path(const Json& root, const PathSegments& segments) noexcept;
// One step of lookup_path; `from` may be nullptr (a missing parent has no children).
const Json* lookup_segment(const Json* from, const std::string& segment) noexcept;

class AttributeTable {
 public:
  static constexpr std::uint32_t kRoot = UINT32_MAX;

  // Returns the slot of `dotted`, adding it on first use. Slots are dense, starting at 0. Every proper
  // prefix ("a.b" of "a.b.c") gets a slot too, always before its extensions, so that resolving the
  // slots in order looks up each shared prefix once instead of once per path that starts with it.
  std::uint32_t intern(std::string_view dotted);
  // The slot of `dotted` if a condition reads it, else kRoot.
  std::uint32_t find(const std::string& dotted) const;
  std::size_t size() const { return paths_.size(); }
  const PathSegments& segments(std::uint32_t slot) const { return paths_[slot]; }
  const std::string& name(std::uint32_t slot) const { return names_[slot]; }
  // The slot of the path without its last segment, or kRoot for a one-segment path.
  std::uint32_t parent(std::uint32_t slot) const { return parents_[slot]; }

 private:
  std::vector<PathSegments> paths_;
  std::vector<std::string> names_;
  std::vector<std::uint32_t> parents_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

// What one attribute slot holds for the current profile, looked up once per profile change so that
// evaluation reads it with one index. String values (and string elements of arrays) carry a hash so
// that membership tests compare integers before they compare text.
struct SlotView {
  const Json* value = nullptr;   // nullptr when absent
  std::uint64_t hash = 0;        // of the string, when value is a string
  std::uint32_t first_element = 0;  // arrays: element hashes are element_hashes[first, first + count)
  std::uint32_t element_count = 0;
};

class SlotTable {
 public:
  // Points every slot of `attributes` into `root`. The views stay valid until root is next modified.
  void resolve(const AttributeTable& attributes, const Json& root);
  const SlotView& operator[](std::uint32_t slot) const { return views_[slot]; }
  // Points `slot` at a value the engine derives (the user's language) instead of the profile's.
  void set(std::uint32_t slot, const Json* value);
  std::uint64_t element_hash(std::uint32_t index) const { return element_hashes_[index]; }

 private:
  std::vector<SlotView> views_;
  std::vector<std::uint64_t> element_hashes_;
};

std::uint64_t hash_text(std::string_view text) noexcept;

}  // namespace nudgekit

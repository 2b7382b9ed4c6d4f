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

class AttributeTable {
 public:
  // Returns the slot of `dotted`, adding it on first use. Slots are dense, starting at 0.
  std::uint32_t intern(std::string_view dotted);
  std::size_t size() const { return paths_.size(); }
  const PathSegments& segments(std::uint32_t slot) const { return paths_[slot]; }
  const std::string& name(std::uint32_t slot) const { return names_[slot]; }

  // Points out[i] at the value of slot i inside root (nullptr when absent). O(slots × path length).
  // The pointers stay valid until root is next modified.
  void resolve(const Json& root, std::vector<const Json*>& out) const;

 private:
  std::vector<PathSegments> paths_;
  std::vector<std::string> names_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

}  // namespace nudgekit

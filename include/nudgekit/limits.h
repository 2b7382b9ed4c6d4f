// Bounds on everything that comes from outside. Each has a default that fits real configs with room
// to spare; exceeding one is a clear error (never a crash, a hang or a stack overflow).
#pragma once

#include <cstddef>

namespace nudgekit {

struct Limits {
  // Raw JSON text accepted by load_config / validate_config.
  std::size_t max_config_bytes = 8u << 20;
  // Raw JSON text accepted by one set_properties call.
  std::size_t max_properties_bytes = 1u << 20;
  // Nesting of arrays/objects in any JSON document we parse (checked before parsing).
  std::size_t max_json_depth = 64;
  // Nesting of logical operators and sub-conditions inside one condition.
  std::size_t max_condition_depth = 32;
  // Any single string: a condition literal, a property value, a key.
  std::size_t max_string_bytes = 64u << 10;
  // A regex pattern (the matcher is linear in the input, but its tables grow with the pattern).
  std::size_t max_regex_bytes = 2048;
  // Elements of one $in / $nin / $all list.
  std::size_t max_list_items = 10000;
  std::size_t max_segments = 2000;
  // Segments of one dot path ("a.b.c" has 3).
  std::size_t max_path_segments = 16;
};

}  // namespace nudgekit

// A tagged binary form of JSON values, written by the JS facade straight from JS objects. Profiles cross
// from JS on every setProperties call; as JSON text they cost a JSON.stringify, a UTF-8 encode and a
// parse with number conversion. In this form numbers travel as their bits and strings as byte runs.
//
//   value  := tag:u8 payload                       (all integers little-endian)
//   0 null · 1 false · 2 true
//   3 int32 (4 bytes)       4 float64 (8 bytes, finite)
//   5 string: u32 byte length, UTF-8 bytes
//   6 array:  u32 count, count × value
//   7 object: u32 count, count × (u32 key byte length, UTF-8 key bytes, value)
//
// The decoder trusts nothing: lengths and counts are checked against the bytes left, UTF-8 is
// validated, depth is bounded, and a float64 that holds an integer below 1e18 becomes a JSON integer,
// exactly as the JSON text of the same number would.
#pragma once

#include <string_view>

#include "nudgekit/error.h"
#include "nudgekit/json_input.h"

namespace nudgekit {

// Decodes one value into `target`, reusing what it holds like parse_json_input_into. Errors use the
// codes of the text reader ("json.too_large", "json.too_deep", "json.parse") and name the byte offset.
bool parse_binary_input_into(std::string_view bytes, std::size_t max_bytes, std::size_t max_depth, Json& target,
                             Error& error);

}  // namespace nudgekit

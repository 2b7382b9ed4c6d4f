// Parsing JSON that came from outside (a config from a server, properties from JS) without trusting it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "nudgekit/error.h"
#include "nudgekit/limits.h"

namespace nudgekit {

using Json = nlohmann::json;

// Parses `text` as one JSON document. Rejects — with a code, the byte offset in the message and the
// pointer "" — malformed JSON (per RFC 8259: no comments, no trailing commas, no NaN), invalid UTF-8,
// lone surrogate escapes, documents nested deeper than max_depth and texts longer than max_bytes.
// The depth check runs before parsing so a 10,000-level document costs one linear scan and no stack.
std::optional<Json> parse_json_input(std::string_view text, std::size_t max_bytes, std::size_t max_depth,
                                     Error& error);

// The same, parsed into `target`, reusing the objects, strings and arrays it already holds where the
// new document has the same shape (no allocation for a profile replaced by one of the same shape).
// On failure `target` holds an unspecified partial document and should be discarded or reused.
bool parse_json_input_into(std::string_view text, std::size_t max_bytes, std::size_t max_depth, Json& target,
                           Error& error);

// Serializes for output; invalid UTF-8 (which parse_json_input never lets in) is replaced, not thrown.
std::string to_json_text(const Json& value);

}  // namespace nudgekit

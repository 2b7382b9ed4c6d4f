// Errors that name their place: every problem in a config, a condition or a property document is
// reported with a stable code, a JSON pointer (RFC 6901) to the offending value, and a readable message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nudgekit {

// One problem found in an input document.
//   code    — stable, dotted, documented in docs/errors.md (e.g. "condition.unknown_operator").
//   pointer — RFC 6901 JSON pointer to the value at fault ("" is the document root).
//   message — for people; may change between versions, unlike code and pointer.
struct Error {
  std::string code;
  std::string pointer;
  std::string message;
};

using Errors = std::vector<Error>;

// Appends one reference token to a JSON pointer, escaping '~' and '/' as RFC 6901 requires.
std::string pointer_append(std::string_view pointer, std::string_view token);
std::string pointer_append(std::string_view pointer, std::size_t index);

}  // namespace nudgekit

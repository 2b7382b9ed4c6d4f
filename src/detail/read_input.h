// The entry point shared by the readers of outside input (json_input.cpp's Reader, binary_input.cpp's
// Decoder): the size limit first, then the reader, with errors worded alike.
#pragma once

#include <string>
#include <string_view>

#include "nudgekit/error.h"
#include "nudgekit/json_input.h"

namespace nudgekit::detail {

// Reader: constructed from (input, max_depth); bool document(Json&); and after a failure error_offset,
// error_message and too_deep. `what` names the input in messages ("JSON", "binary value").
template <class Reader>
bool read_input(std::string_view input, std::string_view what, std::size_t max_bytes, std::size_t max_depth,
                Json& target, Error& error) {
  if (input.size() > max_bytes) {
    error = {"json.too_large", "",
             std::string(what) + " is " + std::to_string(input.size()) + " bytes; the limit is " +
                 std::to_string(max_bytes)};
    return false;
  }
  Reader reader(input, max_depth);
  if (reader.document(target)) return true;
  const std::string at = std::to_string(reader.error_offset);
  error = reader.too_deep ? Error{"json.too_deep", "", reader.error_message + " (at byte " + at + ")"}
                          : Error{"json.parse", "", "malformed " + std::string(what) + " at byte " + at + ": " +
                                                       reader.error_message};
  return false;
}

}  // namespace nudgekit::detail

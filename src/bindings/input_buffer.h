// The one buffer text and binary arguments come in through, shared by every binding file: JS asks
// _nk_input_buffer(n) for a pointer, encodes into HEAPU8 there and passes the byte length, which skips
// Embind's string conversion (a malloc, a copy and a free per argument).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace nudgekit::bindings {

// The first `length` bytes JS wrote (fewer if the buffer is shorter: junk lengths cannot overread).
std::string_view input_text(std::size_t length);
// Grows the buffer to at least `bytes` and returns its address, or 0 when memory ran out.
std::uintptr_t input_buffer(std::size_t bytes);

}  // namespace nudgekit::bindings

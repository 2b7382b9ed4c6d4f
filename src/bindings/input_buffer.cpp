#include "input_buffer.h"

#include <vector>

namespace nudgekit::bindings {
namespace {
std::vector<char> input;
}  // namespace

std::string_view input_text(std::size_t length) {
  return std::string_view(input.data(), length <= input.size() ? length : input.size());
}

std::uintptr_t input_buffer(std::size_t bytes) {
  try {
    // At least one byte, so that an empty text still gets a real (non-null) address.
    if (input.size() < bytes || input.empty()) input.resize(bytes > 0 ? bytes : 1);
    return reinterpret_cast<std::uintptr_t>(input.data());
  } catch (...) {
    return 0;
  }
}

}  // namespace nudgekit::bindings

#include "detail/version_order.h"

namespace nudgekit::detail {
namespace {

bool all_digits(std::string_view part) {
  if (part.empty()) return false;
  for (char c : part) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::size_t pad_version(std::string_view version, char* out, std::size_t cap) {
  // GrowthBook: input.replace(/(^v|\+.*$)/g, "") — a leading "v", and everything from the first "+".
  if (!version.empty() && version.front() == 'v') version.remove_prefix(1);
  if (const auto plus = version.find('+'); plus != std::string_view::npos) version = version.substr(0, plus);
  if (version.empty()) version = "0";

  std::size_t parts = 1;
  for (char c : version) parts += (c == '.' || c == '-') ? 1 : 0;

  std::size_t length = 0;
  auto put = [&](char c) {
    if (length < cap) out[length] = c;
    ++length;
  };
  std::size_t start = 0;
  for (std::size_t i = 0; i <= version.size(); ++i) {
    if (i < version.size() && version[i] != '.' && version[i] != '-') continue;
    const std::string_view part = version.substr(start, i - start);
    if (start != 0) put('-');
    if (all_digits(part)) {
      for (std::size_t pad = part.size(); pad < 5; ++pad) put(' ');
    }
    for (char c : part) put(c);
    start = i + 1;
  }
  if (parts == 3) {
    put('-');
    put('~');
  }
  return length <= cap ? length : cap + 1;
}

std::string pad_version(std::string_view version) {
  std::string out(version.size() * 5 + 8, '\0');
  out.resize(pad_version(version, out.data(), out.size()));
  return out;
}

}  // namespace nudgekit::detail

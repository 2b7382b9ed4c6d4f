#include "nudgekit/hash.h"

#include <string>

#include "detail/utf8.h"

namespace nudgekit {
namespace {

constexpr std::uint32_t kOffsetBasis = 0x811c9dc5u;
constexpr std::uint32_t kPrime = 0x01000193u;

}  // namespace

std::uint32_t fnv1a32(std::string_view bytes) noexcept {
  std::uint32_t h = kOffsetBasis;
  for (const unsigned char byte : bytes) {
    h ^= byte;
    h *= kPrime;
  }
  return h;
}

std::uint32_t fnv1a32_utf16(std::string_view utf8) noexcept {
  std::uint32_t h = kOffsetBasis;
  const auto mix = [&](std::uint32_t unit) {
    h ^= unit;
    h *= kPrime;
  };
  std::size_t at = 0;
  while (at < utf8.size()) {
    const std::uint32_t code_point = detail::decode_utf8(utf8, at);
    if (code_point >= 0x10000) {
      mix(0xD800 + ((code_point - 0x10000) >> 10));
      mix(0xDC00 + ((code_point - 0x10000) & 0x3FF));
    } else {
      mix(code_point);
    }
  }
  return h;
}

double growthbook_hash(std::string_view seed, std::string_view value, int version) noexcept {
  std::string joined;
  if (version == 2) {
    joined.reserve(seed.size() + value.size());
    joined.append(seed).append(value);
    const std::string inner = std::to_string(fnv1a32_utf16(joined));
    return static_cast<double>(fnv1a32_utf16(inner) % 10000u) / 10000.0;
  }
  if (version == 1) {
    joined.append(value).append(seed);
    return static_cast<double>(fnv1a32_utf16(joined) % 1000u) / 1000.0;
  }
  return -1;
}

std::vector<BucketRange> bucket_ranges(std::size_t variations, double coverage, const std::vector<double>& weights) {
  if (!(coverage >= 0)) coverage = 0;  // NaN too
  if (coverage > 1) coverage = 1;
  const std::vector<double> equal(variations, variations == 0 ? 0.0 : 1.0 / static_cast<double>(variations));
  const std::vector<double>* used = weights.size() == variations ? &weights : &equal;
  double total = 0;
  for (const double w : *used) total += w;
  if (total < 0.99 || total > 1.01) used = &equal;
  std::vector<BucketRange> ranges;
  ranges.reserve(variations);
  double cumulative = 0;
  for (const double w : *used) {
    const double start = cumulative;
    cumulative += w;
    ranges.emplace_back(start, start + coverage * w);
  }
  return ranges;
}

int choose_variation(double n, const std::vector<BucketRange>& ranges) noexcept {
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (n >= ranges[i].first && n < ranges[i].second) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace nudgekit

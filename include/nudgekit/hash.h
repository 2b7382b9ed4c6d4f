// Deterministic bucketing, bit for bit GrowthBook's, so that a team moving its experiments from
// GrowthBook keeps every user in the variant they were in.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace nudgekit {

// FNV-1a, 32 bits, over bytes (the reference algorithm; lcn2/fnv's test vectors).
std::uint32_t fnv1a32(std::string_view bytes) noexcept;

// FNV-1a as GrowthBook's JavaScript computes it: over the UTF-16 code units of the text (each unit
// XORed whole), which equals fnv1a32 for ASCII. `utf8` is decoded first; invalid bytes read as U+FFFD.
std::uint32_t fnv1a32_utf16(std::string_view utf8) noexcept;

// GrowthBook's hash(seed, value, version): version 2 is fnv(str(fnv(seed + value))) % 10000 / 10000,
// version 1 is fnv(value + seed) % 1000 / 1000. Any other version has no hash (returns -1).
double growthbook_hash(std::string_view seed, std::string_view value, int version) noexcept;

using BucketRange = std::pair<double, double>;  // [start, end)

// GrowthBook's getBucketRanges: `weights` (one per variation, summing to 1 ± 0.01, else equal weights)
// laid end to end over [0, 1), each range covering `coverage` (clamped to [0, 1]) of its weight.
std::vector<BucketRange> bucket_ranges(std::size_t variations, double coverage, const std::vector<double>& weights);

// GrowthBook's chooseVariation: the index of the range holding n, or -1.
int choose_variation(double n, const std::vector<BucketRange>& ranges) noexcept;

}  // namespace nudgekit

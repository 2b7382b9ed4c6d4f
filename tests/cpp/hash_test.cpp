// Bucketing must reproduce GrowthBook's numbers exactly. The expectations were computed by running
// GrowthBook's published JavaScript algorithm (fnv over UTF-16 code units) in Node; the byte-level FNV
// values are the reference ones from the FNV authors' test vectors.
#include <gtest/gtest.h>

#include "nudgekit/hash.h"

namespace nudgekit {
namespace {

TEST(Fnv1a32, ReferenceVectors) {
  EXPECT_EQ(fnv1a32(""), 0x811c9dc5u);
  EXPECT_EQ(fnv1a32("a"), 0xe40c292cu);
  EXPECT_EQ(fnv1a32("foobar"), 0xbf9cf968u);
}

TEST(Fnv1a32, GrowthBookHashesUtf16CodeUnitsNotBytes) {
  EXPECT_EQ(fnv1a32_utf16("foobar"), fnv1a32("foobar"));
  EXPECT_EQ(fnv1a32_utf16("कविता"), 0xfbffee36u);
  EXPECT_NE(fnv1a32("कविता"), 0xfbffee36u);
}

TEST(GrowthBookHash, MatchesItsJavaScript) {
  EXPECT_DOUBLE_EQ(growthbook_hash("", "a", 1), 0.22);
  EXPECT_DOUBLE_EQ(growthbook_hash("kyc_rescue", "user-42", 2), 0.5037);
  EXPECT_DOUBLE_EQ(growthbook_hash("salt", "कविता", 2), 0.3354);
  EXPECT_DOUBLE_EQ(growthbook_hash("", "😀", 2), 0.4971);  // a surrogate pair in JavaScript
  EXPECT_DOUBLE_EQ(growthbook_hash("x", "ünïcödé", 1), 0.002);
  EXPECT_DOUBLE_EQ(growthbook_hash("campaign", "", 2), 0.7167);
  EXPECT_EQ(growthbook_hash("a", "b", 3), -1);
}

TEST(BucketRanges, WeightsCoverageAndFallbacks) {
  using Ranges = std::vector<BucketRange>;
  EXPECT_EQ(bucket_ranges(2, 1, {}), (Ranges{{0, 0.5}, {0.5, 1}}));
  EXPECT_EQ(bucket_ranges(2, 0.5, {}), (Ranges{{0, 0.25}, {0.5, 0.75}}));
  EXPECT_EQ(bucket_ranges(3, 1, {0.2, 0.3, 0.5}), (Ranges{{0, 0.2}, {0.2, 0.5}, {0.5, 1}}));
  EXPECT_EQ(bucket_ranges(2, 1, {0.7, 0.7}), (Ranges{{0, 0.5}, {0.5, 1}}));  // not summing to 1
  EXPECT_EQ(bucket_ranges(2, 1, {1.0}), (Ranges{{0, 0.5}, {0.5, 1}}));       // wrong count
  EXPECT_EQ(bucket_ranges(2, -1, {}), (Ranges{{0, 0}, {0.5, 0.5}}));
  EXPECT_EQ(bucket_ranges(2, 7, {}), (Ranges{{0, 0.5}, {0.5, 1}}));
}

TEST(ChooseVariation, HalfOpenRanges) {
  const std::vector<BucketRange> ranges = {{0, 0.25}, {0.5, 0.75}};
  EXPECT_EQ(choose_variation(0, ranges), 0);
  EXPECT_EQ(choose_variation(0.25, ranges), -1);
  EXPECT_EQ(choose_variation(0.5, ranges), 1);
  EXPECT_EQ(choose_variation(0.99, ranges), -1);
}

}  // namespace
}  // namespace nudgekit

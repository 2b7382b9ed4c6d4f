// Embind glue for GrowthBook's bucketing hash (web/src/bucketing.mts), so a team moving from GrowthBook
// can check that nudgekit places its users where GrowthBook did. Total: never throws into JS.
#include <emscripten/bind.h>

#include <string>

#include "nudgekit/hash.h"

namespace {

// GrowthBook's hash of seed + value for version 1 or 2 in [0, 1); -1 for any other version.
double growthbook_hash(const std::string& seed, const std::string& value, int version) {
  return nudgekit::growthbook_hash(seed, value, version);
}

}  // namespace

EMSCRIPTEN_BINDINGS(nudgekit_bucketing) {
  emscripten::function("growthbookHash", &growthbook_hash);
}

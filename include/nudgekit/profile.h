// The user's properties, kept on the device. Set by the app; read by conditions through attribute slots.
#pragma once

#include "nudgekit/error.h"
#include "nudgekit/json_input.h"
#include "nudgekit/limits.h"

namespace nudgekit {

class Profile {
 public:
  // Merges `patch` into the properties, or replaces them all when `replace` is set. Keys are dot paths
  // at every level ({"geo.country": "IN"} and {"geo": {"country": "IN"}} set the same property); objects
  // merge key by key, everything else (arrays included) replaces what was there; null is stored as null.
  // The patch is validated whole first: on error nothing changes and `error` names the place.
  bool set(Json&& patch, bool replace, const Limits& limits, Error& error);

  // Replaces the properties with `candidate` after validating it like set(). On success the previous
  // properties are left in `candidate`, so the caller can parse the next document into their storage.
  bool replace_with(Json& candidate, const Limits& limits, Error& error);

  // Removes the properties at the given dot paths (a JSON array of strings). Absent paths are ignored.
  bool unset(const Json& paths, Error& error);

  const Json& properties() const { return properties_; }

 private:
  Json properties_ = Json::object();
};

}  // namespace nudgekit

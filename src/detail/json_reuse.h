// Shared by the readers that decode into a previous document's storage (json_input.cpp, binary_input.cpp).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "nudgekit/json_input.h"

namespace nudgekit::detail {

// Removes the entries of a reused object that the new document did not mention. `seen` is a stack of
// the keys written per open object; this object's slice starts at first_seen and is popped. Entries are
// told apart by the address of their key (map nodes do not move), so no string is compared.
inline void drop_unseen_members(Json::object_t& members, std::vector<const std::string*>& seen,
                                std::size_t first_seen) {
  const auto begin = seen.begin() + static_cast<std::ptrdiff_t>(first_seen);
  std::sort(begin, seen.end());
  const auto distinct = static_cast<std::size_t>(std::unique(begin, seen.end()) - begin);
  if (distinct != members.size()) {
    for (auto it = members.begin(); it != members.end();) {
      it = std::binary_search(begin, begin + static_cast<std::ptrdiff_t>(distinct), &it->first) ? std::next(it)
                                                                                                 : members.erase(it);
    }
  }
  seen.resize(first_seen);
}

}  // namespace nudgekit::detail

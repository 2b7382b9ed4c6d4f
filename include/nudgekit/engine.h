// The facade the bindings call: one user's engine. It owns the last good config, the profile, and the
// scratch buffers the JS layer writes into, and every operation either succeeds whole or changes nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nudgekit/config.h"
#include "nudgekit/error.h"
#include "nudgekit/limits.h"
#include "nudgekit/profile.h"

namespace nudgekit {

struct LoadResult {
  bool ok = false;
  Errors errors;
};

struct EvaluateResult {
  bool ok = false;
  bool value = false;
  Errors errors;
};

class Engine {
 public:
  explicit Engine(Limits limits = {});

  // --- config -----------------------------------------------------------------------------------
  // Parses and compiles a config document. On success it replaces the current config; on failure the
  // previous config stays in force and every error found is returned.
  LoadResult load_config(std::string_view json_text);
  // The same checks, changing nothing.
  static LoadResult validate_config(std::string_view json_text, const Limits& limits = {});
  const std::vector<std::string>& segment_names() const { return config_->segment_names; }

  // --- profile ----------------------------------------------------------------------------------
  // See Profile::set for the merge rules. On failure the profile is unchanged.
  bool set_properties(std::string_view json_text, bool replace, Error& error);
  // The same from the binary form of binary_input.h (what the JS facade sends).
  bool set_properties_binary(std::string_view bytes, bool replace, Error& error);
  bool unset_properties(std::string_view json_paths, Error& error);
  std::string properties_json() const { return to_json_text(profile_.properties()); }

  // --- queries ----------------------------------------------------------------------------------
  // Indices (into segment_names()) of every segment the user is in, ascending. Evaluates all segments
  // of the current config against the current profile; allocates nothing once warmed up.
  const std::vector<std::uint32_t>& evaluate_segments();
  // The result of the last evaluate_segments call (stable storage the bindings hand to JS).
  const std::vector<std::uint32_t>& evaluate_segments_result() const { return matched_; }
  // Evaluates an ad-hoc condition (JSON text) against the current profile, in the config's dialect or
  // the one given.
  EvaluateResult evaluate(std::string_view condition_json, const Dialect* dialect = nullptr) const;

 private:
  using PropertiesDecoder = bool (*)(std::string_view, std::size_t, std::size_t, Json&, Error&);
  bool apply_properties(std::string_view input, bool replace, PropertiesDecoder decode, Error& error);
  void resolve_slots();

  Limits limits_;
  std::shared_ptr<const CompiledConfig> config_;
  Profile profile_;
  Json scratch_;  // the previous profile's storage, reused by the next replacing set_properties
  SlotTable slots_;
  LeafMemo memo_;
  std::vector<std::uint32_t> matched_;
};

}  // namespace nudgekit

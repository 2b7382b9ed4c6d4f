#include "nudgekit/engine.h"

#include "nudgekit/binary_input.h"

#include "detail/cold.h"

namespace nudgekit {

Engine::Engine(Limits limits)
    : limits_(limits), config_(std::make_shared<CompiledConfig>()), events_(std::make_unique<EventStore>()) {
  funnel_steps_.reserve(16);  // a funnel has at most 16 steps: evaluation never allocates for them
}

NK_COLD_CODE_BEGIN
namespace {

// Parses and compiles config text; nullptr with result.errors filled when either step fails.
std::shared_ptr<const CompiledConfig> compile_text(std::string_view json_text, const Limits& limits, LoadResult& result) {
  Error error;
  const auto doc = parse_json_input(json_text, limits.max_config_bytes, limits.max_json_depth, error);
  if (!doc) {
    result.errors.push_back(std::move(error));
    return nullptr;
  }
  return compile_config(*doc, limits, result.errors);
}

}  // namespace

LoadResult Engine::validate_config(std::string_view json_text, const Limits& limits) {
  LoadResult result;
  result.ok = compile_text(json_text, limits, result) != nullptr;
  return result;
}

LoadResult Engine::load_config(std::string_view json_text) {
  LoadResult result;
  auto compiled = compile_text(json_text, limits_, result);
  if (!compiled) return result;
  // Swap in only after everything that can fail has succeeded.
  matched_.reserve(compiled->segment_conditions.size());
  config_ = std::move(compiled);
  adopt_config();
  result.ok = true;
  return result;
}

NK_COLD_CODE_END

bool Engine::set_properties(std::string_view json_text, bool replace, Error& error) {
  return apply_properties(json_text, replace, parse_json_input_into, error);
}

bool Engine::set_properties_binary(std::string_view bytes, bool replace, Error& error) {
  return apply_properties(bytes, replace, parse_binary_input_into, error);
}

bool Engine::apply_properties(std::string_view input, bool replace, PropertiesDecoder decode, Error& error) {
  const auto decoded = [&](Json& into) {
    if (decode(input, limits_.max_properties_bytes, limits_.max_json_depth, into, error)) return true;
    if (error.code == "json.too_large") error.code = "properties.too_large";
    return false;
  };
  if (replace) {
    if (!decoded(scratch_) || !profile_.replace_with(scratch_, limits_, error)) return false;
  } else {
    Json patch;
    if (!decoded(patch) || !profile_.set(std::move(patch), replace, limits_, error)) return false;
  }
  resolve_slots();
  mark_stale(config_->profile_segments);
  return true;
}

bool Engine::unset_properties(std::string_view json_paths, Error& error) {
  const auto paths = parse_json_input(json_paths, limits_.max_properties_bytes, limits_.max_json_depth, error);
  if (!paths || !profile_.unset(*paths, error)) return false;
  resolve_slots();
  mark_stale(config_->profile_segments);
  return true;
}

void Engine::resolve_slots() {
  language_cache_.valid = false;  // the profile or the config changed
  slots_.resolve(config_->attributes, profile_.properties());
  if (config_->language_slot == AttributeTable::kRoot) return;
  content_language_chain();
  const std::string& tag = language_cache_.decision.tag;
  language_value_ = tag.empty() ? Json(nullptr) : Json(tag);
  slots_.set(config_->language_slot, language_value_.is_null() ? nullptr : &language_value_);
}

EvaluateResult Engine::evaluate(std::string_view condition_json, const Dialect* dialect) const {
  EvaluateResult result;
  Error error;
  const auto doc = parse_json_input(condition_json, limits_.max_config_bytes, limits_.max_json_depth, error);
  if (!doc) {
    result.errors.push_back(std::move(error));
    return result;
  }
  ConditionOptions options;
  options.dialect = dialect != nullptr ? *dialect : config_->dialect;
  options.limits = limits_;
  options.saved_groups = &config_->saved_groups;
  // An ad-hoc condition may test behaviour too: its event names map to the store's ids here.
  EventNames event_names;
  options.event_names = &event_names;
  options.segment_names = &config_->segment_names;
  AttributeTable attributes;
  const Condition condition = Condition::compile(*doc, "", attributes, options, result.errors);
  if (!result.errors.empty()) return result;
  SlotTable slots;
  slots.resolve(attributes, profile_.properties());
  // `language` is the decided tag here as in segments, whether or not the config's segments read it.
  Json language;
  if (const std::uint32_t slot = attributes.find("language"); slot != AttributeTable::kRoot) {
    content_language_chain();
    if (!language_cache_.decision.tag.empty()) language = language_cache_.decision.tag;
    slots.set(slot, language.is_null() ? nullptr : &language);
  }
  std::vector<std::uint32_t> event_ids;
  for (std::uint32_t i = 0; i < event_names.size(); ++i) {
    event_ids.push_back(events_->name_id(event_names.name(i)).value_or(EventStore::kNoName));
  }
  std::vector<std::uint32_t> funnel_steps;
  funnel_steps.reserve(16);
  BehaviourContext context{events_.get(), &event_ids, clock_.now_ms, clock_.utc_offset_minutes, &membership_,
                           nullptr, &funnel_steps};
  result.ok = true;
  result.value = condition.evaluate(slots, nullptr, &context);
  return result;
}

}  // namespace nudgekit

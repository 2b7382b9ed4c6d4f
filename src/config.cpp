#include "nudgekit/config.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "detail/cold.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

constexpr std::array<std::string_view, 14> kTopLevelKeys = {"version",  "dialect",  "savedGroups", "events",   "scores",
                                                            "segments", "languages", "content",   "rewards",  "fatigue",
                                                            "campaigns", "channels", "reactions", "sends"};

bool valid_segment_name(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  const auto first = static_cast<unsigned char>(name[0]);
  if (!(std::isalpha(first) || first == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == '-' || c == '.' || c == ':';
  });
}

void read_saved_groups(const Json& doc, CompiledConfig& config, const Limits& limits, Errors& errors) {
  const auto found = doc.find("savedGroups");
  if (found == doc.end()) return;
  if (!found->is_object()) {
    errors.push_back({"config.invalid_type", "/savedGroups", "savedGroups must be an object of id → array of values"});
    return;
  }
  for (const auto& item : found->items()) {
    const std::string ptr = pointer_append("/savedGroups", item.key());
    if (!item.value().is_array()) {
      errors.push_back({"config.invalid_type", ptr, "a saved group must be an array of values"});
    } else if (item.value().size() > limits.max_list_items) {
      errors.push_back({"config.too_large", ptr, "a saved group may list at most " + std::to_string(limits.max_list_items) + " values"});
    } else {
      config.saved_groups.emplace(item.key(), item.value().get<std::vector<Json>>());
    }
  }
}

bool whole_number(const Json& j, std::int64_t low, std::int64_t high, std::int64_t& out) {
  if (!j.is_number_integer() && !j.is_number_unsigned()) return false;
  if (j.is_number_unsigned() && j.get<std::uint64_t>() > static_cast<std::uint64_t>(high)) return false;
  out = j.get<std::int64_t>();
  return out >= low && out <= high;
}

void read_event_settings(const Json& doc, CompiledConfig& config, Errors& errors) {
  const auto found = doc.find("events");
  if (found == doc.end()) return;
  if (!found->is_object()) {
    errors.push_back({"config.invalid_type", "/events", "events must be an object: {\"maxRawEvents\", \"horizonDays\", \"sum\"}"});
    return;
  }
  for (const auto& item : found->items()) {
    const std::string ptr = pointer_append("/events", item.key());
    std::int64_t number = 0;
    if (item.key() == "maxRawEvents") {
      if (whole_number(item.value(), 10, 100000, number)) {
        config.events.max_raw_events = static_cast<std::size_t>(number);
      } else {
        errors.push_back({"config.invalid_value", ptr, "maxRawEvents is a whole number from 10 to 100000"});
      }
    } else if (item.key() == "horizonDays") {
      if (whole_number(item.value(), 1, 3660, number)) {
        config.events.horizon_days = static_cast<std::int32_t>(number);
      } else {
        errors.push_back({"config.invalid_value", ptr, "horizonDays is a whole number from 1 to 3660"});
      }
    } else if (item.key() == "sum") {
      if (!item.value().is_object()) {
        errors.push_back({"config.invalid_type", ptr, "sum maps an event name to the numeric property it sums"});
        continue;
      }
      for (const auto& sum : item.value().items()) {
        if (!sum.value().is_string() || sum.value().get_ref<const std::string&>().empty()) {
          errors.push_back({"config.invalid_value", pointer_append(ptr, sum.key()), "the property to sum, e.g. \"amount\""});
        } else {
          config.events.sums.emplace_back(sum.key(), sum.value().get<std::string>());
        }
      }
    } else {
      errors.push_back({"config.unknown_key", ptr, "events has no key \"" + item.key() + "\" (maxRawEvents, horizonDays, sum)"});
    }
  }
}

// Orders segments so that each comes after the segments it reads through $segment, and reports each
// cycle once, at the first segment found on it, naming the whole loop.
void order_segments(CompiledConfig& config, Errors& errors) {
  const std::size_t count = config.segment_conditions.size();
  enum : std::uint8_t { kUnvisited, kOnPath, kDone };
  std::vector<std::uint8_t> state(count, kUnvisited);
  std::vector<std::uint32_t> path;
  // Iterative depth-first search: a chain of 2,000 segments must not recurse 2,000 deep.
  std::vector<std::pair<std::uint32_t, std::size_t>> stack;
  for (std::uint32_t start = 0; start < count; ++start) {
    if (state[start] != kUnvisited) continue;
    stack.push_back({start, 0});
    state[start] = kOnPath;
    path.push_back(start);
    while (!stack.empty()) {
      auto& [segment, next] = stack.back();
      const auto& reads = config.segment_conditions[segment].dependencies().segments;
      if (next == reads.size()) {
        state[segment] = kDone;
        config.segment_order.push_back(segment);
        path.pop_back();
        stack.pop_back();
        continue;
      }
      const std::uint32_t target = reads[next++];
      if (state[target] == kUnvisited) {
        state[target] = kOnPath;
        path.push_back(target);
        stack.push_back({target, 0});
      } else if (state[target] == kOnPath) {
        std::string loop;
        for (auto it = std::find(path.begin(), path.end(), target); it != path.end(); ++it) {
          loop += config.segment_names[*it] + " → ";
        }
        loop += config.segment_names[target];
        errors.push_back({"config.segment_cycle", pointer_append("/segments", config.segment_names[segment]),
                          "segments depend on each other in a loop: " + loop});
      }
    }
  }
}

void index_dependencies(CompiledConfig& config) {
  config.order_position.assign(config.segment_conditions.size(), 0);
  for (std::uint32_t i = 0; i < config.segment_order.size(); ++i) config.order_position[config.segment_order[i]] = i;
  config.segments_by_event.assign(config.event_names.size(), {});
  config.readers.assign(config.segment_conditions.size(), {});
  for (std::uint32_t i = 0; i < config.segment_conditions.size(); ++i) {
    const Dependencies& reads = config.segment_conditions[i].dependencies();
    for (std::uint32_t event : reads.events) config.segments_by_event[event].push_back(i);
    for (std::uint32_t segment : reads.segments) config.readers[segment].push_back(i);
    if (reads.profile) config.profile_segments.push_back(i);
    if (reads.time) config.time_segments.push_back(i);
    if (reads.scores) config.score_segments.push_back(i);
  }
}

// The catalog, its games and the campaigns' references into it. Items must have a variant in the
// config's default language, so that every user gets something.
void compile_content(const Json& doc, CompiledConfig& config, Errors& errors) {
  const std::size_t errors_before = errors.size();
  compile_languages(doc, config.languages, errors);
  if (errors.size() != errors_before) return;
  ContentOptions options;
  options.default_language = config.languages.default_language;
  config.content = ContentCatalog::compile(doc, options, errors);
  if (config.content == nullptr) return;
  config.supported_languages = config.languages.supported;
  if (config.supported_languages.empty()) {
    for (const ContentItem& item : config.content->items()) {
      for (const ContentVariant& variant : item.variants) {
        if (std::find(config.supported_languages.begin(), config.supported_languages.end(), variant.language) ==
            config.supported_languages.end()) {
          config.supported_languages.push_back(variant.language);
        }
      }
    }
  }
  compile_games(doc, config.content.get(), config.event_names, config.games, errors);
  check_campaign_content(config.campaigns, *config.content, errors);
}

}  // namespace

std::shared_ptr<const CompiledConfig> compile_config(const Json& doc, const Limits& limits, Errors& errors) {
  const std::size_t errors_before = errors.size();
  if (!doc.is_object()) {
    errors.push_back({"config.not_object", "", "a config must be a JSON object, got " + std::string(doc.type_name())});
    return nullptr;
  }
  auto config = std::make_shared<CompiledConfig>();

  const auto version = doc.find("version");
  if (version == doc.end()) {
    errors.push_back({"config.missing_key", "/version", "\"version\": 1 is required"});
  } else if (!version->is_number_integer() || version->get<std::int64_t>() != kConfigVersion) {
    errors.push_back({"config.unsupported_version", "/version",
                      "this engine reads config version " + std::to_string(kConfigVersion) + ", got " + version->dump()});
  }
  for (const auto& item : doc.items()) {
    if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), item.key()) == kTopLevelKeys.end()) {
      errors.push_back({"config.unknown_key", pointer_append("", item.key()), "unknown top-level key \"" + item.key() + "\""});
    }
  }
  if (const auto dialect = doc.find("dialect"); dialect != doc.end()) {
    if (!dialect->is_string() || !parse_dialect(dialect->get_ref<const std::string&>(), config->dialect)) {
      errors.push_back({"config.invalid_value", "/dialect", "dialect is \"nudgekit\" (default) or \"growthbook\""});
    }
  }
  read_saved_groups(doc, *config, limits, errors);
  read_event_settings(doc, *config, errors);

  const auto segments = doc.find("segments");
  if (segments != doc.end() && !segments->is_object()) {
    errors.push_back({"config.invalid_type", "/segments", "segments must be an object of name → condition"});
  } else if (segments != doc.end()) {
    if (segments->size() > limits.max_segments) {
      errors.push_back({"config.too_many_segments", "/segments",
                        std::to_string(segments->size()) + " segments; the limit is " + std::to_string(limits.max_segments)});
      return nullptr;
    }
    // Names first: a segment may read any other through $segment, including ones after it.
    for (const auto& item : segments->items()) {
      if (valid_segment_name(item.key())) {
        config->segment_names.push_back(item.key());
      } else {
        errors.push_back({"config.invalid_segment_name", pointer_append("/segments", item.key()),
                          "segment names start with a letter or _ and use letters, digits, _ - . : (at most 128)"});
      }
    }
    ConditionOptions options;
    options.dialect = config->dialect;
    options.limits = limits;
    options.saved_groups = &config->saved_groups;
    options.shared_leaves = &config->leaves;
    options.event_names = &config->event_names;
    options.segment_names = &config->segment_names;
    options.allow_scores = true;
    for (const std::string& name : config->segment_names) {
      config->segment_conditions.push_back(
          Condition::compile(segments->at(name), pointer_append("/segments", name), config->attributes, options, errors));
    }
    if (errors.size() == errors_before) order_segments(*config, errors);
    index_dependencies(*config);
  }
  ConditionOptions score_options;
  score_options.dialect = config->dialect;
  score_options.limits = limits;
  score_options.saved_groups = &config->saved_groups;
  score_options.event_names = &config->event_names;
  compile_scores(doc, score_options, config->attributes, config->scores, errors);
  ConditionOptions campaign_options = score_options;
  campaign_options.segment_names = &config->segment_names;
  campaign_options.allow_scores = true;
  compile_campaigns(doc, campaign_options, config->attributes, config->campaigns, errors);
  ConditionOptions channel_options = score_options;  // reachability reads the profile only
  channel_options.allow_scores = false;
  compile_channels(doc, channel_options, config->attributes, config->channels, errors);
  check_campaign_channels(config->campaigns, config->channels, errors);
  compile_content(doc, *config, errors);
  config->language_slot = config->attributes.find("language");
  if (config->event_names.size() > config->segments_by_event.size()) {
    config->segments_by_event.resize(config->event_names.size());  // events only scores or campaigns read
  }
  if (errors.size() != errors_before) return nullptr;
  return config;
}

NK_COLD_CODE_END
}  // namespace nudgekit

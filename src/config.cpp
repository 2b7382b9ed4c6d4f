#include "nudgekit/config.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "detail/cold.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

constexpr std::array<std::string_view, 4> kTopLevelKeys = {"version", "dialect", "savedGroups", "segments"};

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

  const auto segments = doc.find("segments");
  if (segments != doc.end() && !segments->is_object()) {
    errors.push_back({"config.invalid_type", "/segments", "segments must be an object of name → condition"});
  } else if (segments != doc.end()) {
    if (segments->size() > limits.max_segments) {
      errors.push_back({"config.too_many_segments", "/segments",
                        std::to_string(segments->size()) + " segments; the limit is " + std::to_string(limits.max_segments)});
      return nullptr;
    }
    ConditionOptions options;
    options.dialect = config->dialect;
    options.limits = limits;
    options.saved_groups = &config->saved_groups;
    options.shared_leaves = &config->leaves;
    for (const auto& item : segments->items()) {
      const std::string ptr = pointer_append("/segments", item.key());
      if (!valid_segment_name(item.key())) {
        errors.push_back({"config.invalid_segment_name", ptr,
                          "segment names start with a letter or _ and use letters, digits, _ - . : (at most 128)"});
        continue;
      }
      config->segment_names.push_back(item.key());
      config->segment_conditions.push_back(Condition::compile(item.value(), ptr, config->attributes, options, errors));
    }
  }
  if (errors.size() != errors_before) return nullptr;
  return config;
}

NK_COLD_CODE_END
}  // namespace nudgekit

// Reads the "scores" section of a config (see nudgekit/scores.h), every mistake named by its pointer.
#include <algorithm>
#include <cmath>

#include "detail/cold.h"
#include "detail/section_reader.h"
#include "nudgekit/duration.h"
#include "nudgekit/event_store.h"
#include "nudgekit/scores.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

class ScoresCompiler : detail::SectionReader {
 public:
  ScoresCompiler(const ConditionOptions& options, AttributeTable& attributes, Errors& errors)
      : SectionReader(errors), options_(options), attributes_(attributes), errors_(errors) {}

  void compile(const Json& scores, ScoresConfig& out) {
    if (!scores.is_object()) return fail("/scores", "scores must be an object with \"rfm\", \"lead\" and/or \"lifecycle\"");
    for (const auto& item : scores.items()) {
      const std::string ptr = pointer_append("/scores", item.key());
      if (item.key() == "rfm") {
        out.rfm.emplace();
        rfm(item.value(), ptr, *out.rfm);
      } else if (item.key() == "lead") {
        out.lead.emplace();
        lead(item.value(), ptr, *out.lead);
      } else if (item.key() == "lifecycle") {
        out.lifecycle.emplace();
        lifecycle(item.value(), ptr, *out.lifecycle);
      } else {
        errors_.push_back({"config.unknown_key", ptr, "scores has no \"" + item.key() + "\" (rfm, lead, lifecycle)"});
      }
    }
  }

 private:
  bool event(const Json& j, const std::string& ptr, std::uint32_t& out) {
    return SectionReader::event(j, ptr, *options_.event_names, out);
  }

  void thresholds(const Json& rfm, const std::string& ptr, const char* key, double (&out)[4]) {
    const Json* list = required(rfm, ptr, key);
    if (list == nullptr) return;
    const std::string list_ptr = pointer_append(ptr, key);
    if (!list->is_array() || list->size() != 4) return fail(list_ptr, "4 ascending thresholds, e.g. [7, 30, 90, 180]");
    for (std::size_t i = 0; i < 4; ++i) {
      if (!number((*list)[i], pointer_append(list_ptr, i), out[i], 0)) return;
      if (i > 0 && out[i] <= out[i - 1]) return fail(pointer_append(list_ptr, i), "thresholds must ascend strictly");
    }
  }

  Condition condition(const Json& j, const std::string& ptr, AttributeTable& attributes, const ConditionOptions& options) {
    return Condition::compile(j, ptr, attributes, options, errors_);
  }

  // Conditions over a document of the scores' own ({r, f, m}, an event's props): nothing behavioural.
  ConditionOptions plain_options() const {
    ConditionOptions plain;
    plain.limits = options_.limits;
    return plain;
  }

  void rfm(const Json& j, const std::string& ptr, ScoresConfig::Rfm& out) {
    if (!keys(j, ptr, {"event", "within", "recency", "frequency", "monetary", "cells"})) return;
    if (const Json* name = required(j, ptr, "event")) event(*name, pointer_append(ptr, "event"), out.event);
    if (const Json* within = required(j, ptr, "within")) duration(*within, pointer_append(ptr, "within"), out.window_ms, "365d");
    thresholds(j, ptr, "recency", out.recency);
    thresholds(j, ptr, "frequency", out.frequency);
    thresholds(j, ptr, "monetary", out.monetary);
    const auto cells = j.find("cells");
    if (cells == j.end()) return;
    const std::string cells_ptr = pointer_append(ptr, "cells");
    if (!cells->is_array()) return fail(cells_ptr, "cells is an array of {\"name\", \"when\"}", "config.invalid_type");
    for (std::size_t i = 0; i < cells->size(); ++i) {
      const std::string cell_ptr = pointer_append(cells_ptr, i);
      const Json& cell = (*cells)[i];
      if (!keys(cell, cell_ptr, {"name", "when"})) continue;
      const Json* name = required(cell, cell_ptr, "name");
      const Json* when = required(cell, cell_ptr, "when");
      if (name == nullptr || when == nullptr) continue;
      if (!name->is_string() || name->get_ref<const std::string&>().empty()) {
        fail(pointer_append(cell_ptr, "name"), "a cell's name is a non-empty string");
        continue;
      }
      out.cell_names.push_back(name->get<std::string>());
      out.cells.push_back(condition(*when, pointer_append(cell_ptr, "when"), out.cell_attributes, plain_options()));
    }
  }

  void lead(const Json& j, const std::string& ptr, ScoresConfig::Lead& out) {
    if (!keys(j, ptr, {"halfLife", "rules", "grades"})) return;
    if (const Json* half_life = optional(j, "halfLife")) duration(*half_life, pointer_append(ptr, "halfLife"), out.half_life_ms, "14d");
    const Json* rules = required(j, ptr, "rules");
    const std::string rules_ptr = pointer_append(ptr, "rules");
    if (rules != nullptr && !rules->is_array()) fail(rules_ptr, "rules is an array", "config.invalid_type");
    for (std::size_t i = 0; rules != nullptr && rules->is_array() && i < rules->size(); ++i) {
      rule((*rules)[i], pointer_append(rules_ptr, i), out);
    }
    const Json* grades = required(j, ptr, "grades");
    const std::string grades_ptr = pointer_append(ptr, "grades");
    if (grades != nullptr && (!grades->is_array() || grades->empty())) {
      fail(grades_ptr, "grades is a non-empty array of {\"name\", \"min\"}", "config.invalid_type");
    }
    for (std::size_t i = 0; grades != nullptr && grades->is_array() && i < grades->size(); ++i) {
      const std::string grade_ptr = pointer_append(grades_ptr, i);
      const Json& grade = (*grades)[i];
      if (!keys(grade, grade_ptr, {"name", "min"})) continue;
      const Json* name = required(grade, grade_ptr, "name");
      const Json* min = required(grade, grade_ptr, "min");
      double value = 0;
      if (name == nullptr || min == nullptr || !number(*min, pointer_append(grade_ptr, "min"), value, -1e300)) continue;
      if (!name->is_string() || name->get_ref<const std::string&>().empty()) {
        fail(pointer_append(grade_ptr, "name"), "a grade's name is a non-empty string");
        continue;
      }
      out.grades.emplace_back(name->get<std::string>(), value);
    }
    std::stable_sort(out.grades.begin(), out.grades.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  }

  void rule(const Json& j, const std::string& ptr, ScoresConfig::Lead& lead) {
    if (!keys(j, ptr, {"id", "event", "where", "when", "points", "maxPerDay", "max"})) return;
    ScoresConfig::LeadRule rule;
    const Json* id = required(j, ptr, "id");
    if (id != nullptr && (!id->is_string() || id->get_ref<const std::string&>().empty())) {
      fail(pointer_append(ptr, "id"), "a rule's id is a non-empty string");
    } else if (id != nullptr) {
      rule.id = id->get<std::string>();
      for (const auto& other : lead.rules) {
        if (other.id == rule.id) fail(pointer_append(ptr, "id"), "another rule already has the id \"" + rule.id + "\"");
      }
    }
    const bool on_event = j.contains("event");
    if (on_event == j.contains("when")) {
      return fail(ptr, "a rule has either \"event\" (points per event) or \"when\" (points while it holds)", "config.missing_key");
    }
    if (const Json* points = required(j, ptr, "points")) number(*points, pointer_append(ptr, "points"), rule.points, -1e300);
    rule.on_event = on_event;
    if (on_event) {
      event(j.at("event"), pointer_append(ptr, "event"), rule.event);
      if (const auto where = j.find("where"); where != j.end()) {
        rule.has_where = true;
        rule.where = condition(*where, pointer_append(ptr, "where"), rule.where_attributes, plain_options());
      }
      if (const auto cap = j.find("maxPerDay"); cap != j.end()) number(*cap, pointer_append(ptr, "maxPerDay"), rule.max_per_day, 0);
      if (const auto cap = j.find("max"); cap != j.end()) number(*cap, pointer_append(ptr, "max"), rule.max_total, 0);
    } else {
      for (const char* key : {"where", "maxPerDay", "max"}) {
        if (j.contains(key)) fail(pointer_append(ptr, key), std::string("\"") + key + "\" applies to event rules", "config.unknown_key");
      }
      rule.when = condition(j.at("when"), pointer_append(ptr, "when"), attributes_, options_);
    }
    lead.rules.push_back(std::move(rule));
  }

  void lifecycle(const Json& j, const std::string& ptr, ScoresConfig::Lifecycle& out) {
    if (!keys(j, ptr, {"stages"})) return;
    const Json* stages = required(j, ptr, "stages");
    const std::string stages_ptr = pointer_append(ptr, "stages");
    if (stages == nullptr) return;
    if (!stages->is_array() || stages->empty()) return fail(stages_ptr, "stages is a non-empty array of {\"name\", \"when\"}", "config.invalid_type");
    for (std::size_t i = 0; i < stages->size(); ++i) {
      const std::string stage_ptr = pointer_append(stages_ptr, i);
      const Json& stage = (*stages)[i];
      if (!keys(stage, stage_ptr, {"name", "when"})) continue;
      const Json* name = required(stage, stage_ptr, "name");
      const Json* when = required(stage, stage_ptr, "when");
      if (name == nullptr || when == nullptr) continue;
      if (!name->is_string() || name->get_ref<const std::string&>().empty() ||
          std::find(out.stages.begin(), out.stages.end(), name->get<std::string>()) != out.stages.end()) {
        fail(pointer_append(stage_ptr, "name"), "a stage's name is a non-empty string, different from the others'");
        continue;
      }
      out.stages.push_back(name->get<std::string>());
      out.when.push_back(condition(*when, pointer_append(stage_ptr, "when"), attributes_, options_));
    }
  }

  const ConditionOptions& options_;
  AttributeTable& attributes_;
  Errors& errors_;
};

}  // namespace

void compile_scores(const Json& doc, const ConditionOptions& options, AttributeTable& attributes, ScoresConfig& out,
                    Errors& errors) {
  const auto scores = doc.find("scores");
  if (scores == doc.end()) return;
  ConditionOptions own = options;
  own.allow_scores = false;       // scores cannot read scores
  own.segment_names = nullptr;    // segments read scores, so scores cannot read segments
  own.shared_leaves = nullptr;
  ScoresCompiler(own, attributes, errors).compile(*scores, out);
}

NK_COLD_CODE_END
}  // namespace nudgekit

// Scores the device keeps about its user: RFM (recency, frequency, monetary value of one event, each
// scored 1–5 against thresholds shipped in the config, and named cells), a lead score (points per
// event or attribute rule, capped, decaying with a half-life, graded), and a lifecycle stage.
//
// Config, under "scores" (each part optional):
//   "rfm": {"event": "purchase", "within": "365d", "recency": [7, 30, 90, 180], "frequency": [2, 4, 8, 16],
//           "monetary": [500, 2000, 10000, 50000],
//           "cells": [{"name": "champions", "when": {"r": {"$gte": 4}, "f": {"$gte": 4}}}, …]}
//     r: days since the last event in the window: ≤ t0 → 5, ≤ t1 → 4, ≤ t2 → 3, ≤ t3 → 2, else 1.
//     f (count) and m (sum of the event's configured property) in the window: ≥ t3 → 5 … ≥ t0 → 2, else 1.
//     No event in the window scores 1, 1, 1. The cell is the first whose condition over {r, f, m} holds.
//   "lead": {"halfLife": "14d", "grades": [{"name": "hot", "min": 60}, {"name": "warm", "min": 25}, …],
//            "rules": [{"id": "opened", "event": "app_open", "where": {…}, "points": 2, "maxPerDay": 10, "max": 50},
//                      {"id": "verified", "when": {"profile.phone_verified": true}, "points": 15}]}
//     Event rules award points when the event is tracked, within their caps (per local day, lifetime; a
//     capped award is partial), and those points halve every halfLife. Attribute ("when") rules add
//     their points, undecayed, while their condition holds. The grade is the highest whose min is met.
//   "lifecycle": {"stages": [{"name": "educate", "when": {…}}, {"name": "enable", "when": {…}}, …]}
//     The stage is the last listed one whose condition holds, so a stage can move back (a merchant who
//     lapses returns to "enable"); `since` is when the current stage was entered.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nudgekit/attributes.h"
#include "nudgekit/condition.h"
#include "nudgekit/json_input.h"

namespace nudgekit {

class SnapshotReader;
class SnapshotWriter;

// Outside ScoresConfig: clang cannot default-construct a nested struct with member initializers in an
// std::optional of the enclosing class.
struct RfmScoreConfig {
  std::uint32_t event = 0;  // EventNames index
  std::int64_t window_ms = 0;
  double recency[4] = {};
  double frequency[4] = {};
  double monetary[4] = {};
  std::vector<std::string> cell_names;
  std::vector<Condition> cells;  // over {r, f, m}
  AttributeTable cell_attributes;
};

struct LeadRuleConfig {
  std::string id;
  bool on_event = false;
  std::uint32_t event = 0;        // EventNames index, for event rules
  bool has_where = false;
  Condition where;                // over the event's props
  AttributeTable where_attributes;
  Condition when;                 // attribute rules, over the profile and history
  double points = 0;
  double max_per_day = -1;        // -1: no cap
  double max_total = -1;
};

struct LeadScoreConfig {
  std::int64_t half_life_ms = 0;
  std::vector<LeadRuleConfig> rules;
  std::vector<std::pair<std::string, double>> grades;  // by min, descending
};

struct LifecycleConfig {
  std::vector<std::string> stages;
  std::vector<Condition> when;
};

struct ScoresConfig {
  using Rfm = RfmScoreConfig;
  using LeadRule = LeadRuleConfig;
  using Lead = LeadScoreConfig;
  using Lifecycle = LifecycleConfig;
  std::optional<Rfm> rfm;
  std::optional<Lead> lead;
  std::optional<Lifecycle> lifecycle;
  bool empty() const { return !rfm && !lead && !lifecycle; }
};

// Reads doc["scores"] (absent: nothing to score). Conditions compile with `options` (the config's
// event names; no $score, no $segment) into `attributes` (the config's, so the profile's slots serve).
void compile_scores(const Json& doc, const ConditionOptions& options, AttributeTable& attributes, ScoresConfig& out,
                    Errors& errors);

struct StageChange {
  std::string stage;     // "" when no stage holds any more
  std::string previous;  // "" when there was none
  std::int64_t time_ms = 0;
};

class ScoreState {
 public:
  // Lines the lead counters up with `config`'s rules, by rule id: a rule that keeps its id keeps its
  // caps' progress across config changes; a new rule starts at zero.
  void adopt(const ScoresConfig& config);
  // Lead points for an event rule's event, at its own time and local day.
  void on_event(const ScoresConfig& config, std::uint32_t event, const Json& props, std::int64_t time_ms,
                std::int32_t utc_offset_minutes);
  // Recomputes every score at context.now_ms; returns whether any score changed. A stage change is
  // left in `stage_change`.
  bool refresh(const ScoresConfig& config, const SlotTable& profile, const BehaviourContext& context,
               std::optional<StageChange>& stage_change);
  // {"rfm": {r, f, m, cell} | null, "lead": {points, grade} | null, "lifecycle": {stage, since} | null}
  const Json& document() const { return document_; }
  const std::string& stage() const { return stage_; }  // "" when no stage holds

  void save(SnapshotWriter& out) const;
  bool load(SnapshotReader& in);

 private:
  struct RuleCounter {
    std::string rule_id;
    std::int32_t day = 0;
    double today = 0;
    double total = 0;
  };
  // What the document shows, kept typed so that an unchanged score costs no JSON work.
  struct Values {
    bool has_rfm = false, has_lead = false, has_lifecycle = false;
    int r = 0, f = 0, m = 0;
    int cell = -1;   // index into the config's cells; -1: none
    double points = 0;
    int grade = -1;  // index into the config's grades; -1: none
    bool operator==(const Values& o) const {
      return has_rfm == o.has_rfm && has_lead == o.has_lead && has_lifecycle == o.has_lifecycle && r == o.r &&
             f == o.f && m == o.m && cell == o.cell && points == o.points && grade == o.grade;
    }
  };
  double lead_points_at(std::int64_t now_ms, std::int64_t half_life_ms) const;
  void rebuild_document(const ScoresConfig& config);

  Values values_;
  Json document_ = Json{{"rfm", nullptr}, {"lead", nullptr}, {"lifecycle", nullptr}};
  double event_points_ = 0;            // decayed to event_points_time_
  std::int64_t event_points_time_ = 0;
  std::vector<RuleCounter> counters_;  // by lead rule, after adopt()
  std::string stage_;                  // "" = none; by name, so it survives config changes
  std::int64_t stage_since_ = 0;
};

}  // namespace nudgekit

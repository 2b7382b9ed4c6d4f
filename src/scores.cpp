#include "nudgekit/scores.h"

#include <algorithm>
#include <cmath>

#include "nudgekit/event_store.h"
#include "nudgekit/snapshot_codec.h"

namespace nudgekit {
namespace {

// 5 for the best bucket: recency ascends (fewer days is better), frequency and monetary ascend too
// (more is better).
int score_recency(double days, const double (&t)[4]) {
  for (int i = 0; i < 4; ++i) {
    if (days <= t[i]) return 5 - i;
  }
  return 1;
}

int score_amount(double value, const double (&t)[4]) {
  for (int i = 3; i >= 0; --i) {
    if (value >= t[i]) return i + 2;
  }
  return 1;
}

double round2(double value) { return std::round(value * 100) / 100; }

bool holds(const Condition& condition, const Json& document, const AttributeTable& attributes) {
  SlotTable slots;
  slots.resolve(attributes, document);
  return condition.evaluate(slots);
}

}  // namespace

double ScoreState::lead_points_at(std::int64_t now_ms, std::int64_t half_life_ms) const {
  if (half_life_ms <= 0 || now_ms <= event_points_time_) return event_points_;
  return event_points_ * std::exp2(-static_cast<double>(now_ms - event_points_time_) / static_cast<double>(half_life_ms));
}

void ScoreState::adopt(const ScoresConfig& config) {
  std::vector<RuleCounter> lined_up;
  if (config.lead) {
    for (const ScoresConfig::LeadRule& rule : config.lead->rules) {
      const auto kept = std::find_if(counters_.begin(), counters_.end(),
                                     [&](const RuleCounter& c) { return c.rule_id == rule.id; });
      lined_up.push_back(kept != counters_.end() ? *kept : RuleCounter{rule.id});
    }
  }
  counters_ = std::move(lined_up);
  // The document follows the new config's parts and names at the next refresh.
  values_ = Values{};
  values_.points = -1;
}

void ScoreState::on_event(const ScoresConfig& config, std::uint32_t event, const Json& props, std::int64_t time_ms,
                          std::int32_t utc_offset_minutes) {
  if (!config.lead) return;
  const ScoresConfig::Lead& lead = *config.lead;
  const std::int32_t day = EventStore::local_day(time_ms, utc_offset_minutes);
  for (std::size_t i = 0; i < lead.rules.size() && i < counters_.size(); ++i) {
    const ScoresConfig::LeadRule& rule = lead.rules[i];
    if (!rule.on_event || rule.event != event) continue;
    if (rule.has_where && !holds(rule.where, props.is_object() ? props : Json::object(), rule.where_attributes)) continue;
    RuleCounter& counter = counters_[i];
    if (counter.day != day) {
      counter.day = day;
      counter.today = 0;
    }
    double award = rule.points;
    if (rule.max_per_day >= 0) award = std::min(award, rule.max_per_day - counter.today);
    if (rule.max_total >= 0) award = std::min(award, rule.max_total - counter.total);
    if (award <= 0 && rule.points > 0) continue;
    counter.today += award;
    counter.total += award;
    // Points decay from the time they were earned; an event that arrives late earns less.
    if (time_ms >= event_points_time_) {
      event_points_ = lead_points_at(time_ms, lead.half_life_ms) + award;
      event_points_time_ = time_ms;
    } else if (lead.half_life_ms > 0) {
      event_points_ += award * std::exp2(-static_cast<double>(event_points_time_ - time_ms) / static_cast<double>(lead.half_life_ms));
    } else {
      event_points_ += award;
    }
  }
}

bool ScoreState::refresh(const ScoresConfig& config, const SlotTable& profile, const BehaviourContext& context,
                         std::optional<StageChange>& stage_change) {
  if (config.empty() && values_ == Values{}) return false;  // the common case: a config without scores
  Values next;
  const std::int64_t now = context.now_ms;
  if (config.rfm && context.events != nullptr && context.event_ids != nullptr) {
    const ScoresConfig::Rfm& rfm = *config.rfm;
    next.has_rfm = true;
    next.r = next.f = next.m = 1;
    const std::uint32_t id = (*context.event_ids)[rfm.event];
    const EventStore::Window window = EventStore::Window::since(now - rfm.window_ms);
    const double count = context.events->count(id, window, now);
    const auto last = context.events->last_time(id);
    if (count > 0 && last) {
      const double days = std::floor(static_cast<double>(now - *last) / static_cast<double>(EventStore::kMsPerDay));
      next.r = score_recency(days, rfm.recency);
      next.f = score_amount(count, rfm.frequency);
      next.m = score_amount(context.events->sum(id, window, now), rfm.monetary);
    }
    if (!rfm.cells.empty()) {
      const Json cell_document = Json{{"r", next.r}, {"f", next.f}, {"m", next.m}};
      for (std::size_t i = 0; i < rfm.cells.size(); ++i) {
        if (holds(rfm.cells[i], cell_document, rfm.cell_attributes)) {
          next.cell = static_cast<int>(i);
          break;
        }
      }
    }
  }
  if (config.lead) {
    const ScoresConfig::Lead& lead = *config.lead;
    next.has_lead = true;
    double points = lead_points_at(now, lead.half_life_ms);
    for (const ScoresConfig::LeadRule& rule : lead.rules) {
      if (!rule.on_event && rule.when.evaluate(profile, nullptr, &context)) points += rule.points;
    }
    // Kept and graded as shown, so a grade never disagrees with the points next to it.
    next.points = round2(points);
    for (std::size_t i = 0; i < lead.grades.size(); ++i) {
      if (next.points >= lead.grades[i].second) {
        next.grade = static_cast<int>(i);
        break;
      }
    }
  }
  bool stage_moved = false;
  if (config.lifecycle) {
    const ScoresConfig::Lifecycle& lifecycle = *config.lifecycle;
    next.has_lifecycle = true;
    const std::string* stage = nullptr;
    for (std::size_t i = 0; i < lifecycle.stages.size(); ++i) {
      if (lifecycle.when[i].evaluate(profile, nullptr, &context)) stage = &lifecycle.stages[i];
    }
    const std::string now_stage = stage != nullptr ? *stage : std::string();
    if (now_stage != stage_) {
      stage_change = StageChange{now_stage, stage_, now};
      stage_ = now_stage;
      stage_since_ = now;
      stage_moved = true;
    }
  }
  if (next == values_ && !stage_moved) return false;
  values_ = next;
  rebuild_document(config);
  return true;
}

void ScoreState::rebuild_document(const ScoresConfig& config) {
  document_ = Json{{"rfm", nullptr}, {"lead", nullptr}, {"lifecycle", nullptr}};
  if (values_.has_rfm) {
    document_["rfm"] = Json{{"r", values_.r}, {"f", values_.f}, {"m", values_.m},
                            {"cell", values_.cell < 0 ? Json(nullptr) : Json(config.rfm->cell_names[values_.cell])}};
  }
  if (values_.has_lead) {
    document_["lead"] = Json{{"points", values_.points},
                             {"grade", values_.grade < 0 ? Json(nullptr) : Json(config.lead->grades[values_.grade].first)}};
  }
  if (values_.has_lifecycle) {
    document_["lifecycle"] = stage_.empty() ? Json{{"stage", nullptr}, {"since", nullptr}}
                                            : Json{{"stage", stage_}, {"since", stage_since_}};
  }
}

void ScoreState::save(SnapshotWriter& out) const {
  out.put_f64(event_points_);
  out.put_i64(event_points_time_);
  out.put_varint(counters_.size());
  for (const RuleCounter& counter : counters_) {
    out.put_string(counter.rule_id);
    out.put_i32(counter.day);
    out.put_f64(counter.today);
    out.put_f64(counter.total);
  }
  out.put_string(stage_);
  out.put_i64(stage_since_);
}

bool ScoreState::load(SnapshotReader& in) {
  ScoreState loaded;
  std::uint64_t count = 0;
  if (!in.get_f64(loaded.event_points_) || !in.get_i64(loaded.event_points_time_) || !in.get_varint(count) ||
      count > in.remaining() / 21 || !std::isfinite(loaded.event_points_)) {
    return in.fail("bad lead score");
  }
  loaded.counters_.resize(count);
  for (RuleCounter& counter : loaded.counters_) {
    if (!in.get_string(counter.rule_id, 256) || !in.get_i32(counter.day) || !in.get_f64(counter.today) ||
        !in.get_f64(counter.total) || !std::isfinite(counter.today) || !std::isfinite(counter.total)) {
      return in.fail("bad lead counters");
    }
  }
  if (!in.get_string(loaded.stage_, 256) || !in.get_i64(loaded.stage_since_)) return in.fail("bad stage");
  *this = std::move(loaded);
  return true;
}

}  // namespace nudgekit

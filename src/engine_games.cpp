// The engine's games: wheel spins and quiz answers the renderer asks for, and streak rewards noticed
// as events are tracked. The rules are gamification.h's; this file binds them to the user's state.
#include "nudgekit/engine.h"

namespace nudgekit {
namespace {

Json remaining(std::int64_t limit, std::int64_t used) {
  return limit < 0 ? Json(nullptr) : Json(std::max<std::int64_t>(0, limit - used));
}

// The widget of the user's variant of `item`, or null.
const Json* variant_widget(const ContentItem& item, const std::vector<std::string>& chain) {
  const auto chosen = select_variant(item, chain);
  if (!chosen || chosen->variant == nullptr || !chosen->variant->widget.is_object()) return nullptr;
  return &chosen->variant->widget;
}

}  // namespace

bool Engine::spin(const std::string& item, std::uint64_t seed, Json& out, Error& error) {
  const WheelConfig* wheel = config_->games.wheel(item);
  if (wheel == nullptr) {
    error = {"game.not_a_wheel", "/item", "\"" + item + "\" is not a wheel item of the config's content"};
    return false;
  }
  std::string prize;
  if (!games_.spin(*wheel, unit_from_seed(seed), clock_.now_ms, clock_.utc_offset_minutes, prize, error)) return false;
  Json label = nullptr;
  if (const Json* widget = variant_widget(*config_->content->find(item), content_language_chain())) {
    const auto labels = widget->find("labels");
    if (labels != widget->end() && labels->contains(prize)) label = (*labels)[prize];
  }
  const std::int64_t now = clock_.now_ms;
  const std::int32_t offset = clock_.utc_offset_minutes;
  out = {{"item", item},
         {"prize", prize},
         {"label", std::move(label)},
         {"spinsLeft",
          {{"today", remaining(wheel->spins.per_day, games_.spins_today(item, "", now, offset))},
           {"week", remaining(wheel->spins.per_week, games_.spins_this_week(item, "", now, offset))},
           {"total", remaining(wheel->spins.total, games_.spins_total(item, ""))}}}};
  return true;
}

bool Engine::answer_quiz(const std::string& item, const std::string& question, const std::string& choice, Json& out,
                         Error& error) {
  const QuizConfig* quiz = config_->games.quiz(item);
  if (quiz == nullptr) {
    error = {"game.not_a_quiz", "/item", "\"" + item + "\" is not a quiz item of the config's content"};
    return false;
  }
  const auto answer = quiz->answers.find(question);
  if (answer == quiz->answers.end()) {
    error = {"game.unknown_question", "/question", "quiz \"" + item + "\" has no question \"" + question + "\""};
    return false;
  }
  GameState::QuizProgress& progress = games_.quizzes[item];
  // The first answer counts: a second tap (or a retry after a lost response) changes nothing.
  const bool repeat = progress.answered.count(question) != 0;
  if (!repeat) progress.answered[question] = choice;
  const std::string& given = progress.answered[question];
  std::int64_t right = 0;
  for (const auto& [q, c] : progress.answered) {
    const auto expected = quiz->answers.find(q);
    if (expected != quiz->answers.end() && expected->second == c) ++right;
  }
  const std::int64_t total = static_cast<std::int64_t>(quiz->answers.size());
  progress.completed = static_cast<std::int64_t>(progress.answered.size()) >= total;
  const std::int64_t needed = quiz->pass > 0 ? quiz->pass : total;
  out = {{"item", item},
         {"question", question},
         {"choice", given},
         {"correct", given == answer->second},
         {"answer", answer->second},
         {"repeat", repeat},
         {"answered", progress.answered.size()},
         {"right", right},
         {"total", total},
         {"completed", progress.completed},
         {"passed", right >= needed}};
  if (const Json* widget = variant_widget(*config_->content->find(item), content_language_chain())) {
    for (const Json& q : widget->value("questions", Json::array())) {
      if (q.value("id", "") == question && q.contains("explanation")) out["explanation"] = q["explanation"];
    }
  }
  if (repeat) return true;
  // The answer is an event like any other, so segments ("passed the GST quiz"), lead-score rules and
  // campaign triggers read it without a second mechanism.
  const Json props = {{"item", item}, {"question", question}, {"correct", given == answer->second},
                      {"right", right}, {"total", total}, {"completed", progress.completed}, {"passed", right >= needed}};
  Error ignored;
  track("quiz_answered", props, clock_.now_ms, clock_, ignored);
  return true;
}

void Engine::award_streaks(std::uint32_t event) {
  if (replica_) return;
  const std::int64_t now = clock_.now_ms;
  const std::int32_t offset = clock_.utc_offset_minutes;
  for (const StreakReward& reward : config_->games.streak_rewards) {
    if (reward.event != event || event >= event_ids_.size() || event_ids_[event] == EventStore::kNoName) continue;
    const std::uint32_t id = event_ids_[event];
    const int streak = events_->streak_days(id, now, offset);
    if (streak < reward.days) continue;
    // streak_days counts from today when today has the event, else from yesterday; either way the
    // streak's first day identifies it, so one unbroken streak earns the reward once.
    const bool through_today = events_->streak_days(id, now - EventStore::kMsPerDay, offset) != streak;
    const std::int32_t first_day = EventStore::local_day(now, offset) - (through_today ? 0 : 1) - streak + 1;
    const auto earned = games_.reward_streak_start.find(reward.id);
    if (earned != games_.reward_streak_start.end() && earned->second == first_day) continue;
    games_.rewards[reward.id] = now;
    games_.reward_streak_start[reward.id] = first_day;
    earned_.push_back(reward.id);
  }
}

Json Engine::rewards() const {
  Json earned = Json::array();
  for (const auto& [id, time] : games_.rewards) earned.push_back({{"id", id}, {"time", time}});
  Json streaks = Json::array();
  for (const StreakReward& reward : config_->games.streak_rewards) {
    const std::uint32_t id = reward.event < event_ids_.size() ? event_ids_[reward.event] : EventStore::kNoName;
    const int current = id == EventStore::kNoName ? 0 : events_->streak_days(id, clock_.now_ms, clock_.utc_offset_minutes);
    streaks.push_back({{"id", reward.id},
                       {"event", config_->event_names.name(reward.event)},
                       {"days", reward.days},
                       {"current", current}});
  }
  return {{"earned", std::move(earned)}, {"streaks", std::move(streaks)}};
}

}  // namespace nudgekit

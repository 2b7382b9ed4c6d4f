#include "nudgekit/gamification.h"

#include <algorithm>
#include <cmath>

#include "detail/cold.h"
#include "detail/section_reader.h"
#include "nudgekit/duration.h"
#include "nudgekit/event_store.h"
#include "nudgekit/snapshot_codec.h"

namespace nudgekit {
namespace {

constexpr std::size_t kMaxPrizes = 64;
constexpr std::size_t kMaxQuestions = 50;
constexpr std::int64_t kSpinKeepMs = 9 * kMillisecondsPerDay;

std::string total_key(const std::string& item, const std::string& prize) { return prize.empty() ? item : item + '\x1f' + prize; }

}  // namespace

NK_COLD_CODE_BEGIN
namespace {

class GamesCompiler : detail::SectionReader {
 public:
  GamesCompiler(EventNames& event_names, Errors& errors) : SectionReader(errors), event_names_(event_names) {}

  void limit(const Json& j, const std::string& ptr, PeriodLimit& out) {
    if (!keys(j, ptr, {"perDay", "perWeek", "total"})) return;
    if (const Json* v = optional(j, "perDay")) integer(*v, pointer_append(ptr, "perDay"), out.per_day, 0, 1000);
    if (const Json* v = optional(j, "perWeek")) integer(*v, pointer_append(ptr, "perWeek"), out.per_week, 0, 10000);
    if (const Json* v = optional(j, "total")) integer(*v, pointer_append(ptr, "total"), out.total, 0, 1000000);
  }

  void wheel(const ContentItem& item, const std::string& ptr, WheelConfig& out) {
    out.item = item.id;
    const std::string widget = pointer_append(ptr, "widget");
    if (!keys(item.widget, widget, {"prizes", "spins"})) return;
    const Json* prizes = required(item.widget, widget, "prizes");
    const std::string prizes_ptr = pointer_append(widget, "prizes");
    if (prizes == nullptr) return;
    if (!prizes->is_array() || prizes->empty() || prizes->size() > kMaxPrizes) {
      return fail(prizes_ptr, "prizes is a list of 1 to " + std::to_string(kMaxPrizes) + " {\"id\", \"weight\", \"limit\"?}",
                  "config.invalid_type");
    }
    double total = 0;
    for (std::size_t i = 0; i < prizes->size(); ++i) {
      const std::string at = pointer_append(prizes_ptr, i);
      const Json& p = (*prizes)[i];
      WheelPrize prize;
      if (!keys(p, at, {"id", "weight", "limit"})) continue;
      const Json* id = required(p, at, "id");
      const Json* weight = required(p, at, "weight");
      if (id == nullptr || weight == nullptr || !text(*id, pointer_append(at, "id"), prize.id, 64, "a prize id") ||
          !number(*weight, pointer_append(at, "weight"), prize.weight, 0)) {
        continue;
      }
      for (const WheelPrize& other : out.prizes) {
        if (other.id == prize.id) fail(pointer_append(at, "id"), "another prize already has the id \"" + prize.id + "\"");
      }
      if (const Json* l = optional(p, "limit")) limit(*l, pointer_append(at, "limit"), prize.limit);
      total += prize.weight;
      out.prizes.push_back(std::move(prize));
    }
    if (total <= 0 && !out.prizes.empty()) fail(prizes_ptr, "the prizes' weights must add up to more than 0");
    if (const Json* spins = optional(item.widget, "spins")) limit(*spins, pointer_append(widget, "spins"), out.spins);
    // Each language labels every prize, so that no user sees a blank slice.
    for (const ContentVariant& variant : item.variants) {
      const std::string vptr = pointer_append(pointer_append(pointer_append(ptr, "variants"), variant.language), "widget");
      const Json* labels = optional(variant.widget, "labels");
      for (const WheelPrize& prize : out.prizes) {
        if (labels == nullptr || !labels->is_object() || !labels->contains(prize.id) || !(*labels)[prize.id].is_string()) {
          fail(pointer_append(vptr, "labels"), "every prize needs a label in every language; \"" + prize.id + "\" has none",
               "config.missing_key");
          break;
        }
      }
    }
  }

  void quiz(const ContentItem& item, const std::string& ptr, QuizConfig& out) {
    out.item = item.id;
    const std::string widget = pointer_append(ptr, "widget");
    if (!keys(item.widget, widget, {"answers", "pass"})) return;
    const Json* answers = required(item.widget, widget, "answers");
    if (answers == nullptr) return;
    if (!answers->is_object() || answers->empty() || answers->size() > kMaxQuestions) {
      return fail(pointer_append(widget, "answers"), "answers maps each question id to its right choice id", "config.invalid_type");
    }
    for (const auto& [question, choice] : answers->items()) {
      if (!choice.is_string()) {
        fail(pointer_append(pointer_append(widget, "answers"), question), "the right choice's id, a string");
        continue;
      }
      out.answers[question] = choice.get<std::string>();
    }
    if (const Json* pass = optional(item.widget, "pass")) {
      integer(*pass, pointer_append(widget, "pass"), out.pass, 0, static_cast<std::int64_t>(out.answers.size()));
    }
    for (const ContentVariant& variant : item.variants) {
      const std::string vptr = pointer_append(pointer_append(pointer_append(ptr, "variants"), variant.language), "widget");
      questions(variant.widget, vptr, out);
    }
  }

  void questions(const Json& widget, const std::string& ptr, const QuizConfig& quiz) {
    const Json* list = required(widget, ptr, "questions");
    const std::string list_ptr = pointer_append(ptr, "questions");
    if (list == nullptr) return;
    if (!list->is_array() || list->size() != quiz.answers.size()) {
      return fail(list_ptr, "one question per answer in the item's widget (" + std::to_string(quiz.answers.size()) + ")",
                  "config.invalid_value");
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string at = pointer_append(list_ptr, i);
      const Json& q = (*list)[i];
      if (!keys(q, at, {"id", "text", "choices", "explanation"})) continue;
      const Json* id = required(q, at, "id");
      const Json* choices = required(q, at, "choices");
      required(q, at, "text");
      if (id == nullptr || choices == nullptr) continue;
      const auto answer = id->is_string() ? quiz.answers.find(id->get<std::string>()) : quiz.answers.end();
      if (answer == quiz.answers.end()) {
        fail(pointer_append(at, "id"), "a question id the item's \"answers\" lists");
        continue;
      }
      bool has_answer = false;
      if (!choices->is_array() || choices->size() < 2) {
        fail(pointer_append(at, "choices"), "at least 2 choices, each {\"id\", \"text\"}", "config.invalid_type");
        continue;
      }
      for (const Json& choice : *choices) has_answer = has_answer || (choice.is_object() && choice.value("id", Json()) == answer->second);
      if (!has_answer) fail(pointer_append(at, "choices"), "no choice has the right answer's id \"" + answer->second + "\"");
    }
  }

  void rewards(const Json& j, GamesConfig& out) {
    const std::string ptr = "/rewards";
    if (!keys(j, ptr, {"streaks"})) return;
    const Json* streaks = optional(j, "streaks");
    if (streaks == nullptr) return;
    const std::string list = pointer_append(ptr, "streaks");
    if (!streaks->is_array()) return fail(list, "a list of {\"id\", \"event\", \"days\"}", "config.invalid_type");
    for (std::size_t i = 0; i < streaks->size(); ++i) {
      const std::string at = pointer_append(list, i);
      const Json& s = (*streaks)[i];
      StreakReward reward;
      if (!keys(s, at, {"id", "event", "days"})) continue;
      const Json* id = required(s, at, "id");
      const Json* name = required(s, at, "event");
      const Json* days = required(s, at, "days");
      if (id && name && days && text(*id, pointer_append(at, "id"), reward.id, 64, "a reward id") &&
          event(*name, pointer_append(at, "event"), event_names_, reward.event) &&
          integer(*days, pointer_append(at, "days"), reward.days, 1, 400)) {
        out.streak_rewards.push_back(std::move(reward));
      }
    }
  }

 private:
  EventNames& event_names_;
};

}  // namespace

void compile_games(const Json& doc, const ContentCatalog* catalog, EventNames& event_names, GamesConfig& out,
                   Errors& errors) {
  GamesCompiler compiler(event_names, errors);
  if (catalog != nullptr) {
    for (const ContentItem& item : catalog->items()) {
      const std::string ptr = pointer_append("/content", item.id);
      if (item.kind == ContentKind::Wheel) {
        out.wheels.emplace_back();
        compiler.wheel(item, ptr, out.wheels.back());
      } else if (item.kind == ContentKind::Quiz) {
        out.quizzes.emplace_back();
        compiler.quiz(item, ptr, out.quizzes.back());
      }
    }
  }
  if (const auto rewards = doc.find("rewards"); rewards != doc.end()) compiler.rewards(*rewards, out);
}

void GameState::save(SnapshotWriter& out) const {
  out.put_varint(spins_.size());
  for (const Spin& spin : spins_) {
    out.put_string(spin.item);
    out.put_string(spin.prize);
    out.put_i64(spin.time_ms);
  }
  out.put_varint(totals_.size());
  for (const auto& [key, n] : totals_) {
    out.put_string(key);
    out.put_i64(n);
  }
  out.put_varint(quizzes.size());
  for (const auto& [item, progress] : quizzes) {
    out.put_string(item);
    out.put_u8(progress.completed ? 1 : 0);
    out.put_varint(progress.answered.size());
    for (const auto& [question, choice] : progress.answered) {
      out.put_string(question);
      out.put_string(choice);
    }
  }
  out.put_varint(rewards.size());
  for (const auto& [id, time] : rewards) {
    out.put_string(id);
    out.put_i64(time);
    const auto start = reward_streak_start.find(id);
    out.put_i32(start == reward_streak_start.end() ? 0 : start->second);
  }
}

bool GameState::load(SnapshotReader& in) {
  GameState loaded;
  std::uint64_t count = 0;
  const auto bounded = [&](std::size_t smallest) { return in.get_varint(count) && count <= in.remaining() / smallest; };
  if (!bounded(10)) return in.fail("bad spins");
  loaded.spins_.resize(count);
  for (Spin& spin : loaded.spins_) {
    if (!in.get_string(spin.item, 256) || !in.get_string(spin.prize, 256) || !in.get_i64(spin.time_ms)) return in.fail("bad spin");
  }
  if (!bounded(9)) return in.fail("bad spin totals");
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string key;
    std::int64_t n = 0;
    if (!in.get_string(key, 520) || !in.get_i64(n)) return in.fail("bad spin total");
    loaded.totals_[key] = n;
  }
  if (!bounded(3)) return in.fail("bad quizzes");
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string item;
    std::uint8_t completed = 0;
    std::uint64_t answers = 0;
    if (!in.get_string(item, 256) || !in.get_u8(completed) || completed > 1 || !in.get_varint(answers) ||
        answers > kMaxQuestions) {
      return in.fail("bad quiz");
    }
    QuizProgress& progress = loaded.quizzes[item];
    progress.completed = completed == 1;
    for (std::uint64_t a = 0; a < answers; ++a) {
      std::string question, choice;
      if (!in.get_string(question, 256) || !in.get_string(choice, 256)) return in.fail("bad quiz answer");
      progress.answered[question] = choice;
    }
  }
  if (!bounded(13)) return in.fail("bad rewards");
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string id;
    std::int64_t time = 0;
    std::int32_t start = 0;
    if (!in.get_string(id, 256) || !in.get_i64(time) || !in.get_i32(start)) return in.fail("bad reward");
    loaded.rewards[id] = time;
    loaded.reward_streak_start[id] = start;
  }
  *this = std::move(loaded);
  return true;
}

NK_COLD_CODE_END

const WheelConfig* GamesConfig::wheel(const std::string& item) const {
  for (const WheelConfig& w : wheels) {
    if (w.item == item) return &w;
  }
  return nullptr;
}

const QuizConfig* GamesConfig::quiz(const std::string& item) const {
  for (const QuizConfig& q : quizzes) {
    if (q.item == item) return &q;
  }
  return nullptr;
}

double unit_from_seed(std::uint64_t seed) noexcept {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;  // the top 53 bits: every double in [0, 1) reachable evenly
}

std::int64_t GameState::spins_today(const std::string& item, const std::string& prize, std::int64_t now_ms,
                                    std::int32_t offset) const {
  const std::int32_t today = EventStore::local_day(now_ms, offset);
  return std::count_if(spins_.begin(), spins_.end(), [&](const Spin& s) {
    return s.item == item && (prize.empty() || s.prize == prize) && EventStore::local_day(s.time_ms, offset) == today;
  });
}

std::int64_t GameState::spins_this_week(const std::string& item, const std::string& prize, std::int64_t now_ms,
                                        std::int32_t offset) const {
  const std::int32_t today = EventStore::local_day(now_ms, offset);
  return std::count_if(spins_.begin(), spins_.end(), [&](const Spin& s) {
    return s.item == item && (prize.empty() || s.prize == prize) && EventStore::local_day(s.time_ms, offset) > today - 7;
  });
}

std::int64_t GameState::spins_total(const std::string& item, const std::string& prize) const {
  const auto found = totals_.find(total_key(item, prize));
  return found == totals_.end() ? 0 : found->second;
}

bool GameState::spin(const WheelConfig& wheel, double unit, std::int64_t now_ms, std::int32_t offset, std::string& prize,
                     Error& error) {
  const auto within = [&](const PeriodLimit& limit, const std::string& of_prize) {
    return (limit.per_day < 0 || spins_today(wheel.item, of_prize, now_ms, offset) < limit.per_day) &&
           (limit.per_week < 0 || spins_this_week(wheel.item, of_prize, now_ms, offset) < limit.per_week) &&
           (limit.total < 0 || spins_total(wheel.item, of_prize) < limit.total);
  };
  if (!within(wheel.spins, "")) {
    error = {"game.no_spins_left", "", "the user has used the spins this wheel allows for now"};
    return false;
  }
  // Prizes whose own limit is reached leave the wheel; the rest keep their relative weights.
  double total = 0;
  std::vector<const WheelPrize*> open;
  for (const WheelPrize& p : wheel.prizes) {
    if (p.weight > 0 && within(p.limit, p.id)) {
      open.push_back(&p);
      total += p.weight;
    }
  }
  if (open.empty()) {
    error = {"game.no_prizes_left", "", "every prize of this wheel has reached its limit"};
    return false;
  }
  double target = std::min(std::max(unit, 0.0), 0x1.fffffffffffffp-1) * total;
  const WheelPrize* won = open.back();
  for (const WheelPrize* p : open) {
    if (target < p->weight) {
      won = p;
      break;
    }
    target -= p->weight;
  }
  prize = won->id;
  spins_.push_back(Spin{wheel.item, prize, now_ms});
  spins_.erase(spins_.begin(), std::find_if(spins_.begin(), spins_.end(), [&](const Spin& s) { return s.time_ms >= now_ms - kSpinKeepMs; }));
  ++totals_[total_key(wheel.item, "")];
  ++totals_[total_key(wheel.item, prize)];
  return true;
}

}  // namespace nudgekit

// The logic of the game-like content items: spin-the-wheel draws and quizzes (their payloads live in
// the content catalog's "widget"), and streak rewards. The core decides; the JS renderer animates.
//
// A wheel item's widget (language-neutral, on the item):
//   {"prizes": [{"id": "cashback_50", "weight": 5, "limit": {"perDay": 1, "total": 3}},
//               {"id": "try_again", "weight": 95}],
//    "spins": {"perDay": 1, "perWeek": 3, "total": 10}}
// and per language (on a variant): {"labels": {"cashback_50": "₹50 cashback", "try_again": "फिर कोशिश करें"}}.
//
// A quiz item's widget: {"answers": {"q1": "b", "q2": "a"}, "pass": 2} on the item (the answer key
// never depends on the language), and per variant {"questions": [{"id": "q1", "text": "…",
// "choices": [{"id": "a", "text": "…"}, …], "explanation"?: "…"}, …]}.
//
// Streak rewards, under the config's "rewards": {"streaks": [{"id": "week_of_entries",
// "event": "ledger_entry_added", "days": 7}]}: earned when the user's $streak of that event reaches
// the days, once per unbroken streak.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "nudgekit/condition.h"
#include "nudgekit/content.h"
#include "nudgekit/error.h"
#include "nudgekit/json_input.h"

namespace nudgekit {

class SnapshotReader;
class SnapshotWriter;

struct PeriodLimit {
  std::int64_t per_day = -1;  // -1: no limit
  std::int64_t per_week = -1;
  std::int64_t total = -1;
};

struct WheelPrize {
  std::string id;
  double weight = 0;
  PeriodLimit limit;
};

struct WheelConfig {
  std::string item;
  std::vector<WheelPrize> prizes;
  PeriodLimit spins;
};

struct QuizConfig {
  std::string item;
  std::map<std::string, std::string> answers;  // question id → the right choice id
  std::int64_t pass = 0;                        // right answers needed to pass; 0: all of them
};

struct StreakReward {
  std::string id;
  std::uint32_t event = 0;  // EventNames index
  std::int64_t days = 0;
};

struct GamesConfig {
  std::vector<WheelConfig> wheels;  // by item id
  std::vector<QuizConfig> quizzes;  // by item id
  std::vector<StreakReward> streak_rewards;
  const WheelConfig* wheel(const std::string& item) const;
  const QuizConfig* quiz(const std::string& item) const;
};

// Validates the widgets of the catalog's wheel and quiz items (pointers under /content/<id>/…) and
// reads doc["rewards"], interning event names in `event_names`.
void compile_games(const Json& doc, const ContentCatalog* catalog, EventNames& event_names, GamesConfig& out,
                   Errors& errors);

// A uniform double in [0, 1) from a 64-bit seed (SplitMix64): the JS layer supplies the seed, so a
// draw is as random as the device's generator and as replayable as a test needs.
double unit_from_seed(std::uint64_t seed) noexcept;

// What the user won and did, per item, kept in the snapshot.
class GameState {
 public:
  struct Spin {
    std::string item, prize;
    std::int64_t time_ms = 0;
  };
  struct QuizProgress {
    std::map<std::string, std::string> answered;  // question → choice
    bool completed = false;
  };

  // The prize for a spin of `wheel` at now, drawn with `unit` in [0, 1) among the prizes whose limits
  // allow one more; "" when the user has no spin left (error set) or no prize is left.
  bool spin(const WheelConfig& wheel, double unit, std::int64_t now_ms, std::int32_t offset_minutes,
            std::string& prize, Error& error);
  // Spins of `item` (with `prize`, when not "") in the period.
  std::int64_t spins_today(const std::string& item, const std::string& prize, std::int64_t now_ms, std::int32_t offset) const;
  std::int64_t spins_this_week(const std::string& item, const std::string& prize, std::int64_t now_ms, std::int32_t offset) const;
  std::int64_t spins_total(const std::string& item, const std::string& prize) const;

  std::map<std::string, QuizProgress> quizzes;               // by item
  std::map<std::string, std::int64_t> rewards;               // reward id → when earned
  std::map<std::string, std::int32_t> reward_streak_start;   // reward id → first day of the streak it was earned in

  void save(SnapshotWriter& out) const;
  bool load(SnapshotReader& in);

 private:
  std::vector<Spin> spins_;                      // the last 9 days, oldest first
  std::map<std::string, std::int64_t> totals_;   // "item" and "item\x1fprize" → spins ever
};

}  // namespace nudgekit

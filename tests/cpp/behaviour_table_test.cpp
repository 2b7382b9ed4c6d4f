// Runs tests/cases/behaviour.json natively; tests/js/behaviour_table.test.mjs runs the same scenarios
// through the wasm build and the JS API, so both are held to the same enter/exit times.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include "nudgekit/duration.h"
#include "nudgekit/engine.h"

namespace nudgekit {
namespace {

Json load_table() {
  std::ifstream in(std::string(NK_CASES_DIR) + "/behaviour.json");
  return Json::parse(in);
}

// Days from 1970-01-01 to a civil date (proleptic Gregorian), after Howard Hinnant's days_from_civil.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "2026-03-01T10:00:00(.mmm)?(Z|±hh:mm)" → epoch milliseconds.
std::int64_t parse_instant(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute, &second, &consumed) != 6) {
    throw std::runtime_error("bad instant " + text);
  }
  std::size_t at = static_cast<std::size_t>(consumed);
  int millis = 0;
  if (at < text.size() && text[at] == '.') {
    millis = std::stoi(text.substr(at + 1, 3));
    at += 4;
  }
  int offset_minutes = 0;
  if (text.substr(at) != "Z") {
    int oh = 0, om = 0;
    if (std::sscanf(text.c_str() + at + 1, "%2d:%2d", &oh, &om) != 2) throw std::runtime_error("bad offset " + text);
    offset_minutes = (text[at] == '-' ? -1 : 1) * (oh * 60 + om);
  }
  const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return ((days * 24 + hour) * 60 + minute - offset_minutes) * 60'000 + second * 1000 + millis;
}

Json change_of(const Engine& engine, const SegmentChange& change) {
  return {{"segment", engine.segment_names()[change.segment]}, {"entered", change.entered}, {"at", change.time_ms}};
}

// Expected changes and stages name their instants as text; the engine reports milliseconds.
Json with_instants(Json expected) {
  if (expected.is_array()) {
    for (Json& item : expected) item = with_instants(item);
  } else if (expected.is_object()) {
    for (auto& [key, value] : expected.items()) {
      if ((key == "at" || key == "since") && value.is_string()) {
        value = parse_instant(value.get<std::string>());
      } else {
        value = with_instants(value);
      }
    }
  }
  return expected;
}

class Scenario {
 public:
  explicit Scenario(const Json& scenario)
      : scenario_(scenario), offset_(scenario["utcOffsetMinutes"].get<std::int32_t>()), engine_(fresh_engine()) {}

  void run() {
    for (std::size_t i = 0; i < scenario_["steps"].size(); ++i) {
      SCOPED_TRACE("step " + std::to_string(i));
      step(scenario_["steps"][i]);
    }
  }

 private:
  std::unique_ptr<Engine> fresh_engine() const {
    auto engine = std::make_unique<Engine>();
    const LoadResult loaded = engine->load_config(scenario_["config"].dump());
    if (!loaded.ok) ADD_FAILURE() << loaded.errors[0].code << " " << loaded.errors[0].pointer << " " << loaded.errors[0].message;
    return engine;
  }

  void step(const Json& step) {
    if (step.value("snapshotRestore", false)) {
      const std::string bytes = engine_->snapshot();
      auto restored = fresh_engine();
      Errors errors;
      ASSERT_TRUE(restored->restore(bytes, errors)) << errors[0].message;
      EXPECT_EQ(restored->scores(), engine_->scores());
      engine_ = std::move(restored);
      return;
    }
    std::int64_t at = parse_instant(step["at"].get<std::string>());
    Json changes = Json::array();
    Json stage = nullptr;
    const auto collect = [&] {
      for (const SegmentChange& change : engine_->changes()) changes.push_back(change_of(*engine_, change));
      if (const auto& moved = engine_->stage_change()) {
        stage = {{"stage", moved->stage.empty() ? Json(nullptr) : Json(moved->stage)},
                 {"previous", moved->previous.empty() ? Json(nullptr) : Json(moved->previous)},
                 {"at", moved->time_ms}};
      }
    };
    if (step.contains("track")) {
      const int times = step.contains("repeat") ? step["repeat"]["times"].get<int>() : 1;
      std::int64_t every = 0;
      std::string message;
      if (step.contains("repeat")) ASSERT_TRUE(parse_duration(step["repeat"]["every"].get<std::string>(), every, message));
      for (int i = 0; i < times; ++i, at += every) {
        Error error;
        ASSERT_TRUE(engine_->track(step["track"].get<std::string>(), step.value("props", Json::object()), at, {at, offset_},
                                   error))
            << error.code << " " << error.message;
        collect();
      }
    } else if (step.value("tick", false)) {
      engine_->tick({at, offset_});
      collect();
    } else if (step.contains("setProperties")) {
      Error error;
      ASSERT_TRUE(engine_->set_properties(step["setProperties"].dump(), false, error)) << error.message;
      engine_->refresh({at, offset_});
      collect();
    } else {
      FAIL() << "unknown step " << step.dump();
    }
    const Json expect = with_instants(step.value("expect", Json::object()));
    if (expect.contains("segments")) {
      engine_->set_clock({at, offset_});
      Json names = Json::array();
      for (const std::uint32_t segment : engine_->evaluate_segments()) names.push_back(engine_->segment_names()[segment]);
      collect();
      EXPECT_EQ(names, expect["segments"]);
    }
    EXPECT_EQ(changes, expect.value("changes", Json::array()));
    EXPECT_EQ(stage, expect.value("stage", Json(nullptr)));
    if (expect.contains("scores")) {
      for (const auto& [part, value] : expect["scores"].items()) EXPECT_EQ(engine_->scores()[part], value) << part;
    }
  }

  const Json& scenario_;
  std::int32_t offset_;
  std::unique_ptr<Engine> engine_;
};

TEST(BehaviourTable, InstantsParseAsTheirOffsetSays) {
  EXPECT_EQ(parse_instant("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_instant("2026-01-01T05:30:00+05:30"), 1'767'225'600'000);
  EXPECT_EQ(parse_instant("2025-12-31T19:00:00.001-05:00"), 1'767'225'600'001);
}

class BehaviourScenario : public ::testing::TestWithParam<std::size_t> {};

TEST_P(BehaviourScenario, EveryStepAsWritten) {
  const Json table = load_table();
  const Json& scenario = table["scenarios"][GetParam()];
  SCOPED_TRACE(scenario["name"].get<std::string>());
  Scenario(scenario).run();
}

INSTANTIATE_TEST_SUITE_P(Stories, BehaviourScenario, ::testing::Range<std::size_t>(0, load_table()["scenarios"].size()));

}  // namespace
}  // namespace nudgekit

// Runs tests/cases/behaviour.json natively; tests/js/behaviour_table.test.mjs runs the same scenarios
// through the wasm build and the JS API, so both are held to the same enter/exit times.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>

#include "nudgekit/duration.h"
#include "nudgekit/engine.h"
#include "nudgekit/time_text.h"

namespace nudgekit {
namespace {

Json load_table() {
  std::ifstream in(std::string(NK_CASES_DIR) + "/behaviour.json");
  return Json::parse(in);
}

std::int64_t parse_instant(const std::string& text) {
  std::int64_t ms = 0;
  if (!nudgekit::parse_instant(text, ms)) throw std::runtime_error("bad instant " + text);
  return ms;
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

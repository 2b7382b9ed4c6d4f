// The only file that knows about Emscripten. It translates and catches; all logic lives in the core.
//
// Wire contract with web/src (see web/src/wasm/nudgekit.d.mts):
//   - Text goes in through one shared input buffer: JS asks _nk_input_buffer(n) for a pointer, encodes UTF-8
//     into HEAPU8 there, then passes the byte length. This skips Embind's per-character string copy.
//   - Properties go in through the same buffer in the binary form of nudgekit/binary_input.h.
//   - Results come back as JSON text, except the hot paths: segments() returns a count and leaves the
//     matching indices in _nk_result_buffer(id) as uint32; evaluate() returns 1/0, or -1 with lastError(id);
//     setProperties() returns 1, or 0 with lastError(id).
//   - Every function is total: C++ exceptions never cross into JS (they would leak the arguments).
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <malloc.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "nudgekit/engine.h"
#include "nudgekit/json_writer.h"
#include "nudgekit/language.h"
#include "../detail/cold.h"
#include "input_buffer.h"

namespace {

using nudgekit::Dialect;
using nudgekit::Engine;
using nudgekit::Error;
using nudgekit::Errors;
using nudgekit::Json;

struct Instance {
  Engine engine;
  std::string last_error = "[]";
  std::string snapshot;  // the last snapshot, read by JS through snapshotBuffer
  // The JSON text of the last takeChanges or nextNudges, read by JS through _nk_output_buffer: Embind's
  // string return walks every byte in JS looking for NULs before decoding, which cost a delivery
  // more than writing the text did.
  std::string output;
};

std::unordered_map<int, std::unique_ptr<Instance>>& instances() {
  static std::unordered_map<int, std::unique_ptr<Instance>> map;
  return map;
}
int next_id = 1;
using nudgekit::bindings::input_buffer;
using nudgekit::bindings::input_text;

Instance* find(int id) {
  const auto found = instances().find(id);
  return found == instances().end() ? nullptr : found->second.get();
}

// Errors, configs and the rarely used calls are optimized for size; the per-user calls below for speed.
NK_COLD_CODE_BEGIN

Json errors_json(const Errors& errors) {
  Json out = Json::array();
  for (const Error& e : errors) out.push_back({{"code", e.code}, {"pointer", e.pointer}, {"message", e.message}});
  return out;
}

std::string one_error(const char* code, const std::string& message) {
  return nudgekit::to_json_text(Json{{"ok", false}, {"errors", errors_json({{code, "", message}})}});
}

std::string internal_error(const char* what) { return one_error("engine.internal", what); }

template <class F>
std::string guarded(F&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return one_error("engine.out_of_memory", "out of memory");
  } catch (const std::exception& e) {
    return internal_error(e.what());
  } catch (...) {
    return internal_error("unknown C++ exception");
  }
}

const std::string kNoEngine = R"({"ok":false,"errors":[{"code":"engine.destroyed","pointer":"","message":"this engine was destroyed"}]})";

int create_engine() {
  try {
    const int id = next_id++;
    instances().emplace(id, std::make_unique<Instance>());
    return id;
  } catch (...) {
    return 0;
  }
}

void destroy_engine(int id) { instances().erase(id); }

NK_COLD_CODE_END

NK_COLD_CODE_BEGIN

std::string load_result_json(const nudgekit::LoadResult& result, const Engine* engine) {
  Json out{{"ok", result.ok}, {"errors", errors_json(result.errors)}};
  if (result.ok && engine != nullptr) {
    out["segments"] = engine->segment_names();
    out["campaigns"] = engine->campaign_count();
  }
  return nudgekit::to_json_text(out);
}

std::string load_config(int id, std::size_t length) {
  return guarded([&] {
    Instance* instance = find(id);
    if (instance == nullptr) return kNoEngine;
    return load_result_json(instance->engine.load_config(input_text(length)), &instance->engine);
  });
}

std::string validate_config(std::size_t length) {
  return guarded([&] { return load_result_json(Engine::validate_config(input_text(length)), nullptr); });
}

NK_COLD_CODE_END

// The properties arrive in the binary form of binary_input.h. 1 on success; 0 with the errors in
// lastError(id) (no string crosses back in the common case); -1 when id is unknown.
int set_properties(int id, std::size_t length, bool replace) {
  Instance* instance = find(id);
  if (instance == nullptr) return -1;
  try {
    Error error;
    if (instance->engine.set_properties_binary(input_text(length), replace, error)) return 1;
    instance->last_error = nudgekit::to_json_text(errors_json({error}));
  } catch (const std::bad_alloc&) {
    instance->last_error = R"([{"code":"engine.out_of_memory","pointer":"","message":"out of memory"}])";
  } catch (...) {
    instance->last_error = R"([{"code":"engine.internal","pointer":"","message":"internal error"}])";
  }
  return 0;
}

NK_COLD_CODE_BEGIN

std::string unset_properties(int id, std::size_t length) {
  return guarded([&]() -> std::string {
    Instance* instance = find(id);
    if (instance == nullptr) return kNoEngine;
    Error error;
    if (instance->engine.unset_properties(input_text(length), error)) return "";
    return nudgekit::to_json_text(Json{{"ok", false}, {"errors", errors_json({error})}});
  });
}

// The changes of the last call that evaluated segments: {"segments": [{"segment", "entered", "time"}],
// "stage": {"stage", "previous", "time"} | null, "nudges": [nudge documents]}, in _nk_output_buffer(id);
// returns its length in bytes, or -1 for no such engine.
double take_changes(int id) {
  Instance* instance = find(id);
  if (instance == nullptr) return -1;
  instance->output = guarded([&] {
    const Engine& engine = instance->engine;
    std::string text;
    nudgekit::JsonWriter out(text);
    out.begin_object().key("segments").begin_array();
    for (const nudgekit::SegmentChange& change : engine.changes()) {
      out.begin_object()
          .member("segment", engine.segment_names()[change.segment])
          .member("entered", change.entered)
          .member("time", change.time_ms)
          .end_object();
    }
    out.end_array().key("stage");
    if (const auto& change = engine.stage_change()) {
      out.begin_object().key("stage").string_or_null(change->stage).key("previous").string_or_null(change->previous);
      out.member("time", change->time_ms).end_object();
    } else {
      out.null();
    }
    out.key("nudges").begin_array();
    for (const nudgekit::Nudge& nudge : engine.decisions()) engine.write_nudge_document(nudge, out);
    out.end_array().key("rewards").begin_array();
    for (const std::string& reward : engine.rewards_earned()) {
      out.begin_object().member("id", reward).member("time", engine.clock().now_ms).end_object();
    }
    out.end_array().end_object();
    return text;
  });
  return static_cast<double>(instance->output.size());
}

std::uintptr_t output_buffer(int id) {
  Instance* instance = find(id);
  return instance == nullptr ? 0 : reinterpret_cast<std::uintptr_t>(instance->output.data());
}

void set_user_id(int id, std::size_t length, bool provisional) {
  if (Instance* instance = find(id)) instance->engine.set_user_id(std::string(input_text(length)), provisional);
}

void forget(int id, std::size_t length, bool provisional) {
  if (Instance* instance = find(id)) {
    instance->engine.forget(std::string(input_text(length)), provisional);
    instance->snapshot.clear();
    instance->snapshot.shrink_to_fit();
  }
}

// How many raw events were dropped (0: none left), so the JS layer can shrink a snapshot over quota.
int shed_raw_events(int id) {
  Instance* instance = find(id);
  return instance == nullptr ? 0 : static_cast<int>(instance->engine.shed_oldest_raw_events());
}

void set_replica(int id, bool replica) {
  if (Instance* instance = find(id)) instance->engine.set_replica(replica);
}

// outcome: 0 shown, 1 clicked, 2 dismissed, 3 converted, 4 opened, 5 delivered. "" on success, else a
// JSON array of errors.
std::string report(int id, std::size_t id_length, int outcome, double time_ms) {
  return guarded([&]() -> std::string {
    Instance* instance = find(id);
    if (instance == nullptr) return kNoEngine;
    static const char* const kOutcomes[] = {"shown", "clicked", "dismissed", "converted", "opened", "delivered"};
    const bool valid_time = time_ms > -8.64e15 && time_ms < 8.64e15;
    Error error{"report.invalid_time", "/time", "time is epoch milliseconds within the range of JavaScript dates"};
    if (outcome < 0 || outcome > 5) error = {"report.invalid_outcome", "/outcome", "unknown outcome"};
    if (valid_time && outcome >= 0 && outcome <= 5 &&
        instance->engine.report(std::string(input_text(id_length)), kOutcomes[outcome], static_cast<std::int64_t>(time_ms), error)) {
      return "";
    }
    return nudgekit::to_json_text(errors_json({error}));
  });
}

std::string stats(int id) {
  return guarded([&] {
    Instance* instance = find(id);
    return instance == nullptr ? std::string("{}") : nudgekit::to_json_text(instance->engine.stats());
  });
}

std::string scores(int id) {
  return guarded([&] {
    Instance* instance = find(id);
    return instance == nullptr ? std::string("null") : nudgekit::to_json_text(instance->engine.scores());
  });
}

// The snapshot's length; its bytes stay in snapshotBuffer(id) until the next snapshot. -1 on failure.
double snapshot(int id) {
  Instance* instance = find(id);
  if (instance == nullptr) return -1;
  try {
    instance->snapshot = instance->engine.snapshot();
    return static_cast<double>(instance->snapshot.size());
  } catch (...) {
    return -1;
  }
}

std::uintptr_t snapshot_buffer(int id) {
  Instance* instance = find(id);
  return instance == nullptr ? 0 : reinterpret_cast<std::uintptr_t>(instance->snapshot.data());
}

std::string restore(int id, std::size_t length) {
  return guarded([&] {
    Instance* instance = find(id);
    if (instance == nullptr) return kNoEngine;
    Errors errors;
    const bool ok = instance->engine.restore(input_text(length), errors);
    return nudgekit::to_json_text(Json{{"ok", ok}, {"errors", errors_json(errors)}});
  });
}

std::string properties(int id) {
  return guarded([&] {
    Instance* instance = find(id);
    return instance == nullptr ? std::string("null") : instance->engine.properties_json();
  });
}

NK_COLD_CODE_END

// What the facade should fetch with takeChanges: segment and stage changes in the low 16 bits (only
// listeners need them), delivered nudges above (track and tick return those). 0: no call needed.
int changes_of(const Engine& engine) {
  const int events = static_cast<int>(engine.changes().size()) + (engine.stage_change() ? 1 : 0) +
                     static_cast<int>(engine.rewards_earned().size());
  return (events < 0xFFFF ? events : 0xFFFF) | static_cast<int>(engine.decisions().size() << 16);
}

// JS numbers are doubles; the facade checks them, and anything odd that still arrives reads as 0.
nudgekit::Clock clock_of(double now_ms, int utc_offset_minutes) {
  const bool valid = now_ms > -8.64e15 && now_ms < 8.64e15;  // false for NaN too
  return {valid ? static_cast<std::int64_t>(now_ms) : 0, utc_offset_minutes};
}

NK_COLD_CODE_BEGIN

// placement: the index in nudgekit::Placement. A JSON array of nudge documents in _nk_output_buffer(id);
// returns its length in bytes, or -1 for no such engine.
double next_nudges(int id, int placement, double now_ms, int utc_offset_minutes) {
  Instance* instance = find(id);
  if (instance == nullptr) return -1;
  instance->output = guarded([&] {
    if (placement < 0 || placement > static_cast<int>(nudgekit::Placement::Inbox)) return std::string("[]");
    instance->engine.set_clock(clock_of(now_ms, utc_offset_minutes));
    std::string text;
    nudgekit::JsonWriter out(text);
    out.begin_array();
    for (const nudgekit::Nudge* nudge : instance->engine.next_nudges(static_cast<nudgekit::Placement>(placement))) {
      instance->engine.write_nudge_document(*nudge, out);
    }
    out.end_array();
    return text;
  });
  return static_cast<double>(instance->output.size());
}

std::string explain(int id, std::size_t length, double now_ms, int utc_offset_minutes) {
  return guarded([&] {
    Instance* instance = find(id);
    if (instance == nullptr) return kNoEngine;
    instance->engine.set_clock(clock_of(now_ms, utc_offset_minutes));
    Json why;
    Error error;
    if (!instance->engine.explain(std::string(input_text(length)), why, error)) {
      return nudgekit::to_json_text(Json{{"ok", false}, {"errors", errors_json({error})}});
    }
    return nudgekit::to_json_text(Json{{"ok", true}, {"value", std::move(why)}});
  });
}

// The games and content calls share one shape: arguments as a JSON array in the input buffer, the
// answer as {"ok": true, "value"} or {"ok": false, "errors"}.
template <typename Call>
std::string with_arguments(int id, std::size_t length, double now_ms, int utc_offset_minutes, std::size_t count, Call call) {
  return guarded([&] {
    Instance* instance = find(id);
    if (instance == nullptr) return kNoEngine;
    instance->engine.set_clock(clock_of(now_ms, utc_offset_minutes));
    Json args = Json::parse(input_text(length), nullptr, false);
    Error error{"engine.invalid_argument", "", "expected " + std::to_string(count) + " string argument(s)"};
    Json value;
    bool ok = args.is_array() && args.size() == count;
    for (std::size_t i = 0; ok && i < count; ++i) ok = args[i].is_string();
    if (ok) ok = call(instance->engine, args, value, error);
    if (!ok) return nudgekit::to_json_text(Json{{"ok", false}, {"errors", errors_json({error})}});
    return nudgekit::to_json_text(Json{{"ok", true}, {"value", std::move(value)}});
  });
}

std::string render_item(int id, std::size_t length, double now_ms, int utc_offset_minutes) {
  return with_arguments(id, length, now_ms, utc_offset_minutes, 1, [](Engine& engine, const Json& args, Json& out, Error& error) {
    return engine.render_item(args[0].get<std::string>(), out, error);
  });
}

// The seed arrives as two 32-bit halves: a JS number holds 53 bits, a seed 64.
std::string spin(int id, std::size_t length, double seed_high, double seed_low, double now_ms, int utc_offset_minutes) {
  const auto half = [](double v) { return v >= 0 && v < 4294967296.0 ? static_cast<std::uint64_t>(v) : 0; };
  const std::uint64_t seed = (half(seed_high) << 32) | half(seed_low);
  return with_arguments(id, length, now_ms, utc_offset_minutes, 1, [&](Engine& engine, const Json& args, Json& out, Error& error) {
    return engine.spin(args[0].get<std::string>(), seed, out, error);
  });
}

std::string answer_quiz(int id, std::size_t length, double now_ms, int utc_offset_minutes) {
  return with_arguments(id, length, now_ms, utc_offset_minutes, 3, [](Engine& engine, const Json& args, Json& out, Error& error) {
    return engine.answer_quiz(args[0].get<std::string>(), args[1].get<std::string>(), args[2].get<std::string>(), out, error);
  });
}

// The input buffer holds a JSON array of supported tags, or `null` for the config's.
std::string language(int id, std::size_t length, double now_ms, int utc_offset_minutes) {
  return guarded([&] {
    Instance* instance = find(id);
    if (instance == nullptr) return kNoEngine;
    instance->engine.set_clock(clock_of(now_ms, utc_offset_minutes));
    const Json args = Json::parse(input_text(length), nullptr, false);
    std::vector<std::string> supported;
    if (args.is_array()) {
      for (std::size_t i = 0; i < args.size(); ++i) {
        std::string tag;
        Error error;
        if (!args[i].is_string() || !nudgekit::canonicalize_language_tag(args[i].get_ref<const std::string&>(), tag, error)) {
          error.code = "language.invalid_tag";
          error.pointer = "/supported/" + std::to_string(i);
          if (error.message.empty()) error.message = "a language tag is a string such as \"hi\" or \"en-IN\"";
          return nudgekit::to_json_text(Json{{"ok", false}, {"errors", errors_json({error})}});
        }
        supported.push_back(std::move(tag));
      }
    }
    const nudgekit::LanguageDecision decision = instance->engine.language(args.is_array() ? &supported : nullptr);
    return nudgekit::to_json_text(Json{{"ok", true}, {"value", decision.to_json()}});
  });
}

std::string rewards(int id, double now_ms, int utc_offset_minutes) {
  return guarded([&] {
    Instance* instance = find(id);
    if (instance == nullptr) return std::string(R"({"earned":[],"streaks":[]})");
    instance->engine.set_clock(clock_of(now_ms, utc_offset_minutes));
    return nudgekit::to_json_text(instance->engine.rewards());
  });
}

NK_COLD_CODE_END

// Count of matching segments (their indices are left in resultBuffer(id)), or -1 when id is unknown.
int segments(int id, double now_ms, int utc_offset_minutes) {
  Instance* instance = find(id);
  if (instance == nullptr) return -1;
  try {
    instance->engine.set_clock(clock_of(now_ms, utc_offset_minutes));
    return static_cast<int>(instance->engine.evaluate_segments().size());
  } catch (...) {
    return -1;
  }
}

// The input buffer holds the event name (UTF-8) followed by its props in the binary form. Returns the
// number of segment changes (see takeChanges), or -1 with the errors in lastError(id).
int track(int id, std::size_t name_length, std::size_t props_length, double time_ms, double now_ms,
          int utc_offset_minutes) {
  Instance* instance = find(id);
  if (instance == nullptr) return -1;
  try {
    const std::string_view input = input_text(name_length + props_length);
    if (input.size() != name_length + props_length) throw std::length_error("input");
    const bool valid_time = time_ms > -8.64e15 && time_ms < 8.64e15;
    Error error{"event.invalid_time", "/time", "time must be epoch milliseconds within JavaScript's Date range"};
    if (valid_time && instance->engine.track_binary(input.substr(0, name_length), input.substr(name_length),
                                                    static_cast<std::int64_t>(time_ms),
                                                    clock_of(now_ms, utc_offset_minutes), error)) {
      return changes_of(instance->engine);
    }
    instance->last_error = nudgekit::to_json_text(errors_json({error}));
  } catch (const std::bad_alloc&) {
    instance->last_error = R"([{"code":"engine.out_of_memory","pointer":"","message":"out of memory"}])";
  } catch (...) {
    instance->last_error = R"([{"code":"engine.internal","pointer":"","message":"internal error"}])";
  }
  return -1;
}

// mode 0: tick (time-dependent and stale segments), 1: refresh (stale ones only). Returns the number
// of segment changes, or -1.
int advance(int id, int mode, double now_ms, int utc_offset_minutes) {
  Instance* instance = find(id);
  if (instance == nullptr) return -1;
  try {
    const nudgekit::Clock clock = clock_of(now_ms, utc_offset_minutes);
    if (mode == 0) {
      instance->engine.tick(clock);
    } else {
      instance->engine.refresh(clock);
    }
    return changes_of(instance->engine);
  } catch (...) {
    return -1;
  }
}

// changes_of for the last evaluating call, for callers whose result was something else (segments()).
int change_count(int id) {
  Instance* instance = find(id);
  return instance == nullptr ? 0 : changes_of(instance->engine);
}

std::uintptr_t result_buffer(int id) {
  Instance* instance = find(id);
  if (instance == nullptr) return 0;
  return reinterpret_cast<std::uintptr_t>(instance->engine.evaluate_segments_result().data());
}

// 1 / 0, or -1 with the errors in lastError(id). dialect: 0 = the config's, 1 = nudgekit, 2 = growthbook.
int evaluate(int id, std::size_t length, int dialect, double now_ms, int utc_offset_minutes) {
  Instance* instance = find(id);
  if (instance == nullptr) return -2;
  try {
    instance->engine.set_clock(clock_of(now_ms, utc_offset_minutes));
    const Dialect chosen = dialect == 2 ? Dialect::GrowthBook : Dialect::Nudgekit;
    const auto result = instance->engine.evaluate(input_text(length), dialect == 0 ? nullptr : &chosen);
    if (result.ok) return result.value ? 1 : 0;
    instance->last_error = nudgekit::to_json_text(errors_json(result.errors));
  } catch (const std::bad_alloc&) {
    instance->last_error = R"([{"code":"engine.out_of_memory","pointer":"","message":"out of memory"}])";
  } catch (...) {
    instance->last_error = R"([{"code":"engine.internal","pointer":"","message":"internal error"}])";
  }
  return -1;
}

std::string last_error(int id) {
  Instance* instance = find(id);
  return instance == nullptr ? std::string("[]") : instance->last_error;
}

// Bytes currently allocated on the wasm heap: lets the JS tests assert that repeated calls do not leak.
double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace

// The calls made per event or per render are plain wasm exports (Module._nk_*): Embind's invoker
// without dynamic execution copies its arguments through arrays and a closure on every call, which
// cost 120–200 ns each, and a decided track() makes four of them. Numbers in and out only.
extern "C" {
EMSCRIPTEN_KEEPALIVE std::uintptr_t nk_input_buffer(std::size_t bytes) { return input_buffer(bytes); }
EMSCRIPTEN_KEEPALIVE int nk_set_properties(int id, std::size_t length, int replace) { return set_properties(id, length, replace != 0); }
EMSCRIPTEN_KEEPALIVE int nk_segments(int id, double now_ms, int utc_offset_minutes) { return segments(id, now_ms, utc_offset_minutes); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t nk_result_buffer(int id) { return result_buffer(id); }
EMSCRIPTEN_KEEPALIVE int nk_evaluate(int id, std::size_t length, int dialect, double now_ms, int utc_offset_minutes) {
  return evaluate(id, length, dialect, now_ms, utc_offset_minutes);
}
EMSCRIPTEN_KEEPALIVE int nk_track(int id, std::size_t name_length, std::size_t props_length, double time_ms, double now_ms,
                                  int utc_offset_minutes) {
  return track(id, name_length, props_length, time_ms, now_ms, utc_offset_minutes);
}
EMSCRIPTEN_KEEPALIVE int nk_advance(int id, int mode, double now_ms, int utc_offset_minutes) { return advance(id, mode, now_ms, utc_offset_minutes); }
EMSCRIPTEN_KEEPALIVE double nk_take_changes(int id) { return take_changes(id); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t nk_output_buffer(int id) { return output_buffer(id); }
EMSCRIPTEN_KEEPALIVE int nk_change_count(int id) { return change_count(id); }
EMSCRIPTEN_KEEPALIVE double nk_next_nudges(int id, int placement, double now_ms, int utc_offset_minutes) {
  return next_nudges(id, placement, now_ms, utc_offset_minutes);
}
}

EMSCRIPTEN_BINDINGS(nudgekit) {
  emscripten::function("createEngine", &create_engine);
  emscripten::function("destroyEngine", &destroy_engine);
  emscripten::function("loadConfig", &load_config);
  emscripten::function("validateConfig", &validate_config);
  emscripten::function("unsetProperties", &unset_properties);
  emscripten::function("properties", &properties);
  emscripten::function("scores", &scores);
  emscripten::function("setUserId", &set_user_id);
  emscripten::function("report", &report);
  emscripten::function("forget", &forget);
  emscripten::function("shedRawEvents", &shed_raw_events);
  emscripten::function("setReplica", &set_replica);
  emscripten::function("stats", &stats);
  emscripten::function("explain", &explain);
  emscripten::function("renderItem", &render_item);
  emscripten::function("spin", &spin);
  emscripten::function("answerQuiz", &answer_quiz);
  emscripten::function("rewards", &rewards);
  emscripten::function("language", &language);
  emscripten::function("snapshot", &snapshot);
  emscripten::function("snapshotBuffer", &snapshot_buffer);
  emscripten::function("restore", &restore);
  emscripten::function("lastError", &last_error);
  emscripten::function("heapInUse", &heap_in_use);
}

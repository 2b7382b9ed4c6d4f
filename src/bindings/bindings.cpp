// The only file that knows about Emscripten. It translates and catches; all logic lives in the core.
//
// Wire contract with web/src (see web/src/wasm/nudgekit.d.mts):
//   - Text goes in through one shared input buffer: JS asks inputBuffer(n) for a pointer, encodes UTF-8
//     into HEAPU8 there, then passes the byte length. This skips Embind's per-character string copy.
//   - Properties go in through the same buffer in the binary form of nudgekit/binary_input.h.
//   - Results come back as JSON text, except the hot paths: segments() returns a count and leaves the
//     matching indices in resultBuffer(id) as uint32; evaluate() returns 1/0, or -1 with lastError(id);
//     setProperties() returns 1, or 0 with lastError(id).
//   - Every function is total: C++ exceptions never cross into JS (they would leak the arguments).
#include <emscripten/bind.h>
#include <malloc.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "nudgekit/engine.h"
#include "../detail/cold.h"

namespace {

using nudgekit::Dialect;
using nudgekit::Engine;
using nudgekit::Error;
using nudgekit::Errors;
using nudgekit::Json;

struct Instance {
  Engine engine;
  std::string last_error = "[]";
};

std::unordered_map<int, std::unique_ptr<Instance>>& instances() {
  static std::unordered_map<int, std::unique_ptr<Instance>> map;
  return map;
}
int next_id = 1;
std::vector<char> input;

std::string_view input_text(std::size_t length) {
  return std::string_view(input.data(), length <= input.size() ? length : input.size());
}

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

std::uintptr_t input_buffer(std::size_t bytes) {
  try {
    // At least one byte, so that an empty text still gets a real (non-null) address.
    if (input.size() < bytes || input.empty()) input.resize(bytes > 0 ? bytes : 1);
    return reinterpret_cast<std::uintptr_t>(input.data());
  } catch (...) {
    return 0;
  }
}

NK_COLD_CODE_BEGIN

std::string load_result_json(const nudgekit::LoadResult& result, const Engine* engine) {
  Json out{{"ok", result.ok}, {"errors", errors_json(result.errors)}};
  if (result.ok && engine != nullptr) out["segments"] = engine->segment_names();
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

std::string properties(int id) {
  return guarded([&] {
    Instance* instance = find(id);
    return instance == nullptr ? std::string("null") : instance->engine.properties_json();
  });
}

NK_COLD_CODE_END

// Count of matching segments (their indices are left in resultBuffer(id)), or -1 when id is unknown.
int segments(int id) {
  Instance* instance = find(id);
  if (instance == nullptr) return -1;
  try {
    return static_cast<int>(instance->engine.evaluate_segments().size());
  } catch (...) {
    return -1;
  }
}

std::uintptr_t result_buffer(int id) {
  Instance* instance = find(id);
  if (instance == nullptr) return 0;
  return reinterpret_cast<std::uintptr_t>(instance->engine.evaluate_segments_result().data());
}

// 1 / 0, or -1 with the errors in lastError(id). dialect: 0 = the config's, 1 = nudgekit, 2 = growthbook.
int evaluate(int id, std::size_t length, int dialect) {
  Instance* instance = find(id);
  if (instance == nullptr) return -2;
  try {
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

EMSCRIPTEN_BINDINGS(nudgekit) {
  emscripten::function("createEngine", &create_engine);
  emscripten::function("destroyEngine", &destroy_engine);
  emscripten::function("inputBuffer", &input_buffer);
  emscripten::function("loadConfig", &load_config);
  emscripten::function("validateConfig", &validate_config);
  emscripten::function("setProperties", &set_properties);
  emscripten::function("unsetProperties", &unset_properties);
  emscripten::function("properties", &properties);
  emscripten::function("segments", &segments);
  emscripten::function("resultBuffer", &result_buffer);
  emscripten::function("evaluate", &evaluate);
  emscripten::function("lastError", &last_error);
  emscripten::function("heapInUse", &heap_in_use);
}

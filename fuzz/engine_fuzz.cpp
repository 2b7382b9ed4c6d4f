// libFuzzer target: arbitrary bytes as a config, a property document (as JSON text and in the binary
// form) and an ad-hoc condition, fed to one engine in sequence. Any crash, sanitizer report, leak or
// hang is a bug: the engine promises to answer every input with a value or an error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "nudgekit/engine.h"

namespace {

// Splits on the first two NUL bytes: config \0 properties \0 condition.
std::string_view take(std::string_view& rest) {
  const std::size_t cut = rest.find('\0');
  const std::string_view part = rest.substr(0, cut);
  rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
  return part;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const std::string_view config = take(rest);
  const std::string_view properties = take(rest);
  const std::string_view condition = rest;

  nudgekit::Engine engine;
  engine.load_config(config);
  nudgekit::Error error;
  engine.set_properties(properties, false, error);
  engine.evaluate_segments();
  engine.evaluate(condition);
  const nudgekit::Dialect growthbook = nudgekit::Dialect::GrowthBook;
  engine.evaluate(condition, &growthbook);
  // The binary property form (what the JS facade sends) holds NULs, so it gets the whole input.
  engine.set_properties_binary(std::string_view(reinterpret_cast<const char*>(data), size), true, error);
  engine.evaluate_segments();
  // Behaviour: an event named by the input, a tick, and the whole input as a snapshot to restore.
  const nudgekit::Clock clock{1'700'000'000'000, 330};
  engine.track(condition.substr(0, 16), nudgekit::Json::object(), clock.now_ms - 1000, clock, error);
  engine.tick(clock);
  nudgekit::Errors restore_errors;
  engine.restore(std::string_view(reinterpret_cast<const char*>(data), size), restore_errors);
  engine.evaluate_segments();
  const std::string saved = engine.snapshot();
  engine.restore(saved, restore_errors);
  // A second config over the first exercises the keep-last-good path.
  engine.load_config(condition);
  engine.evaluate_segments();
  return 0;
}

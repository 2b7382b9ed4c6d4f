// Size probe baseline: parse and dump JSON with nlohmann, as the engine already does.
#include <cstdio>
#include "nudgekit/json_input.h"
int main(int argc, char** argv) {
  nudgekit::Error error;
  const auto doc = nudgekit::parse_json_input(argc > 1 ? argv[1] : "{}", 1 << 20, 64, error);
  std::puts(doc ? nudgekit::to_json_text(*doc).c_str() : error.message.c_str());
  return 0;
}

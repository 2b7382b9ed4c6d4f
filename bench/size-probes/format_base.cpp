// Size probe baseline: the same libc number work as format_probe.cpp, without the CLDR tables.
#include <cstdio>
#include <cstdlib>
#include <string>
int main(int argc, char** argv) {
  const double value = argc > 2 ? std::strtod(argv[2], nullptr) : 0;
  char text[64];
  std::snprintf(text, sizeof text, "%.*e", argc, value);
  std::string out = std::string(argc > 1 ? argv[1] : "en") + text;
  std::puts(out.c_str());
  return 0;
}

// Size probe: number and date formatting with the generated CLDR tables (bench/size-probes/run.sh).
#include <cstdio>
#include <cstdlib>
#include <string>
#include "nudgekit/format.h"
int main(int argc, char** argv) {
  const double value = argc > 2 ? std::strtod(argv[2], nullptr) : 0;
  char text[64];
  std::snprintf(text, sizeof text, "%.*e", argc, value);
  std::string out = std::string(argc > 1 ? argv[1] : "en") + text;
  const nudgekit::LocaleFormat format = nudgekit::LocaleFormat::lookup(out);
  format.append_number(value, 0, argc, out);
  nudgekit::CivilDate day;
  if (nudgekit::civil_date_from_epoch_ms(value, argc, day)) format.append_date(day, out);
  std::puts(out.c_str());
  return 0;
}

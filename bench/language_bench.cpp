// Native timing of match_language on ../shared/bench-workload/locale-requests.json: the first call
// (the matcher for the supported list is built) and the warm per-call cost over all requests,
// median of 9 rounds.
// Usage: nudgekit_bench_language <locale-requests.json>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nudgekit/language.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: nudgekit_bench_language <locale-requests.json>\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << argv[1] << ": cannot open\n";
    return 2;
  }
  const nlohmann::json workload = nlohmann::json::parse(in);
  const auto supported = workload.at("available").get<std::vector<std::string>>();
  const auto requests = workload.at("requests").get<std::vector<std::vector<std::string>>>();
  nudgekit::LanguageMatchOptions options;
  options.default_locale = workload.at("default").get<std::string>();
  using clock = std::chrono::steady_clock;
  nudgekit::Error error;
  std::size_t sink = 0;
  const auto first_start = clock::now();
  sink += nudgekit::match_language(requests.at(0), supported, options, error)->tag.size();
  const double first_us = std::chrono::duration<double, std::micro>(clock::now() - first_start).count();
  std::vector<double> rounds;
  for (int round = 0; round < 11; ++round) {
    const auto start = clock::now();
    for (const auto& desired : requests) sink += nudgekit::match_language(desired, supported, options, error)->tag.size();
    const double us = std::chrono::duration<double, std::micro>(clock::now() - start).count() / requests.size();
    if (round >= 2) rounds.push_back(us);  // two warm-up rounds
  }
  std::sort(rounds.begin(), rounds.end());
  std::cout << "match_language, " << requests.size() << " requests x " << supported.size() << " supported\n"
            << "  first call: " << first_us << " us\n"
            << "  warm: median " << rounds[rounds.size() / 2] << " us/match, min " << rounds.front() << " us\n"
            << "  (checksum " << sink << ")\n";
  return 0;
}

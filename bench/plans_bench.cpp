// Native profile of issue 7's decisions: one borrower, a daily EMI reminder whose plan starts on
// "auto" (push, SMS or Viber by the user's reactions) and escalates to SMS after 20 h; two pushes in
// three are opened. Prints the median and p99 of track() (which decides the step and builds the send)
// and of tick() (which fires or cancels the escalation), against a fixed-channel plan and a plain
// in-app campaign, so the cost of each layer shows.
// Run: build-native/nudgekit_bench_plans
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "nudgekit/engine.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kStart = 1777867200000;  // 2026-05-04 04:00 UTC
constexpr int kDays = 3000;

std::string config(const std::string& delivery) {
  return R"({"version": 1, "languages": {"default": "en", "supported": ["en", "hi"]},
    "fatigue": {"perDay": 100, "perWeek": 500},
    "content": {"emi_reminder": {"kind": "message", "variants": {"en": {"title": "EMI due, {{profile.first_name}}"}, "hi": {"title": "EMI"}}}},
    "channels": {"mobile_push": {"cost": 0.0001, "reachable": {"push.token": {"$exists": true}}},
                 "sms": {"cost": 0.25, "reachable": {"phone": {"$exists": true}}},
                 "viber": {"cost": 0.3, "reachable": {"phone": {"$exists": true}}}},
    "reactions": {"events": {"push_opened": "opened"}},
    "sends": {"variables": ["first_name", "emi_amount"]},
    "campaigns": {"emi": {"trigger": {"event": "emi_due"}, "content": ["emi_reminder"], "goal": {"event": "emi_paid", "within": "2d"}, )" +
         delivery + "}}}";
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

void run(const char* label, const std::string& delivery) {
  nudgekit::Engine engine;
  const nudgekit::LoadResult loaded = engine.load_config(config(delivery));
  if (!loaded.ok) {
    std::printf("%s: config refused: %s %s\n", label, loaded.errors[0].pointer.c_str(), loaded.errors[0].message.c_str());
    return;
  }
  nudgekit::Error error;
  engine.set_properties(R"({"first_name": "Asha", "emi_amount": 4200, "push": {"token": "t"}, "phone": "+91"})", false, error);
  std::vector<double> track_us, tick_us;
  std::size_t decided = 0;
  std::size_t sink = 0;
  for (int day = 0; day < kDays; ++day) {
    std::int64_t now = kStart + day * kDay;
    auto start = Clock::now();
    engine.track("emi_due", nudgekit::Json::object(), now, {now, 330}, error);
    // What the binding hands to JS: every decision as its document, as text.
    for (const nudgekit::Nudge& nudge : engine.decisions()) sink += nudgekit::to_json_text(engine.nudge_document(nudge)).size();
    track_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    decided += engine.decisions().size();
    const std::string id = engine.decisions().empty() ? "" : engine.decisions()[0].id;
    if (!id.empty() && day % 3 != 2) engine.report(id, "opened", now + kHour, error);
    now += 21 * kHour;
    start = Clock::now();
    engine.tick({now, 330});
    tick_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    decided += engine.decisions().size();
  }
  std::printf("%-28s track p50 %7.2f µs  p99 %8.2f µs   tick p50 %7.2f µs  p99 %8.2f µs   (%zu decisions, %zu bytes)\n", label,
              quantile(track_us, 0.5), quantile(track_us, 0.99), quantile(tick_us, 0.5), quantile(tick_us, 0.99), decided, sink);
}

}  // namespace

int main() {
  run("auto plan + sms step", R"("plan": [{"channel": "auto", "from": ["mobile_push", "sms", "viber"]}, {"channel": "sms", "after": "20h"}])");
  run("fixed plan + sms step", R"("plan": [{"channel": "mobile_push"}, {"channel": "sms", "after": "20h"}])");
  run("single channel", R"("channel": "mobile_push")");
  run("in-app placement", R"("placement": "banner")");
  return 0;
}

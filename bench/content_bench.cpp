// Native benchmark of the content module on issue 6's catalog size: 400 items in 14 languages.
// Prints the median of 9 rounds for compiling the catalog, choosing an item, selecting its variant,
// and rendering a typical item (title, body with a number and a date, a CTA URL, an image), alone and
// with the JSON text the app receives. Texts differ per language and item; URLs differ per item and are
// shared by its languages, as in real catalogs.
// Run: build-native/nudgekit_bench_content
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "nudgekit/content.h"
#include "nudgekit/json_writer.h"

namespace {

using nudgekit::Json;
using Clock = std::chrono::steady_clock;

const char* const kLanguages[] = {"hi", "bn", "ta", "te", "mr", "gu", "kn", "ml", "pa", "or", "as", "ur", "en", "en-IN"};
const char* const kCategories[] = {"kirana", "pharmacy", "apparel", "electronics", "restaurant"};
const char* const kStages[] = {"educate", "enable", "encourage", "expand"};

Json catalog_document() {
  Json content = Json::object();
  for (int i = 0; i < 400; ++i) {
    Json variants = Json::object();
    for (const char* language : kLanguages) {
      variants[language] = {
          {"title", std::string("{{profile.first_name | default: \"friend\"}}, tip ") + std::to_string(i) + " (" + language + ")"},
          {"body", std::string("Record sales of ₹{{vars.amount | number: 2}} before {{profile.kyc_deadline | date}} (") + language + ")."},
          {"cta", {{"label", std::string("Open ledger ") + language}, {"url", "https://example.in/ledger?u={{user.id}}&i={{item.id}}"}}},
          {"media", {{"image", "https://cdn.example.in/tips/{{item.id}}.png"}, {"alt", std::string("Tip for {{profile.shop_name}} ") + language}}}};
    }
    content["tip_" + std::to_string(i)] = {{"kind", "tip"}, {"category", kCategories[i % 5]}, {"stages", {kStages[i % 4]}},
                                           {"variants", variants}};
  }
  return Json{{"content", content}};
}

template <typename Fn>
double median_ns(int iterations, Fn&& fn) {
  std::vector<double> rounds;
  for (int round = 0; round < 9; ++round) {
    const auto start = Clock::now();
    for (int i = 0; i < iterations; ++i) fn();
    rounds.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count() / iterations);
  }
  std::sort(rounds.begin(), rounds.end());
  return rounds[4];
}

}  // namespace

int main() {
  const Json doc = catalog_document();
  nudgekit::ContentOptions options;
  options.default_language = "en";
  nudgekit::Errors errors;
  // Catalogs are kept until the timing ends, so that freeing one is not counted as compiling the next.
  std::vector<std::shared_ptr<const nudgekit::ContentCatalog>> compiled;
  const double compile = median_ns(3, [&] { compiled.push_back(nudgekit::ContentCatalog::compile(doc, options, errors)); });
  const std::shared_ptr<const nudgekit::ContentCatalog> catalog = compiled.back();
  compiled.clear();
  if (catalog == nullptr) {
    std::fprintf(stderr, "catalog failed: %s %s\n", errors.at(0).pointer.c_str(), errors.at(0).message.c_str());
    return 1;
  }

  nudgekit::SeenTimes seen;
  for (int i = 0; i < 40; ++i) seen["tip_" + std::to_string(i * 10)] = 1'700'000'000'000 - i * 3'600'000;
  const std::vector<std::string> chain = {"hi-IN", "hi", "en-IN", "en"};
  nudgekit::ContentQuery query;
  query.category = "kirana";
  query.stage = "enable";
  query.not_seen_within_ms = 7 * 86'400'000LL;
  query.language_chain = &chain;
  std::optional<nudgekit::ContentChoice> choice;
  const double choose = median_ns(2000, [&] { choice = nudgekit::choose_item(*catalog, query, seen, 1'700'000'000'000); });

  const nudgekit::ContentItem& item = *choice->item;
  std::optional<nudgekit::VariantChoice> variant;
  const double select = median_ns(200000, [&] { variant = nudgekit::select_variant(item, chain); });

  const Json profile = {{"first_name", "Asha"}, {"kyc_deadline", 1'772'735'400'000LL}, {"shop_name", "Asha Kirana Store"}};
  const Json vars = {{"amount", 125000.5}};
  nudgekit::RenderInputs inputs;
  inputs.profile = &profile;
  inputs.vars = &vars;
  inputs.user_id = "merchant-1042";
  inputs.locale = variant->locale;
  inputs.utc_offset_minutes = 330;
  nudgekit::RenderedContent rendered;
  const double render = median_ns(100000, [&] { nudgekit::render_content(item, variant->language, inputs, rendered); });
  std::string json;
  const double render_json = median_ns(50000, [&] {
    nudgekit::render_content(item, variant->language, inputs, rendered);
    json.clear();
    nudgekit::JsonWriter out(json);
    out.begin_object();
    rendered.write_members(out);
    out.end_object();
  });

  std::printf("content catalog: 400 items x 14 languages (%zu items)\n", catalog->items().size());
  std::printf("  compile catalog          %10.1f ms\n", compile / 1e6);
  std::printf("  choose_item (400 items)  %10.2f us\n", choose / 1e3);
  std::printf("  select_variant           %10.1f ns\n", select);
  std::printf("  render_content           %10.2f us\n", render / 1e3);
  std::printf("  render + JSON text       %10.2f us\n", render_json / 1e3);
  std::printf("  sample: %s\n", json.c_str());
  return 0;
}

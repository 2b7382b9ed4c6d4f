// Which content item a decided nudge carries, and that item resolved for the user: the variant in
// their language, its templates rendered with their properties.
#include <algorithm>

#include "nudgekit/engine.h"
#include "nudgekit/json_writer.h"
#include "nudgekit/language.h"

namespace nudgekit {

LanguageDecision Engine::language(const std::vector<std::string>* supported) const {
  if (supported != nullptr) return choose_language(config_->languages, *supported, profile_.properties(), clock_.now_ms);
  content_language_chain();
  return language_cache_.decision;
}

// Apps set properties far more often than the few a language is chosen from: a changed profile
// decides again only when those changed, or the clock left the decision's window.
const std::vector<std::string>& Engine::content_language_chain() const {
  LanguageCache& cache = language_cache_;
  const bool in_window = clock_.now_ms >= cache.decision.holds_from_ms && clock_.now_ms < cache.decision.holds_until_ms;
  if (cache.valid && in_window) return cache.decision.chain;
  LanguageSignals signals = language_signals(profile_.properties());
  if (!cache.decided || !in_window || signals != cache.signals) {
    cache.decision = choose_language(config_->languages, config_->supported_languages, profile_.properties(), clock_.now_ms);
    cache.signals = std::move(signals);
    cache.decided = true;
  }
  cache.valid = true;
  return cache.decision.chain;
}

std::string_view Engine::lifecycle_stage() const { return scores_.stage(); }

std::optional<Engine::PickedContent> Engine::choose_content(const CampaignConfig& campaign,
                                                            const VariantConfig* variant) const {
  const ContentCatalog& catalog = *config_->content;
  const std::vector<std::string>& items =
      variant != nullptr && !variant->content.empty() ? variant->content : campaign.content.items;
  const std::vector<std::string>& chain = content_language_chain();
  if (!campaign.content.best) {
    // A list is an order of preference: the first item that speaks one of the user's languages.
    for (const std::string& id : items) {
      const ContentItem* item = catalog.find(id);
      if (item == nullptr) continue;
      if (const auto chosen = select_variant(*item, chain)) return PickedContent{id, std::string(chosen->language), 0};
    }
    return std::nullopt;
  }
  ContentQuery query;
  query.candidates = items.empty() ? nullptr : &items;
  const Json* category = lookup_path(profile_.properties(), campaign.content.category_path);
  if (category != nullptr && category->is_string()) query.category = category->get_ref<const std::string&>();
  query.stage = lifecycle_stage();
  query.not_seen_within_ms = campaign.content.not_seen_within_ms;
  query.language_chain = &chain;
  query.kinds = campaign.content.kinds;
  const auto chosen = choose_item(catalog, query, nudge_state_.content_seen, clock_.now_ms);
  if (!chosen || !chosen->variant) return std::nullopt;
  const ContentItem& item = *chosen->item;
  // The fit breaks ties between campaigns of equal priority: made for the user's category, then stage.
  const auto names = [](const std::vector<std::string>& labels, std::string_view value) {
    return !value.empty() && std::binary_search(labels.begin(), labels.end(), value);
  };
  const double score = (names(item.categories, query.category) ? 2.0 : 0.0) + (names(item.stages, query.stage) ? 1.0 : 0.0) +
                       (nudge_state_.content_seen.count(item.id) == 0 ? 0.5 : 0.0);
  return PickedContent{item.id, std::string(chosen->variant->language), score};
}

bool Engine::write_rendered(const ContentItem& item, const std::string& language, JsonWriter& out) const {
  // Numbers and dates follow the user's own tag when it led to this variant (en-IN reading "en").
  const std::vector<std::string>& chain = content_language_chain();
  const auto current = select_variant(item, chain);
  RenderInputs inputs;
  inputs.profile = &profile_.properties();
  inputs.user_id = nudge_state_.user_id;
  inputs.locale = current && current->language == language ? current->locale : std::string_view(language);
  inputs.utc_offset_minutes = clock_.utc_offset_minutes;
  RenderedContent& content = render_scratch_;
  if (!render_content(item, language, inputs, content)) return false;
  out.begin_object();
  content.write_members(out);
  out.member("direction", direction_of(language));
  out.end_object();
  return true;
}

// A pure function of the tag, and a catalog has a few dozen languages: parsing the tag again for
// every rendered nudge cost a tenth of a decision.
const char* Engine::direction_of(const std::string& language) const {
  for (const auto& [tag, direction] : direction_cache_) {
    if (tag == language) return direction;
  }
  Error ignored;  // variant tags were validated when the catalog loaded
  const char* direction = text_direction(language, ignored);
  if (direction_cache_.size() < 64) direction_cache_.emplace_back(language, direction);
  return direction;
}

bool Engine::render_item(const std::string& id, Json& out, Error& error) const {
  const ContentItem* item = config_->content->find(id);
  if (item == nullptr) {
    error = {"content.unknown_item", "", "no content item \"" + id + "\" in the config"};
    return false;
  }
  const auto chosen = select_variant(*item, content_language_chain());
  if (!chosen) {
    error = {"content.no_variant", "", "\"" + id + "\" has no variant in the user's languages"};
    return false;
  }
  std::string text;
  JsonWriter writer(text);
  out = write_rendered(*item, std::string(chosen->language), writer) ? Json::parse(text) : Json(nullptr);
  return true;
}

void Engine::write_nudge_document(const Nudge& nudge, JsonWriter& out) const {
  out.begin_object();
  out.member("id", nudge.id).member("campaign", nudge.campaign);
  out.key("variant").string_or_null(nudge.variant);
  out.member("priority", nudge.priority);
  out.key("content");
  const ContentItem* item = config_->content->find(nudge.item);
  // A nudge decided under an earlier config may name an item that is gone: it still says which.
  if (item == nullptr || !write_rendered(*item, nudge.language, out)) {
    out.begin_object().member("item", nudge.item).member("language", nudge.language).end_object();
  }
  out.member("reason", nudge.reason).member("time", nudge.decided_ms).member("expiresAt", nudge.expires_ms);
  out.member("plan", nudge.plan.empty() ? nudge.id : nudge.plan).member("step", nudge.step);
  if (!nudge.channel_reason.empty()) out.member("channelReason", nudge.channel_reason);
  if (nudge.channel == Channel::InApp) {
    out.member("placement", placement_name(nudge.placement));
  } else {
    out.member("channel", channel_name(nudge.channel)).member("send", send_payload(nudge));
  }
  out.end_object();
}

Json Engine::nudge_document(const Nudge& nudge) const {
  std::string text;
  JsonWriter writer(text);
  write_nudge_document(nudge, writer);
  return Json::parse(text);
}

}  // namespace nudgekit

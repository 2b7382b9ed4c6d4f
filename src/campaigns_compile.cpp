// Reads the "fatigue" and "campaigns" sections (see nudgekit/campaigns.h), every mistake named by its
// JSON pointer.
#include <algorithm>
#include <cmath>

#include "detail/cold.h"
#include "detail/section_reader.h"
#include "nudgekit/campaigns.h"
#include "nudgekit/duration.h"
#include "nudgekit/time_text.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

constexpr std::size_t kMaxCampaigns = 1000;
constexpr std::size_t kMaxVariants = 20;
constexpr std::size_t kMaxContentItems = 1000;
constexpr std::size_t kMaxPlanSteps = 8;
constexpr const char* kPlacements[] = {"banner", "modal", "sheet", "card", "tooltip", "inbox"};
constexpr const char* kChannels[] = {"in_app", "web_push", "mobile_push", "email", "sms", "whatsapp", "viber"};
constexpr const char* kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

template <typename Enum, std::size_t N>
bool named(const Json& j, const char* const (&names)[N], Enum& out) {
  if (!j.is_string()) return false;
  for (std::size_t i = 0; i < N; ++i) {
    if (j.get_ref<const std::string&>() == names[i]) {
      out = static_cast<Enum>(i);
      return true;
    }
  }
  return false;
}

template <std::size_t N>
std::string listed(const char* const (&names)[N]) {
  std::string out;
  for (const char* name : names) out.append(out.empty() ? "" : ", ").append(name);
  return out;
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; });
}

class CampaignsCompiler : detail::SectionReader {
 public:
  CampaignsCompiler(const ConditionOptions& options, AttributeTable& attributes, Errors& errors)
      : SectionReader(errors), options_(options), attributes_(attributes) {}

  void fatigue(const Json& j, FatigueConfig& out) {
    const std::string ptr = "/fatigue";
    if (!keys(j, ptr, {"perDay", "perWeek", "minGap", "quietHours"})) return;
    if (const Json* v = optional(j, "perDay")) integer(*v, pointer_append(ptr, "perDay"), out.per_day, 0, 1000);
    if (const Json* v = optional(j, "perWeek")) integer(*v, pointer_append(ptr, "perWeek"), out.per_week, 0, 10000);
    if (const Json* v = optional(j, "minGap")) duration(*v, pointer_append(ptr, "minGap"), out.min_gap_ms, "2h");
    if (const Json* v = optional(j, "quietHours")) quiet_hours(*v, pointer_append(ptr, "quietHours"), out.quiet_hours);
  }

  void campaigns(const Json& j, CampaignsConfig& out) {
    if (!j.is_object()) return fail("/campaigns", "campaigns is an object of id → campaign", "config.invalid_type");
    if (j.size() > kMaxCampaigns) {
      return fail("/campaigns", std::to_string(j.size()) + " campaigns; the limit is " + std::to_string(kMaxCampaigns),
                  "config.too_large");
    }
    for (const auto& item : j.items()) {
      const std::string ptr = pointer_append("/campaigns", item.key());
      if (!valid_id(item.key())) {
        fail(ptr, "campaign ids start with a letter or _ and use letters, digits, _ - . (at most 64)", "config.invalid_id");
        continue;
      }
      CampaignConfig campaign;
      campaign.id = item.key();
      campaign.salt = item.key();
      if (read_campaign(item.value(), ptr, campaign)) out.campaigns.push_back(std::move(campaign));
    }
    std::stable_sort(out.campaigns.begin(), out.campaigns.end(), [](const CampaignConfig& a, const CampaignConfig& b) {
      return a.priority != b.priority ? a.priority > b.priority : a.id < b.id;
    });
  }

 private:
  ConditionOptions plain_options() const {
    ConditionOptions plain;
    plain.limits = options_.limits;
    return plain;
  }

  Condition condition(const Json& j, const std::string& ptr) {
    return Condition::compile(j, ptr, attributes_, options_, errors());
  }

  bool segment(const Json& j, const std::string& ptr, std::uint32_t& out) {
    const std::vector<std::string>& names = *options_.segment_names;
    if (j.is_string()) {
      const auto found = std::lower_bound(names.begin(), names.end(), j.get_ref<const std::string&>());
      if (found != names.end() && *found == j.get_ref<const std::string&>()) {
        out = static_cast<std::uint32_t>(found - names.begin());
        return true;
      }
    }
    fail(ptr, "names no segment of this config", "condition.unknown_segment");
    return false;
  }

  void segment_list(const Json& j, const std::string& ptr, std::vector<std::uint32_t>& out) {
    if (!j.is_array()) return fail(ptr, "a list of segment names", "config.invalid_type");
    for (std::size_t i = 0; i < j.size(); ++i) {
      std::uint32_t index = 0;
      if (segment(j[i], pointer_append(ptr, i), index)) out.push_back(index);
    }
  }

  void quiet_hours(const Json& j, const std::string& ptr, QuietHours& out) {
    if (j.is_boolean() && !j.get<bool>()) {
      out.enabled = false;
      return;
    }
    if (!keys(j, ptr, {"from", "to"})) return;
    const Json* from = required(j, ptr, "from");
    const Json* to = required(j, ptr, "to");
    if (from == nullptr || to == nullptr) return;
    if (clock_time(*from, pointer_append(ptr, "from"), out.from_minute) && clock_time(*to, pointer_append(ptr, "to"), out.to_minute)) {
      out.enabled = out.from_minute != out.to_minute;
    }
  }

  bool read_campaign(const Json& j, const std::string& ptr, CampaignConfig& c) {
    const std::size_t before = error_count();
    if (!keys(j, ptr, {"trigger", "audience", "schedule", "priority", "placement", "channel", "plan", "content", "caps", "quietHours",
                       "goal", "variants", "salt", "expiresAfter"})) {
      return false;
    }
    if (const Json* v = required(j, ptr, "trigger")) trigger(*v, pointer_append(ptr, "trigger"), c.trigger);
    if (const Json* v = optional(j, "audience")) audience(*v, pointer_append(ptr, "audience"), c);
    if (const Json* v = optional(j, "schedule")) schedule(*v, pointer_append(ptr, "schedule"), c);
    if (const Json* v = optional(j, "priority")) {
      std::int64_t priority = 0;
      if (integer(*v, pointer_append(ptr, "priority"), priority, 0, 1000)) c.priority = static_cast<int>(priority);
    }
    target(j, ptr, c);
    if (const Json* v = required(j, ptr, "content")) content(*v, pointer_append(ptr, "content"), c.content);
    if (const Json* v = optional(j, "caps")) caps(*v, pointer_append(ptr, "caps"), c.caps);
    if (const Json* v = optional(j, "quietHours")) {
      c.own_quiet_hours = true;
      quiet_hours(*v, pointer_append(ptr, "quietHours"), c.quiet_hours);
    }
    if (const Json* v = optional(j, "goal")) goal(*v, pointer_append(ptr, "goal"), c.goal);
    if (const Json* v = optional(j, "variants")) variants(*v, pointer_append(ptr, "variants"), c.variants);
    if (const Json* v = optional(j, "salt")) text(*v, pointer_append(ptr, "salt"), c.salt, 128);
    if (const Json* v = optional(j, "expiresAfter")) duration(*v, pointer_append(ptr, "expiresAfter"), c.expires_after_ms, "3d");
    return error_count() == before;
  }

  void target(const Json& j, const std::string& ptr, CampaignConfig& c) {
    const Json* placement = optional(j, "placement");
    const Json* channel = optional(j, "channel");
    const Json* plan = optional(j, "plan");
    if ((placement != nullptr) + (channel != nullptr) + (plan != nullptr) != 1) {
      return fail(ptr, "a campaign has one of \"placement\" (in-app: " + listed(kPlacements) + "), \"channel\" (a send: " +
                           listed(kChannels) + ") or \"plan\" (steps across channels)",
                  "config.missing_key");
    }
    PlanStep step;
    if (placement != nullptr && !named(*placement, kPlacements, step.placement)) {
      fail(pointer_append(ptr, "placement"), "one of " + listed(kPlacements));
    }
    if (channel != nullptr && (!named(*channel, kChannels, step.channel) || step.channel == Channel::InApp)) {
      fail(pointer_append(ptr, "channel"), "a send channel, one of " + listed(kChannels) +
                                               " (in-app nudges name their \"placement\" instead)");
    }
    if (plan != nullptr) {
      plan_steps(*plan, pointer_append(ptr, "plan"), c.plan);
    } else {
      c.plan.push_back(step);
    }
    if (c.plan.empty()) c.plan.push_back(step);  // after an error: keeps plan[0] readable
    c.channel = c.plan[0].channel;
    c.placement = c.plan[0].placement;
  }

  void plan_steps(const Json& j, const std::string& ptr, std::vector<PlanStep>& out) {
    if (!j.is_array() || j.empty() || j.size() > kMaxPlanSteps) {
      return fail(ptr, "a plan is a list of 1 to " + std::to_string(kMaxPlanSteps) + " steps", "config.invalid_type");
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
      const std::string at = pointer_append(ptr, i);
      const Json& v = j[i];
      if (!keys(v, at, {"channel", "placement", "after", "unlessReacted", "from"})) continue;
      PlanStep step;
      const Json* channel = required(v, at, "channel");
      if (channel == nullptr) continue;
      if (channel->is_string() && channel->get_ref<const std::string&>() == "auto") {
        step.automatic = true;
        step.channel = Channel::MobilePush;  // replaced by the choice; never read before it
      } else if (!named(*channel, kChannels, step.channel)) {
        fail(pointer_append(at, "channel"), "\"auto\" or one of " + listed(kChannels));
        continue;
      }
      const Json* placement = optional(v, "placement");
      if (step.channel == Channel::InApp && !step.automatic) {
        if (placement == nullptr) {
          fail(at, "an in_app step names its \"placement\": " + listed(kPlacements), "config.missing_key");
        } else if (!named(*placement, kPlacements, step.placement)) {
          fail(pointer_append(at, "placement"), "one of " + listed(kPlacements));
        }
      } else if (placement != nullptr) {
        fail(pointer_append(at, "placement"), "only an in_app step has a placement", "config.unknown_key");
      }
      if (const Json* from = optional(v, "from")) {
        if (!step.automatic) {
          fail(pointer_append(at, "from"), "only an \"auto\" step chooses \"from\" channels", "config.unknown_key");
        } else if (!from->is_array() || from->empty()) {
          fail(pointer_append(at, "from"), "a list of send channels");
        } else {
          for (std::size_t k = 0; k < from->size(); ++k) {
            Channel candidate = Channel::InApp;
            if (!named((*from)[k], kChannels, candidate) || candidate == Channel::InApp) {
              fail(pointer_append(pointer_append(at, "from"), k), "a send channel: " + listed(kChannels) + " but in_app");
              continue;
            }
            step.candidates = static_cast<std::uint8_t>(step.candidates | (1u << static_cast<unsigned>(candidate)));
          }
        }
      }
      if (const Json* after = optional(v, "after")) {
        if (i == 0) {
          fail(pointer_append(at, "after"), "the first step goes when the campaign decides; later steps wait \"after\" it",
               "config.unknown_key");
        } else {
          duration(*after, pointer_append(at, "after"), step.after_ms, "24h");
        }
      }
      if (const Json* unless = optional(v, "unlessReacted")) {
        if (!unless->is_boolean()) {
          fail(pointer_append(at, "unlessReacted"), "true or false", "config.invalid_type");
        } else {
          step.unless_reacted = unless->get<bool>();
        }
      }
      out.push_back(step);
    }
  }

  void trigger(const Json& j, const std::string& ptr, TriggerConfig& t) {
    if (!j.is_object() || j.size() != 1) {
      return fail(ptr, "a trigger is one of {\"event\"}, {\"screen\"}, {\"segmentEntered\"}, {\"segmentLeft\"}, "
                       "{\"inactivity\"}, {\"funnelStall\"}, {\"condition\"}, {\"schedule\"}",
                  "config.invalid_type");
    }
    const std::string& kind = j.begin().key();
    const Json& v = j.begin().value();
    const std::string at = pointer_append(ptr, kind);
    t.description = kind;
    if (kind == "event" || kind == "screen") {
      t.kind = TriggerKind::Event;
      const Json* name = &v;
      if (kind == "event" && v.is_object()) {
        if (!keys(v, at, {"name", "where"})) return;
        name = required(v, at, "name");
        if (name == nullptr) return;
        if (const Json* where = optional(v, "where")) {
          t.has_where = true;
          t.where = Condition::compile(*where, pointer_append(at, "where"), t.where_attributes, plain_options(), errors());
        }
      }
      if (kind == "screen") {
        std::string screen;
        if (!text(v, at, screen, 128, "a screen name")) return;
        t.event = options_.event_names->intern("screen_view");
        t.has_where = true;
        t.where = Condition::compile(Json{{"screen", screen}}, at, t.where_attributes, plain_options(), errors());
        t.description = "screen " + screen;
        return;
      }
      if (event(*name, kind == "event" && v.is_object() ? pointer_append(at, "name") : at, *options_.event_names, t.event)) {
        t.description = "event " + name->get<std::string>();
      }
    } else if (kind == "segmentEntered" || kind == "segmentLeft") {
      t.kind = kind == "segmentEntered" ? TriggerKind::SegmentEntered : TriggerKind::SegmentLeft;
      if (segment(v, at, t.segment)) t.description = kind + " " + v.get<std::string>();
    } else if (kind == "inactivity") {
      t.kind = TriggerKind::Condition;
      if (!keys(v, at, {"event", "for"})) return;
      const Json* name = required(v, at, "event");
      const Json* idle = required(v, at, "for");
      std::uint32_t ignored = 0;
      std::int64_t idle_ms = 0;
      if (name == nullptr || idle == nullptr || !event(*name, pointer_append(at, "event"), *options_.event_names, ignored) ||
          !duration(*idle, pointer_append(at, "for"), idle_ms, "3d")) {
        return;
      }
      t.when = condition(Json{{"$recency", {{"name", *name}, {"olderThan", *idle}}}}, at);
      t.description = "inactivity: no " + name->get<std::string>() + " for " + idle->get<std::string>();
    } else if (kind == "funnelStall") {
      t.kind = TriggerKind::Condition;
      if (!v.is_object() || !v.contains("stalledAfter")) return fail(at, "a funnel with \"steps\", \"stalledAfter\" and \"idleFor\"", "config.missing_key");
      t.when = condition(Json{{"$funnel", v}}, at);
      t.description = "funnel stalled after " + v["stalledAfter"].dump();
    } else if (kind == "condition") {
      t.kind = TriggerKind::Condition;
      t.when = condition(v, at);
      t.description = "condition became true";
    } else if (kind == "schedule") {
      t.kind = TriggerKind::Schedule;
      if (!keys(v, at, {"at", "days"})) return;
      if (const Json* time = required(v, at, "at")) {
        if (clock_time(*time, pointer_append(at, "at"), t.at_minute)) t.description = "schedule " + time->get<std::string>();
      }
      if (const Json* days = optional(v, "days")) {
        t.days = 0;
        if (!days->is_array() || days->empty()) return fail(pointer_append(at, "days"), "a list of weekdays: " + listed(kWeekdays));
        for (std::size_t i = 0; i < days->size(); ++i) {
          int day = 0;
          if (!named((*days)[i], kWeekdays, day)) {
            fail(pointer_append(pointer_append(at, "days"), i), "one of " + listed(kWeekdays));
            continue;
          }
          t.days = static_cast<std::uint8_t>(t.days | (1u << day));
        }
      }
    } else {
      fail(at, "unknown trigger \"" + kind + "\"", "config.unknown_key");
    }
  }

  void audience(const Json& j, const std::string& ptr, CampaignConfig& c) {
    if (!keys(j, ptr, {"segments", "exclude", "condition"})) return;
    if (const Json* v = optional(j, "segments")) segment_list(*v, pointer_append(ptr, "segments"), c.audience_segments);
    if (const Json* v = optional(j, "exclude")) segment_list(*v, pointer_append(ptr, "exclude"), c.exclude_segments);
    if (const Json* v = optional(j, "condition")) {
      c.has_condition = true;
      c.condition = condition(*v, pointer_append(ptr, "condition"));
    }
  }

  // A bound is an instant ("2026-03-01T00:00:00+05:30") or a local calendar date ("2026-03-01": from
  // the start of that day for "start", to its end for "end", in the user's zone).
  void schedule(const Json& j, const std::string& ptr, CampaignConfig& c) {
    if (!keys(j, ptr, {"start", "end"})) return;
    const auto bound = [&](const char* key, std::int64_t& ms, std::int32_t& day) {
      const Json* v = optional(j, key);
      if (v == nullptr) return;
      if (v->is_string() && (parse_instant(v->get_ref<const std::string&>(), ms) || parse_date(v->get_ref<const std::string&>(), day))) return;
      fail(pointer_append(ptr, key), "an instant like \"2026-03-01T09:00:00+05:30\" or a local date like \"2026-03-01\"");
    };
    bound("start", c.start_ms, c.start_day);
    bound("end", c.end_ms, c.end_day);
  }

  void content(const Json& j, const std::string& ptr, ContentChoiceConfig& out) {
    const Json* list = &j;
    if (j.is_object()) {
      if (!keys(j, ptr, {"best"})) return;
      const Json* best = required(j, ptr, "best");
      const std::string best_ptr = pointer_append(ptr, "best");
      if (best == nullptr || !keys(*best, best_ptr, {"from", "notSeenWithin", "kinds", "category"})) return;
      out.best = true;
      if (const Json* v = optional(*best, "notSeenWithin")) duration(*v, pointer_append(best_ptr, "notSeenWithin"), out.not_seen_within_ms, "14d");
      if (const Json* v = optional(*best, "kinds")) kinds(*v, pointer_append(best_ptr, "kinds"), out.kinds);
      if (const Json* v = optional(*best, "category")) {
        std::string path;
        if (text(*v, pointer_append(best_ptr, "category"), path, 256, "the profile property naming the user's category")) {
          out.category_path = split_path(path);
        }
      }
      list = optional(*best, "from");
      if (list == nullptr) return;  // every item of the catalog
      items(*list, pointer_append(best_ptr, "from"), out.items);
      return;
    }
    items(*list, ptr, out.items);
    if (out.items.empty() && list->is_array()) fail(ptr, "at least one content item id", "config.invalid_value");
  }

  void kinds(const Json& j, const std::string& ptr, std::uint32_t& out) {
    const auto bad = [&] { fail(ptr, "a list of content kinds: tip, video, quiz, wheel, offer, message", "config.invalid_value"); };
    if (!j.is_array() || j.empty()) return bad();
    for (const Json& kind : j) {
      bool known = false;
      for (std::uint8_t k = 0; k <= static_cast<std::uint8_t>(ContentKind::Message) && !known; ++k) {
        if (kind.is_string() && kind.get_ref<const std::string&>() == content_kind_name(static_cast<ContentKind>(k))) {
          out |= 1u << k;
          known = true;
        }
      }
      if (!known) return bad();
    }
  }

  void items(const Json& j, const std::string& ptr, std::vector<std::string>& out) {
    if (!j.is_array() || j.size() > kMaxContentItems) {
      return fail(ptr, "a list of content item ids (at most " + std::to_string(kMaxContentItems) + ")", "config.invalid_type");
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
      std::string id;
      if (text(j[i], pointer_append(ptr, i), id, 128, "a content item id")) out.push_back(std::move(id));
    }
  }

  void caps(const Json& j, const std::string& ptr, CapsConfig& out) {
    if (!keys(j, ptr, {"perDay", "perWeek", "total", "cooldown", "dismissCooldown"})) return;
    if (const Json* v = optional(j, "perDay")) integer(*v, pointer_append(ptr, "perDay"), out.per_day, 0, 1000);
    if (const Json* v = optional(j, "perWeek")) integer(*v, pointer_append(ptr, "perWeek"), out.per_week, 0, 10000);
    if (const Json* v = optional(j, "total")) integer(*v, pointer_append(ptr, "total"), out.total, 0, 1000000);
    if (const Json* v = optional(j, "cooldown")) duration(*v, pointer_append(ptr, "cooldown"), out.cooldown_ms, "12h");
    if (const Json* v = optional(j, "dismissCooldown")) duration(*v, pointer_append(ptr, "dismissCooldown"), out.dismiss_cooldown_ms, "3d");
  }

  void goal(const Json& j, const std::string& ptr, GoalConfig& out) {
    if (!keys(j, ptr, {"event", "within"})) return;
    const Json* name = required(j, ptr, "event");
    const Json* within = required(j, ptr, "within");
    if (name == nullptr || within == nullptr) return;
    out.enabled = event(*name, pointer_append(ptr, "event"), *options_.event_names, out.event) &&
                  duration(*within, pointer_append(ptr, "within"), out.within_ms, "3d");
  }

  void variants(const Json& j, const std::string& ptr, std::vector<VariantConfig>& out) {
    if (!j.is_object() || j.empty() || j.size() > kMaxVariants) {
      return fail(ptr, "variants is an object of name → weight (or {\"weight\", \"content\"}), at most " +
                           std::to_string(kMaxVariants),
                  "config.invalid_type");
    }
    double total = 0;
    for (const auto& item : j.items()) {
      const std::string at = pointer_append(ptr, item.key());
      VariantConfig variant;
      variant.name = item.key();
      variant.control = item.key() == "control";
      if (!valid_id(item.key())) {
        fail(at, "variant names start with a letter or _ and use letters, digits, _ - .", "config.invalid_id");
        continue;
      }
      const Json* weight = &item.value();
      if (item.value().is_object()) {
        if (!keys(item.value(), at, {"weight", "content"})) continue;
        weight = required(item.value(), at, "weight");
        if (const Json* list = optional(item.value(), "content")) {
          if (variant.control) fail(pointer_append(at, "content"), "the control group is shown nothing");
          items(*list, pointer_append(at, "content"), variant.content);
        }
        if (weight == nullptr) continue;
      }
      if (!number(*weight, item.value().is_object() ? pointer_append(at, "weight") : at, variant.weight, 0)) continue;
      total += variant.weight;
      out.push_back(std::move(variant));
    }
    if (total <= 0) return fail(ptr, "the variants' weights must add up to more than 0");
    for (VariantConfig& variant : out) variant.weight /= total;
  }

  const ConditionOptions& options_;
  AttributeTable& attributes_;
};

void index_campaigns(CampaignsConfig& config, std::size_t event_count, std::size_t segment_count) {
  config.by_event.assign(event_count, {});
  config.by_goal_event.assign(event_count, {});
  config.entered_segment.assign(segment_count, {});
  config.left_segment.assign(segment_count, {});
  for (std::uint32_t i = 0; i < config.campaigns.size(); ++i) {
    const CampaignConfig& c = config.campaigns[i];
    switch (c.trigger.kind) {
      case TriggerKind::Event:
        config.by_event[c.trigger.event].push_back(i);
        break;
      case TriggerKind::SegmentEntered:
        config.entered_segment[c.trigger.segment].push_back(i);
        break;
      case TriggerKind::SegmentLeft:
        config.left_segment[c.trigger.segment].push_back(i);
        break;
      case TriggerKind::Condition:
        config.condition_triggers.push_back(i);
        break;
      case TriggerKind::Schedule:
        config.schedule_triggers.push_back(i);
        break;
    }
    if (c.goal.enabled) config.by_goal_event[c.goal.event].push_back(i);
  }
}

}  // namespace

void compile_campaigns(const Json& doc, const ConditionOptions& options, AttributeTable& attributes,
                       CampaignsConfig& out, Errors& errors) {
  CampaignsCompiler compiler(options, attributes, errors);
  const std::size_t before = errors.size();
  if (const auto fatigue = doc.find("fatigue"); fatigue != doc.end()) compiler.fatigue(*fatigue, out.fatigue);
  if (const auto campaigns = doc.find("campaigns"); campaigns != doc.end()) compiler.campaigns(*campaigns, out);
  if (errors.size() == before) index_campaigns(out, options.event_names->size(), options.segment_names->size());
}

void check_campaign_content(const CampaignsConfig& campaigns, const ContentCatalog& catalog, Errors& errors) {
  for (const CampaignConfig& c : campaigns.campaigns) {
    const std::string campaign_ptr = pointer_append("/campaigns", c.id);
    const auto send_step = std::find_if(c.plan.begin(), c.plan.end(),
                                        [](const PlanStep& step) { return step.automatic || step.channel != Channel::InApp; });
    const auto check = [&](const std::vector<std::string>& items, const std::string& ptr) {
      for (std::size_t i = 0; i < items.size(); ++i) {
        const ContentItem* item = catalog.find(items[i]);
        if (item == nullptr) {
          errors.push_back({"campaign.unknown_content", pointer_append(ptr, i),
                            "no content item \"" + items[i] + "\" in the config's \"content\""});
        } else if (send_step != c.plan.end() && (item->kind == ContentKind::Wheel || item->kind == ContentKind::Quiz)) {
          errors.push_back({"campaign.game_not_in_app", pointer_append(ptr, i),
                            "\"" + items[i] + "\" is a " + std::string(content_kind_name(item->kind)) +
                                ", which only an in-app placement can show; this campaign sends through " +
                                (send_step->automatic ? std::string("an \"auto\" channel") : channel_name(send_step->channel))});
        }
      }
    };
    check(c.content.items, c.content.best ? campaign_ptr + "/content/best/from" : campaign_ptr + "/content");
    for (const VariantConfig& v : c.variants) {
      check(v.content, pointer_append(pointer_append(pointer_append(campaign_ptr, "variants"), v.name), "content"));
    }
  }
}

NK_COLD_CODE_END

int QuietHours::minutes_left(int local_minute) const {
  if (!enabled) return 0;
  if (from_minute < to_minute) return local_minute >= from_minute && local_minute < to_minute ? to_minute - local_minute : 0;
  if (local_minute >= from_minute) return 24 * 60 - local_minute + to_minute;
  return local_minute < to_minute ? to_minute - local_minute : 0;
}

int CampaignsConfig::find(const std::string& id) const {
  for (std::size_t i = 0; i < campaigns.size(); ++i) {
    if (campaigns[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

const char* placement_name(Placement placement) { return kPlacements[static_cast<int>(placement)]; }
const char* channel_name(Channel channel) { return kChannels[static_cast<int>(channel)]; }

}  // namespace nudgekit

// Reads the "channels", "reactions" and "sends" sections (see nudgekit/channels.h), every mistake named
// by its JSON pointer.
#include <algorithm>

#include "detail/cold.h"
#include "detail/section_reader.h"
#include "nudgekit/channels.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN
namespace {

constexpr std::size_t kMaxSendVariables = 50;

// What a message costs, relative to each other: a push is nearly free, a paid message is not. The
// config's own costs replace these; only their order matters to "auto".
constexpr double kDefaultCosts[kChannelCount] = {0, 0.00001, 0.00001, 0.0001, 0.05, 0.03, 0.04};

class ChannelsCompiler : detail::SectionReader {
 public:
  ChannelsCompiler(const ConditionOptions& options, AttributeTable& attributes, Errors& errors)
      : SectionReader(errors), options_(options), attributes_(attributes) {}

  void channels(const Json& j, ChannelsConfig& out) {
    const std::string ptr = "/channels";
    if (!j.is_object()) return fail(ptr, "channels is an object of channel → {cost, reachable, available, minRate}", "config.invalid_type");
    out.configured = true;
    for (ChannelConfig& channel : out.channels) channel.available = false;
    for (const auto& item : j.items()) {
      const std::string at = pointer_append(ptr, item.key());
      std::size_t index = 0;
      while (index < kChannelCount && item.key() != channel_name(static_cast<Channel>(index))) ++index;
      if (index == kChannelCount) {
        fail(at, "unknown channel \"" + item.key().substr(0, 64) + "\"; channels are in_app, web_push, mobile_push, email, sms, whatsapp, viber",
             "config.unknown_key");
        continue;
      }
      ChannelConfig& channel = out.channels[index];
      channel.available = true;
      const Json& v = item.value();
      if (!keys(v, at, {"cost", "reachable", "available", "minRate"})) continue;
      if (const Json* cost = optional(v, "cost")) number(*cost, pointer_append(at, "cost"), channel.cost, 0);
      if (const Json* available = optional(v, "available")) {
        if (available->is_boolean()) {
          channel.available = available->get<bool>();
        } else {
          fail(pointer_append(at, "available"), "true or false", "config.invalid_type");
        }
      }
      if (const Json* rate = optional(v, "minRate")) rate_value(*rate, pointer_append(at, "minRate"), channel.min_rate);
      if (const Json* reachable = optional(v, "reachable")) {
        channel.has_reachable = true;
        channel.reachable = Condition::compile(*reachable, pointer_append(at, "reachable"), attributes_, options_, errors());
        channel.reachable_text = reachable->dump();
        if (channel.reachable_text.size() > 200) channel.reachable_text = channel.reachable_text.substr(0, 197) + "...";
      }
    }
  }

  void reactions(const Json& j, ReactionsConfig& out) {
    const std::string ptr = "/reactions";
    if (!keys(j, ptr, {"halfLife", "ignoredAfter", "minSamples", "minRate", "window", "events"})) return;
    if (const Json* v = optional(j, "halfLife")) {
      if (duration(*v, pointer_append(ptr, "halfLife"), out.half_life_ms, "14d") && out.half_life_ms <= 0) {
        fail(pointer_append(ptr, "halfLife"), "a half-life longer than 0");
      }
    }
    if (const Json* v = optional(j, "ignoredAfter")) duration(*v, pointer_append(ptr, "ignoredAfter"), out.ignored_after_ms, "24h");
    std::int64_t n = 0;
    if (const Json* v = optional(j, "minSamples"); v != nullptr && integer(*v, pointer_append(ptr, "minSamples"), n, 0, 100)) {
      out.min_samples = static_cast<int>(n);
    }
    if (const Json* v = optional(j, "window"); v != nullptr && integer(*v, pointer_append(ptr, "window"), n, 1, 50)) {
      out.window = static_cast<int>(n);
    }
    if (const Json* v = optional(j, "minRate")) rate_value(*v, pointer_append(ptr, "minRate"), out.min_rate);
    if (const Json* events = optional(j, "events")) {
      const std::string at = pointer_append(ptr, "events");
      if (!events->is_object()) return fail(at, "an object of event name → \"opened\", \"clicked\", \"converted\" or \"dismissed\"", "config.invalid_type");
      for (const auto& item : events->items()) {
        static constexpr const char* kReactions[] = {"opened", "clicked", "converted", "dismissed"};
        int reaction = -1;
        for (int r = 0; r < 4; ++r) {
          if (item.value().is_string() && item.value().get_ref<const std::string&>() == kReactions[r]) reaction = r;
        }
        std::uint32_t event_index = 0;
        if (!event(Json(item.key()), pointer_append(at, item.key()), *options_.event_names, event_index)) continue;
        if (reaction < 0) {
          fail(pointer_append(at, item.key()), "\"opened\", \"clicked\", \"converted\" or \"dismissed\"");
          continue;
        }
        if (out.by_event.size() <= event_index) out.by_event.resize(event_index + 1, -1);
        out.by_event[event_index] = static_cast<std::int8_t>(reaction);
      }
    }
  }

  void sends(const Json& j, ChannelsConfig& out) {
    const std::string ptr = "/sends";
    if (!keys(j, ptr, {"variables"})) return;
    const Json* variables = optional(j, "variables");
    if (variables == nullptr) return;
    const std::string at = pointer_append(ptr, "variables");
    if (!variables->is_array() || variables->size() > kMaxSendVariables) {
      return fail(at, "a list of at most " + std::to_string(kMaxSendVariables) + " profile property paths a send may carry",
                  "config.invalid_type");
    }
    for (std::size_t i = 0; i < variables->size(); ++i) {
      SendVariable variable;
      if (!text((*variables)[i], pointer_append(at, i), variable.name, 128, "a profile property path like \"first_name\"")) continue;
      variable.path = split_path(variable.name);
      const bool duplicate = std::any_of(out.send_variables.begin(), out.send_variables.end(),
                                         [&](const SendVariable& v) { return v.name == variable.name; });
      if (variable.path.empty() || duplicate) {
        fail(pointer_append(at, i), duplicate ? "listed twice" : "a profile property path like \"first_name\"");
        continue;
      }
      out.send_variables.push_back(std::move(variable));
    }
  }

 private:
  void rate_value(const Json& j, const std::string& ptr, double& out) {
    double rate = 0;
    if (!number(j, ptr, rate, 0)) return;
    if (rate > 1) return fail(ptr, "a reaction rate between 0 and 1");
    out = rate;
  }

  const ConditionOptions& options_;
  AttributeTable& attributes_;
};

}  // namespace

void compile_channels(const Json& doc, const ConditionOptions& options, AttributeTable& attributes, ChannelsConfig& out,
                      Errors& errors) {
  for (std::size_t i = 0; i < kChannelCount; ++i) out.channels[i].cost = kDefaultCosts[i];
  ChannelsCompiler compiler(options, attributes, errors);
  if (const auto v = doc.find("channels"); v != doc.end()) compiler.channels(*v, out);
  if (const auto v = doc.find("reactions"); v != doc.end()) compiler.reactions(*v, out.reactions);
  if (const auto v = doc.find("sends"); v != doc.end()) compiler.sends(*v, out);
  out.channels[static_cast<std::size_t>(Channel::InApp)].available = true;  // the app itself is always there
}

void check_campaign_channels(const CampaignsConfig& campaigns, const ChannelsConfig& channels, Errors& errors) {
  if (!channels.configured) return;
  for (const CampaignConfig& c : campaigns.campaigns) {
    for (std::size_t i = 0; i < c.plan.size(); ++i) {
      const PlanStep& step = c.plan[i];
      if (step.automatic || channels[step.channel].available) continue;
      const std::string ptr = c.plan.size() == 1 && i == 0 ? pointer_append(pointer_append("/campaigns", c.id), "channel")
                                                          : pointer_append(pointer_append(pointer_append("/campaigns", c.id), "plan"), i);
      errors.push_back({"campaign.unavailable_channel", ptr,
                        std::string("the channel ") + channel_name(step.channel) + " is not available in the config's \"channels\""});
    }
  }
}

NK_COLD_CODE_END
}  // namespace nudgekit

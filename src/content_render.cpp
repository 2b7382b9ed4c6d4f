// Renders a content item's variant with the user's values (see nudgekit/content.h).
#include "nudgekit/content.h"

namespace nudgekit {

bool render_content(const ContentItem& item, std::string_view language, const RenderInputs& inputs, RenderedContent& out) {
  const ContentVariant* v = item.variant(language);
  if (v == nullptr) return false;
  const LocaleFormat format = LocaleFormat::lookup(inputs.locale.empty() ? v->language : inputs.locale);
  TemplateScope scope;
  scope.profile = inputs.profile;
  scope.vars = inputs.vars;
  scope.user_id = inputs.user_id;
  scope.language = v->language;
  scope.item_id = item.id;
  scope.item_kind = content_kind_name(item.kind);
  scope.format = &format;
  scope.utc_offset_minutes = inputs.utc_offset_minutes;
  const auto render = [&](const Template& t, std::string& into) {
    into.clear();
    t.render(scope, into);
  };

  out.item = item.id;
  out.language = v->language;
  out.kind = item.kind;
  render(v->title, out.title);
  const auto optional_text = [&](const std::optional<Template>& t, std::optional<std::string>& into) {
    if (!t) return into.reset();
    render(*t, into ? *into : into.emplace());
  };
  optional_text(v->body, out.body);
  optional_text(v->badge, out.badge);

  // A link or picture whose URL rendered empty (its scheme turned unsafe) would lead nowhere.
  out.cta.reset();
  if (v->cta) {
    RenderedContent::Link link;
    render(v->cta->url, link.url);
    if (!link.url.empty()) {
      render(v->cta->label, link.label);
      out.cta = std::move(link);
    }
  }
  out.media.reset();
  if (v->media) {
    RenderedContent::Media media;
    media.type = v->media->type;
    render(v->media->url, media.url);
    if (!media.url.empty()) {
      render(v->media->alt, media.alt);
      out.media = std::move(media);
    }
  }
  out.fields.resize(v->fields.size());
  for (std::size_t i = 0; i < v->fields.size(); ++i) {
    out.fields[i].first = v->fields[i].name;
    render(v->fields[i].value, out.fields[i].second);
  }
  out.widget = item.widget;
  if (v->widget.is_object()) {
    if (!out.widget.is_object()) out.widget = Json::object();
    for (const auto& entry : v->widget.items()) out.widget[entry.key()] = entry.value();
  }
  // A quiz's answer key, and the explanations that would give it away, reach the user only through
  // answer_quiz, after they answered: what is rendered before carries the questions alone.
  if (item.kind == ContentKind::Quiz && out.widget.is_object()) {
    out.widget.erase("answers");
    const auto questions = out.widget.find("questions");
    if (questions != out.widget.end() && questions->is_array()) {
      for (Json& question : *questions) if (question.is_object()) question.erase("explanation");
    }
  }
  return true;
}

Json RenderedContent::to_json() const {
  Json j = {{"item", item}, {"kind", std::string(content_kind_name(kind))}, {"language", language}, {"title", title}};
  if (body) j["body"] = *body;
  if (badge) j["badge"] = *badge;
  if (cta) j["cta"] = {{"label", cta->label}, {"url", cta->url}};
  if (media) {
    j["media"] = {{"type", media->type == ContentMedia::Type::Image ? "image" : "video"}, {"url", media->url}};
    if (!media->alt.empty()) j["media"]["alt"] = media->alt;
  }
  if (!fields.empty()) {
    Json& f = j["fields"] = Json::object();
    for (const auto& [name, value] : fields) f[name] = value;
  }
  if (!widget.is_null()) j["widget"] = widget;
  return j;
}

}  // namespace nudgekit

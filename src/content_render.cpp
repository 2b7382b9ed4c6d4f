// Renders a content item's variant with the user's values (see nudgekit/content.h).
#include "nudgekit/content.h"
#include "nudgekit/json_writer.h"

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

void RenderedContent::write_members(JsonWriter& out) const {
  out.member("item", item).member("kind", content_kind_name(kind)).member("language", language).member("title", title);
  if (body) out.member("body", *body);
  if (badge) out.member("badge", *badge);
  if (cta) out.key("cta").begin_object().member("label", cta->label).member("url", cta->url).end_object();
  if (media) {
    out.key("media").begin_object().member("type", media->type == ContentMedia::Type::Image ? "image" : "video");
    out.member("url", media->url);
    if (!media->alt.empty()) out.member("alt", media->alt);
    out.end_object();
  }
  if (!fields.empty()) {
    out.key("fields").begin_object();
    for (const auto& [name, value] : fields) out.member(name, value);
    out.end_object();
  }
  if (!widget.is_null()) out.member("widget", widget);
}

Json RenderedContent::to_json() const {
  std::string text;
  JsonWriter out(text);
  out.begin_object();
  write_members(out);
  out.end_object();
  return Json::parse(text);
}

}  // namespace nudgekit

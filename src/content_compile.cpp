// Reads the "content" section of a config (see nudgekit/content.h), every mistake named by its pointer.
#include <algorithm>
#include <array>
#include <string_view>
#include <map>
#include <unordered_map>

#include "detail/cold.h"
#include "detail/locale_tag.h"
#include "detail/suggest.h"
#include "nudgekit/content.h"

namespace nudgekit {
NK_COLD_CODE_BEGIN

constexpr std::array<std::string_view, 6> kKindNames = {"tip", "video", "quiz", "wheel", "offer", "message"};

std::string_view content_kind_name(ContentKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

class ContentCompiler {
 public:
  ContentCompiler(const ContentOptions& options, Errors& errors) : options_(options), limits_(options.limits), errors_(errors) {}

  void compile(const Json& content, ContentCatalog& out) {
    if (!options_.default_language.empty() &&
        !detail::canonical_language_tag(options_.default_language, out.default_language_)) {
      fail(options_.default_language_pointer, "content.invalid_language", "the default language is not a BCP 47 tag such as \"en\" or \"hi-IN\"");
    }
    if (!content.is_object()) return fail("/content", "config.invalid_type", "content is an object of item id → item");
    if (content.size() > limits_.max_items) {
      return fail("/content", "content.too_many_items", std::to_string(content.size()) + " items; at most " +
                                                           std::to_string(limits_.max_items) + " are allowed");
    }
    out.items_.reserve(content.size());
    for (const auto& entry : content.items()) {  // nlohmann objects iterate by key: items end up by id
      ContentItem item;
      if (this->item(entry.key(), entry.value(), pointer_append("/content", entry.key()), out.default_language_, item)) {
        out.items_.push_back(std::move(item));
      }
    }
  }

 private:
  void fail(const std::string& ptr, const char* code, std::string message) { errors_.push_back({code, ptr, std::move(message)}); }

  bool keys(const Json& j, const std::string& ptr, std::initializer_list<std::string_view> allowed, const char* what) {
    if (!j.is_object()) {
      fail(ptr, "config.invalid_type", std::string(what) + " is an object");
      return false;
    }
    bool ok = true;
    for (const auto& entry : j.items()) {
      if (std::find(allowed.begin(), allowed.end(), entry.key()) != allowed.end()) continue;
      const std::string_view close = detail::closest_name(entry.key(), allowed);
      std::string message = std::string(what) + " has no \"" + entry.key().substr(0, 64) + "\"";
      message += close.empty() ? " (" + join(allowed) + ")" : " (did you mean \"" + std::string(close) + "\"?)";
      fail(pointer_append(ptr, entry.key()), "config.unknown_key", std::move(message));
      ok = false;
    }
    return ok;
  }

  static std::string join(std::initializer_list<std::string_view> names) {
    std::string out;
    for (const auto name : names) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
  }

  static bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    const auto first = static_cast<unsigned char>(id[0]);
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == ':';
    });
  }

  bool item(const std::string& id, const Json& j, const std::string& ptr, const std::string& default_language, ContentItem& out) {
    if (!valid_id(id)) {
      fail(ptr, "content.invalid_id", "an item id is 1 to 64 characters of A-Z a-z 0-9 _ - . : starting with a letter or _");
      return false;
    }
    out.id = id;
    if (!keys(j, ptr, {"kind", "category", "stages", "tags", "widget", "variants"}, "a content item")) return false;
    const std::size_t errors_before = errors_.size();
    const auto kind = j.find("kind");
    if (kind == j.end()) {
      fail(ptr, "config.missing_key", "\"kind\" is required (tip, video, quiz, wheel, offer, message)");
    } else if (const auto name = std::find(kKindNames.begin(), kKindNames.end(), kind->is_string() ? kind->get_ref<const std::string&>() : "");
               name == kKindNames.end()) {
      fail(pointer_append(ptr, "kind"), "config.invalid_value", "kind is one of tip, video, quiz, wheel, offer, message");
    } else {
      out.kind = static_cast<ContentKind>(name - kKindNames.begin());
    }
    if (const auto found = j.find("category"); found != j.end()) labels(*found, pointer_append(ptr, "category"), true, out.categories);
    if (const auto found = j.find("stages"); found != j.end()) labels(*found, pointer_append(ptr, "stages"), false, out.stages);
    if (const auto found = j.find("tags"); found != j.end()) labels(*found, pointer_append(ptr, "tags"), false, out.tags);
    if (const auto found = j.find("widget"); found != j.end()) widget(*found, pointer_append(ptr, "widget"), out.widget);

    const auto variants = j.find("variants");
    const std::string variants_ptr = pointer_append(ptr, "variants");
    if (variants == j.end()) {
      fail(ptr, "config.missing_key", "\"variants\" is required: language tag → {title, body, …}");
    } else if (!variants->is_object() || variants->empty()) {
      fail(variants_ptr, "config.invalid_type", "variants is a non-empty object of language tag → variant");
    } else if (variants->size() > limits_.max_variants) {
      fail(variants_ptr, "content.too_many_variants", "at most " + std::to_string(limits_.max_variants) + " languages per item");
    } else {
      for (const auto& entry : variants->items()) variant(entry.key(), entry.value(), pointer_append(variants_ptr, entry.key()), out);
      std::sort(out.variants.begin(), out.variants.end(), [](const auto& a, const auto& b) { return a.language < b.language; });
      for (std::size_t i = 1; i < out.variants.size(); ++i) {
        if (out.variants[i].language == out.variants[i - 1].language) {
          fail(variants_ptr, "content.duplicate_language", "two variants are the same language, " + out.variants[i].language);
        }
      }
    }
    check_widget_kind(j, ptr, out);
    if (!default_language.empty() && errors_.size() == errors_before) {
      for (std::string_view tag = default_language; !tag.empty() && out.default_variant < 0; tag = detail::drop_last_subtag(tag)) {
        if (const ContentVariant* v = out.variant(tag)) out.default_variant = static_cast<int>(v - out.variants.data());
      }
      if (out.default_variant < 0) {
        fail(variants_ptr, "content.missing_default_variant", "no variant for the default language " + default_language +
                                                                  ": users no other variant suits would get nothing");
      }
    }
    return errors_.size() == errors_before;
  }

  // A category is one label or a list; stages and tags are lists. Stored sorted, so matching is a
  // binary search and the order a marketer wrote them in changes nothing.
  void labels(const Json& j, const std::string& ptr, bool single_allowed, std::vector<std::string>& out) {
    if (single_allowed && j.is_string()) {
      if (label(j, ptr)) out.push_back(j.get<std::string>());
      return;
    }
    if (!j.is_array()) return fail(ptr, "config.invalid_type", single_allowed ? "a label or an array of labels" : "an array of labels");
    if (j.size() > limits_.max_labels) {
      return fail(ptr, "content.too_many_labels", "at most " + std::to_string(limits_.max_labels) + " labels");
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (!label(j[i], pointer_append(ptr, i))) continue;
      const std::string& text = j[i].get_ref<const std::string&>();
      if (std::find(out.begin(), out.end(), text) != out.end()) {
        fail(pointer_append(ptr, i), "content.invalid_label", "\"" + text + "\" is listed twice");
        continue;
      }
      out.push_back(text);
    }
    std::sort(out.begin(), out.end());
  }

  bool label(const Json& j, const std::string& ptr) {
    if (j.is_string() && !j.get_ref<const std::string&>().empty() && j.get_ref<const std::string&>().size() <= limits_.max_label_bytes) {
      return true;
    }
    fail(ptr, "content.invalid_label", "a label is a non-empty string of at most " + std::to_string(limits_.max_label_bytes) + " bytes");
    return false;
  }

  void widget(const Json& j, const std::string& ptr, Json& out) {
    if (!j.is_object()) return fail(ptr, "config.invalid_type", "a widget payload is an object");
    if (to_json_text(j).size() > limits_.max_widget_bytes) {
      return fail(ptr, "content.widget_too_large", "a widget payload is at most " + std::to_string(limits_.max_widget_bytes) + " bytes of JSON");
    }
    out = j;
  }

  // Quizzes and wheels are nothing without their payload; the other kinds have none to carry.
  void check_widget_kind(const Json& j, const std::string& ptr, const ContentItem& item) {
    static const Json kNoVariants = Json::object();
    const bool interactive = item.kind == ContentKind::Quiz || item.kind == ContentKind::Wheel;
    // Written anywhere, even if invalid (that has its own error): one mistake, one error.
    bool has_widget = j.contains("widget");
    const auto variants = j.find("variants");
    for (const auto& v : (variants != j.end() && variants->is_object() ? *variants : kNoVariants).items()) {
      has_widget = has_widget || (v.value().is_object() && v.value().contains("widget"));
    }
    if (interactive && !has_widget && j.contains("kind")) {
      fail(ptr, "content.missing_widget", std::string("a ") + std::string(content_kind_name(item.kind)) +
                                              " needs a \"widget\" payload, on the item or in its variants");
    } else if (!interactive && has_widget) {
      fail(ptr, "content.unexpected_widget", "only quiz and wheel items carry a \"widget\" payload");
    }
  }

  // The text at `parent`/`key` (`key` "" when `parent` is its whole pointer). Its pointer is
  // spelled out only for an error: a catalog has tens of thousands of texts and few mistakes.
  bool text(const Json& j, const std::string& parent, std::string_view key, TemplateTarget target, Template& out,
            bool required_nonempty = false) {
    const auto at = [&] { return key.empty() ? parent : pointer_append(parent, key); };
    if (!j.is_string()) {
      fail(at(), "config.invalid_type", "expected a string (a template)");
      return false;
    }
    if (required_nonempty && j.get_ref<const std::string&>().empty()) {
      fail(at(), "config.invalid_value", "must not be empty");
      return false;
    }
    // The same text recurs across a catalog (a landing page URL in all 14 languages of an item, a
    // shared alt text): one parsed program serves every copy, which halves load time and memory.
    // Keyed by views into the document, which outlives this compiler: no copy of every text.
    const std::string& source = j.get_ref<const std::string&>();
    auto& parsed = parsed_[static_cast<std::size_t>(target)];
    if (const auto cached = parsed.find(source); cached != parsed.end()) {
      out = cached->second;
      return true;
    }
    const std::size_t errors_before = errors_.size();
    static const std::string kPointerLater;
    if (!Template::parse(source, target, kPointerLater, limits_.templates, out, errors_)) {
      const std::string pointer = at();
      for (std::size_t i = errors_before; i < errors_.size(); ++i) errors_[i].pointer = pointer;
      return false;
    }
    parsed.emplace(source, out);
    return true;
  }

  void variant(const std::string& key, const Json& j, const std::string& ptr, ContentItem& item) {
    ContentVariant v;
    if (!detail::canonical_language_tag(key, v.language)) {
      const bool underscore = key.find('_') != std::string::npos;
      std::string message = "\"" + key.substr(0, 64) + "\" is not a BCP 47 language tag such as \"hi\" or \"en-IN\"";
      if (underscore) message += " (tags use '-', not '_')";
      return fail(ptr, "content.invalid_language", std::move(message));
    }
    if (!keys(j, ptr, {"title", "body", "badge", "cta", "media", "fields", "widget"}, "a variant")) return;
    if (const auto title = j.find("title"); title == j.end()) {
      fail(ptr, "config.missing_key", "\"title\" is required");
    } else {
      text(*title, ptr, "title", TemplateTarget::Text, v.title, true);
    }
    for (const auto& [key_name, slot] : {std::pair<const char*, std::optional<Template>*>{"body", &v.body}, {"badge", &v.badge}}) {
      if (const auto found = j.find(key_name); found != j.end()) text(*found, ptr, key_name, TemplateTarget::Text, slot->emplace());
    }
    if (const auto found = j.find("cta"); found != j.end()) cta(*found, pointer_append(ptr, "cta"), v);
    if (const auto found = j.find("media"); found != j.end()) media(*found, pointer_append(ptr, "media"), v);
    if (item.kind == ContentKind::Video && (!v.media || v.media->type != ContentMedia::Type::Video) && j.contains("title")) {
      fail(j.contains("media") ? pointer_append(ptr, "media") : ptr, "content.missing_video", "a video item's variants each need media.video");
    }
    if (const auto found = j.find("fields"); found != j.end()) fields(*found, pointer_append(ptr, "fields"), v);
    if (const auto found = j.find("widget"); found != j.end()) widget(*found, pointer_append(ptr, "widget"), v.widget);
    item.variants.push_back(std::move(v));
  }

  void cta(const Json& j, const std::string& ptr, ContentVariant& v) {
    if (!keys(j, ptr, {"label", "url"}, "a cta")) return;
    ContentLink link;
    const auto label = j.find("label");
    const auto url = j.find("url");
    if (label == j.end() || url == j.end()) return fail(ptr, "config.missing_key", "a cta has a \"label\" and a \"url\"");
    const bool ok = text(*label, ptr, "label", TemplateTarget::Text, link.label, true);
    if (text(*url, ptr, "url", TemplateTarget::Url, link.url, true) && ok) v.cta = std::move(link);
  }

  void media(const Json& j, const std::string& ptr, ContentVariant& v) {
    if (!keys(j, ptr, {"image", "video", "alt"}, "media")) return;
    const bool image = j.contains("image");
    if (image == j.contains("video")) return fail(ptr, "config.missing_key", "media has either \"image\" or \"video\" (a URL)");
    ContentMedia m;
    m.type = image ? ContentMedia::Type::Image : ContentMedia::Type::Video;
    const char* key = image ? "image" : "video";
    bool ok = text(j.at(key), ptr, key, TemplateTarget::Url, m.url, true);
    if (const auto alt = j.find("alt"); alt != j.end()) ok = text(*alt, ptr, "alt", TemplateTarget::Text, m.alt) && ok;
    if (ok) v.media = std::move(m);
  }

  static bool valid_field_name(const std::string& name) {
    if (name.empty() || name.size() > 64 || !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') || name[0] == '_')) {
      return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
  }

  // "name": "text", or "name": {"text" | "attribute" | "url": "template"} to pick the escaping.
  void fields(const Json& j, const std::string& ptr, ContentVariant& v) {
    if (!j.is_object()) return fail(ptr, "config.invalid_type", "fields is an object of name → text");
    if (j.size() > limits_.max_fields) return fail(ptr, "content.too_many_fields", "at most " + std::to_string(limits_.max_fields) + " fields");
    for (const auto& entry : j.items()) {
      const std::string field_ptr = pointer_append(ptr, entry.key());
      if (!valid_field_name(entry.key())) {
        fail(field_ptr, "content.invalid_field_name", "a field name is 1 to 64 of A-Z a-z 0-9 _, not starting with a digit");
        continue;
      }
      ContentField field{entry.key(), Template()};
      const Json* source = &entry.value();
      std::string source_ptr = field_ptr;
      TemplateTarget target = TemplateTarget::Text;
      if (entry.value().is_object()) {
        if (!keys(entry.value(), field_ptr, {"text", "attribute", "url"}, "a field") || entry.value().size() != 1) {
          if (entry.value().size() != 1) fail(field_ptr, "config.invalid_value", "a field object has exactly one of \"text\", \"attribute\", \"url\"");
          continue;
        }
        const std::string& how = entry.value().begin().key();
        target = how == "url" ? TemplateTarget::Url : how == "attribute" ? TemplateTarget::HtmlAttribute : TemplateTarget::Text;
        source = &entry.value().begin().value();
        source_ptr = pointer_append(field_ptr, how);
      }
      if (text(*source, source_ptr, "", target, field.value)) v.fields.push_back(std::move(field));
    }
  }

  const ContentOptions& options_;
  const ContentLimits& limits_;
  Errors& errors_;
  std::unordered_map<std::string_view, Template> parsed_[static_cast<std::size_t>(TemplateTarget::Url) + 1];  // by target, then source
};

void ContentCatalog::index_categories() {
  std::map<std::string, std::vector<std::uint32_t>, std::less<>> lists;
  for (std::uint32_t i = 0; i < items_.size(); ++i) {
    if (items_[i].categories.empty()) generic_.push_back(i);
    for (const std::string& category : items_[i].categories) lists[category].push_back(i);
  }
  by_category_.assign(std::make_move_iterator(lists.begin()), std::make_move_iterator(lists.end()));
}

std::shared_ptr<const ContentCatalog> ContentCatalog::compile(const Json& doc, const ContentOptions& options, Errors& errors) {
  auto catalog = std::make_shared<ContentCatalog>();
  const std::size_t errors_before = errors.size();
  ContentCompiler compiler(options, errors);
  static const Json kNoContent = Json::object();
  const auto content = doc.is_object() ? doc.find("content") : doc.end();
  // Both branches are lvalues: a prvalue in either would copy the whole section.
  compiler.compile(content != doc.end() ? *content : kNoContent, *catalog);
  if (errors.size() != errors_before) return nullptr;
  catalog->index_categories();
  return catalog;
}

NK_COLD_CODE_END
}  // namespace nudgekit

// The on-device content catalog: tips, videos, quizzes, wheels, offers and messages, each for a
// business category and lifecycle stages, with one variant per language whose texts are templates.
// Compiled once from the config's "content" section (docs/content.md has the schema), then queried:
// which item suits this user now (rotation), which variant speaks their language, and its texts
// rendered with their properties.
//
//   "content": {
//     "tip_gst": {"kind": "tip", "category": "kirana", "stages": ["educate"], "tags": ["gst"],
//                 "variants": {
//                   "hi": {"title": "{{profile.first_name | default: \"दोस्त\"}}, GST बिल बनाइए",
//                          "body": "₹{{vars.amount | number}} तक की बिक्री…",
//                          "cta": {"label": "देखें", "url": "https://example.in/gst?u={{user.id}}"}},
//                   "en": {"title": "Hi {{profile.first_name | default: \"friend\"}}, make GST bills"}}}}
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudgekit/error.h"
#include "nudgekit/json_input.h"
#include "nudgekit/template.h"

namespace nudgekit {

class JsonWriter;

// ---- types -------------------------------------------------------------------------------------

enum class ContentKind : std::uint8_t { Tip, Video, Quiz, Wheel, Offer, Message };

// "tip", "video", "quiz", "wheel", "offer", "message".
std::string_view content_kind_name(ContentKind kind);

struct ContentLimits {
  std::size_t max_items = 2000;
  std::size_t max_variants = 64;    // languages per item
  std::size_t max_labels = 32;      // categories, stages and tags, each
  std::size_t max_label_bytes = 64;
  std::size_t max_fields = 16;      // custom fields per variant
  std::size_t max_widget_bytes = 16u << 10;  // a widget payload, as compact JSON
  TemplateLimits templates;
};

struct ContentOptions {
  // The language every item must have a variant for (the config's languages.default), so that every
  // user gets something; "" lets items lack it (select_variant may then find none).
  std::string default_language;
  std::string default_language_pointer = "/languages/default";  // where errors about it point
  ContentLimits limits;
};

struct ContentLink {
  Template label;  // text
  Template url;    // URL
};

struct ContentMedia {
  enum class Type : std::uint8_t { Image, Video } type = Type::Image;
  Template url;  // URL
  Template alt;  // text; empty when not given
};

// A custom key → text pair for the app's own renderer (Braze's and CleverTap's "key-value pairs").
struct ContentField {
  std::string name;
  Template value;  // text, HTML attribute or URL, as the config says
};

struct ContentVariant {
  std::string language;  // canonical BCP 47 tag
  Template title;
  std::optional<Template> body;
  std::optional<Template> badge;  // a short label such as "New" or "₹50 off"
  std::optional<ContentLink> cta;
  std::optional<ContentMedia> media;
  std::vector<ContentField> fields;  // by name
  Json widget;                       // language-specific widget payload (quiz questions…), or null
};

struct ContentItem {
  std::string id;
  ContentKind kind = ContentKind::Tip;
  std::vector<std::string> categories;  // sorted; empty: fits every category
  std::vector<std::string> stages;      // sorted; empty: fits every stage
  std::vector<std::string> tags;        // sorted
  Json widget;                          // language-neutral widget payload (prize weights…), or null
  std::vector<ContentVariant> variants;  // by language
  int default_variant = -1;              // the variant the default language resolves to, or -1

  // The variant keyed exactly `language` (canonical), or nullptr.
  const ContentVariant* variant(std::string_view language) const;
};

// ---- construction ------------------------------------------------------------------------------

class ContentCatalog {
 public:
  // Reads doc["content"] (absent: an empty catalog). Every mistake is appended to `errors` with the
  // JSON pointer of the offending value (e.g. /content/tip_gst/variants/hi/title); unknown keys are
  // errors, so a typo cannot silently drop a field. Returns nullptr when any error was appended.
  static std::shared_ptr<const ContentCatalog> compile(const Json& doc, const ContentOptions& options, Errors& errors);

  // ---- queries ---------------------------------------------------------------------------------
  const std::vector<ContentItem>& items() const { return items_; }  // by id
  const ContentItem* find(std::string_view id) const;                // O(log n)
  const std::string& default_language() const { return default_language_; }

  // Indices into items() of the items naming `category` (ascending), and of those naming none.
  const std::vector<std::uint32_t>& items_for_category(std::string_view category) const;
  const std::vector<std::uint32_t>& generic_items() const { return generic_; }

 private:
  friend class ContentCompiler;
  void index_categories();
  std::vector<ContentItem> items_;
  std::string default_language_;
  // choose_item over the whole catalog reads only these lists, not every item.
  std::vector<std::pair<std::string, std::vector<std::uint32_t>>> by_category_;  // by category
  std::vector<std::uint32_t> generic_;
};

// ---- choosing ----------------------------------------------------------------------------------

struct VariantChoice {
  const ContentVariant* variant = nullptr;
  std::string_view language;  // the variant's tag
  // The user's tag that matched ("en-IN" when chain entry en-IN matched the "en" variant), used to
  // format numbers and dates the user's way; the variant's own tag when the default language decided.
  std::string_view locale;
  bool by_default = false;  // no chain entry matched; the catalog's default language did
};

// The variant for a user whose language fallback chain is `chain` (canonical BCP 47 tags, best first,
// from the language module). For each entry in order: the variant keyed exactly so, else the entry
// with subtags dropped from the end (hi-IN → hi), never dropping a script (hi-Latn does not fall to
// hi). Then the item's default-language variant. nullopt when none: the caller skips the item.
// The views point into `item` and `chain`.
std::optional<VariantChoice> select_variant(const ContentItem& item, const std::vector<std::string>& chain);

// When each item was last shown to the user (epoch ms), kept by the caller. std::less<> lets a
// string_view look an id up without building a string.
using SeenTimes = std::map<std::string, std::int64_t, std::less<>>;

struct ContentQuery {
  const std::vector<std::string>* candidates = nullptr;  // item ids in preference order; null: all, by id
  std::string_view category;  // the user's business category; "" when unknown
  std::string_view stage;     // the user's lifecycle stage; "" when unknown
  std::int64_t not_seen_within_ms = 0;  // items shown less than this long ago are skipped; 0: no window
  const std::vector<std::string>* language_chain = nullptr;  // when set, items with no variant for it are skipped
  std::uint32_t kinds = 0;  // bit (1 << ContentKind) per kind allowed; 0: every kind
};

struct ContentChoice {
  const ContentItem* item = nullptr;
  std::optional<VariantChoice> variant;  // set when the query had a language chain
};

// "The best item for the user's category and stage, not seen in N days". An item is eligible when it
// exists, fits the category (names it, or names none) and the stage likewise — an item for a named
// category never goes to a user whose category is unknown — its kind is allowed, it has a variant
// for the chain, and it was not shown within the window (a shown time after `now_ms` counts as just
// now). Among the eligible, deterministically: items naming the user's category before generic ones,
// then naming the stage before generic; then never shown before shown; then least recently shown;
// then the candidates' order (or id order). nullopt when nothing is eligible. Without candidates it
// reads only the items naming the user's category and the generic ones; O(those · log seen).
std::optional<ContentChoice> choose_item(const ContentCatalog& catalog, const ContentQuery& query, const SeenTimes& seen,
                                         std::int64_t now_ms);

// ---- rendering ---------------------------------------------------------------------------------

struct RenderInputs {
  const Json* profile = nullptr;  // the user's properties
  const Json* vars = nullptr;     // values the campaign passes
  std::string_view user_id;
  std::string_view locale;        // for numbers and dates; "" → the variant's language
  std::int32_t utc_offset_minutes = 0;  // the user's local day for the date filter
};

struct RenderedContent {
  struct Link {
    std::string label, url;
  };
  struct Media {
    ContentMedia::Type type = ContentMedia::Type::Image;
    std::string url, alt;
  };
  std::string item, language;
  ContentKind kind = ContentKind::Tip;
  std::string title;
  std::optional<std::string> body, badge;
  std::optional<Link> cta;    // left out when its URL rendered empty (an unsafe scheme)
  std::optional<Media> media;  // likewise
  std::vector<std::pair<std::string, std::string>> fields;  // by name
  Json widget;  // the item's widget payload with the variant's keys over it, or null

  // {"item", "kind", "language", "title", "body"?, "badge"?, "cta"?: {"label", "url"},
  //  "media"?: {"type": "image"|"video", "url", "alt"?}, "fields"?: {…}, "widget"?: {…}}
  Json to_json() const;
  // The same members into an object the caller opened (which may add its own).
  void write_members(JsonWriter& out) const;
};

// Renders `item`'s variant keyed `language` (canonical, as select_variant returns it) into `out`,
// reusing its buffers. False, leaving `out` unspecified, when the item has no such variant. Never
// fails otherwise: missing values render empty or as their default.
bool render_content(const ContentItem& item, std::string_view language, const RenderInputs& inputs, RenderedContent& out);

}  // namespace nudgekit

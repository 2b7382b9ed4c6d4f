// Size probe: the whole content module (catalog, templates, formatting) on top of content_base.cpp.
#include <cstdio>
#include "nudgekit/content.h"
int main(int argc, char** argv) {
  nudgekit::Error error;
  const auto doc = nudgekit::parse_json_input(argc > 1 ? argv[1] : "{}", 1 << 20, 64, error);
  if (!doc) return std::puts(error.message.c_str()), 1;
  nudgekit::Errors errors;
  const auto catalog = nudgekit::ContentCatalog::compile(*doc, {}, errors);
  if (!catalog) return std::puts(errors[0].message.c_str()), 1;
  const std::vector<std::string> chain = {argc > 2 ? argv[2] : "en"};
  nudgekit::ContentQuery query;
  query.language_chain = &chain;
  const auto choice = nudgekit::choose_item(*catalog, query, {}, 0);
  if (!choice) return 1;
  nudgekit::RenderInputs inputs;
  inputs.profile = &*doc;
  nudgekit::RenderedContent out;
  nudgekit::render_content(*choice->item, choice->variant->language, inputs, out);
  std::puts(nudgekit::to_json_text(out.to_json()).c_str());
  return 0;
}

#include "detail/text_escape.h"

#include "detail/utf8.h"

namespace nudgekit::detail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Calls emit(run) for each maximal run of valid UTF-8 and emit(kReplacement) for each bad byte, so
// that the escapers below see only valid text and copy plain runs in one append.
template <typename Emit>
void for_each_valid_run(std::string_view text, Emit&& emit) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(text, i);
    if (length != 0) {
      i += length;
      continue;
    }
    if (i > run) emit(text.substr(run, i - run));
    emit(kReplacement);
    run = ++i;
  }
  if (run < text.size()) emit(text.substr(run));
}

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

bool equals_ascii_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

}  // namespace

void append_valid_utf8(std::string_view text, std::string& out) {
  for_each_valid_run(text, [&](std::string_view run) { out.append(run); });
}

void append_html_attribute(std::string_view text, std::string& out) {
  for_each_valid_run(text, [&](std::string_view run) {
    std::size_t plain = 0;
    for (std::size_t i = 0; i < run.size(); ++i) {
      const char* reference = nullptr;
      switch (run[i]) {
        case '&': reference = "&amp;"; break;
        case '<': reference = "&lt;"; break;
        case '>': reference = "&gt;"; break;
        case '"': reference = "&quot;"; break;
        case '\'': reference = "&#39;"; break;
        case '`': reference = "&#96;"; break;
        default: continue;
      }
      out.append(run.substr(plain, i - plain)).append(reference);
      plain = i + 1;
    }
    out.append(run.substr(plain));
  });
}

void append_percent_encoded(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for_each_valid_run(text, [&](std::string_view run) {
    for (const char c : run) {
      const auto byte = static_cast<unsigned char>(c);
      if (is_unreserved(byte)) {
        out.push_back(c);
      } else {
        out.push_back('%');
        out.push_back(kHex[byte >> 4]);
        out.push_back(kHex[byte & 0xF]);
      }
    }
  });
}

bool is_url_literal_char(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (is_unreserved(byte)) return true;
  switch (c) {
    case ':': case '/': case '?': case '#': case '[': case ']': case '@':                         // gen-delims
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',': case ';': case '=':  // sub-delims
    case '%':
      return true;
    default:
      return false;
  }
}

UrlScheme classify_url(std::string_view url, bool complete) {
  const std::size_t delimiter = url.find_first_of(":/?#");
  const std::string_view head = url.substr(0, delimiter);
  // A character reference before the path could spell a colon ("javascript&#58;…") for any consumer
  // that decodes HTML, so the scheme position must not hold one.
  if (head.find('&') != std::string_view::npos) return UrlScheme::Unsafe;
  if (delimiter == std::string_view::npos) return complete ? UrlScheme::Safe : UrlScheme::Undecided;
  switch (url[delimiter]) {
    case ':':
      return equals_ascii_ci(head, "http") || equals_ascii_ci(head, "https") ? UrlScheme::Safe : UrlScheme::Unsafe;
    case '/':
      if (delimiter != 0) return UrlScheme::Safe;
      if (url.size() == 1) return complete ? UrlScheme::Safe : UrlScheme::Undecided;
      return url[1] == '/' ? UrlScheme::Unsafe : UrlScheme::Safe;
    default:
      return UrlScheme::Safe;
  }
}

void ascii_upcase(std::string& text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
}

void ascii_downcase(std::string& text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

std::size_t code_point_prefix(std::string_view text, std::size_t count) {
  std::size_t i = 0;
  for (std::size_t seen = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && seen++ == count) break;
  }
  return i;
}

}  // namespace nudgekit::detail

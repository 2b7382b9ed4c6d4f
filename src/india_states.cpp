// Principal languages of India's states and union territories (ISO 3166-2:IN), hand-maintained:
// CLDR has no data below the country. Order: the language most of the population speaks first
// (Census of India 2011, "Language: India, States and Union Territories", Paper 1 of 2018, table
// C-16), then the others by the same shares, then languages the official-language law names that
// few speak natively (English, Sanskrit). Where C-16 gives no usable share (Nagaland, Ladakh) the
// official language leads. A `*` marks a language the state's official-language law (or, for a
// union territory without one, the Union's) names: `official` in region_languages().
//
// Retired ISO codes read as their successors so that stored profiles keep working.
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "nudgekit/language.h"

namespace nudgekit {
namespace {

struct StateRow {
  const char* code;
  const char* languages;  // space separated, principal first; `*` after an official one
};

// clang-format off
const StateRow kStates[] = {
    // Telugu 89.2% (C-16 2011, districts of the present state); Andhra Pradesh Official Language Act, 1966; Urdu second official language in all districts by the Andhra Pradesh Official Languages (Amendment) Act, 2022.
    {"IN-AP", "te* ur*"},
    // Nyishi 20.7%, Adi 17.4%, Hindi a smaller mother tongue (C-16 2011); English is the state's official language (no state Act; used since 1972).
    {"IN-AR", "njz adi hi en*"},
    // Assamese 48.4%, Bengali 28.9%, Bodo 4.5% (C-16 2011); Assam Official Language Act, 1960; Bengali in the Barak Valley by the 1961 amendment; Bodo associate official language by the Assam Official Language (Amendment) Act, 2020.
    {"IN-AS", "as* bn* brx*"},
    // Hindi 77.5% (Bhojpuri, Magahi included), Maithili 12.8%, Urdu 8.4% (C-16 2011); Bihar Official Language Act, 1950; Urdu second official language by the Bihar Official Language (Amendment) Act, 1981.
    {"IN-BR", "hi* mai ur*"},
    // Hindi 83%, Chhattisgarhi included (C-16 2011); Chhattisgarh Official Language (Amendment) Act, 2007 adds Chhattisgarhi.
    {"IN-CG", "hi* hne*"},
    // Konkani 66.1%, Marathi 10.9% (C-16 2011); Goa, Daman and Diu Official Language Act, 1987 (Konkani; Marathi for any official purpose).
    {"IN-GA", "kok* mr*"},
    // Gujarati 86.0% (C-16 2011); Gujarat Official Languages Act, 1960 (Gujarati and Hindi).
    {"IN-GJ", "gu* hi*"},
    // Hindi the large majority, Punjabi 9.5% (C-16 2011); Haryana Official Language Act, 1969; Punjabi second language since 2010, in place of Tamil.
    {"IN-HR", "hi* pa*"},
    // Hindi 88.9% (C-16 2011); Himachal Pradesh Official Language Act, 1975; Sanskrit second official language by the 2019 amendment.
    {"IN-HP", "hi* sa*"},
    // Hindi 61.9%, Santali 9.9%, Bengali 9.7%, Urdu 5.9% (C-16 2011); Bihar Official Language Act, 1950 as adapted; Urdu, Santali, Bengali, Odia and eight regional and tribal languages second official by the 2011 amendment, Magahi, Bhojpuri, Maithili and Angika added in 2018.
    {"IN-JH", "hi* sat* bn* ur*"},
    // Kannada 66.5%, Urdu 10.8% (C-16 2011); Karnataka Official Language Act, 1963.
    {"IN-KA", "kn*"},
    // Malayalam 97.0% (C-16 2011); Kerala Official Languages Act, 1969 (Malayalam and English); the Malayalam Language Bill, 2025 (Malayalam alone) passed the Assembly in October 2025; its assent is unconfirmed.
    {"IN-KL", "ml* en*"},
    // Hindi 89.7% (C-16 2011); Madhya Pradesh Official Language Act, 1957.
    {"IN-MP", "hi*"},
    // Marathi 69.9%, Hindi 12.9% (C-16 2011); Maharashtra Official Languages Act, 1964.
    {"IN-MH", "mr*"},
    // Manipuri (Meitei) 53.3% (C-16 2011); Manipur Official Language Act, 1979 (Manipuri; English).
    {"IN-MN", "mni* en*"},
    // Khasi 33.8%, Garo 31.6% (C-16 2011); Meghalaya State Language Act, 2005 (English official; Khasi and Garo associate official).
    {"IN-ML", "kha* grt* en*"},
    // Mizo (Lushai) 73.2% (C-16 2011); Mizo Official Language Act, 1974 (Mizo and English).
    {"IN-MZ", "lus* en*"},
    // No majority language (C-16 2011); Nagaland Official Language Act, 1967 (English).
    {"IN-NL", "en*"},
    // Odia 82.7% (C-16 2011); Odisha Official Language Act, 1954.
    {"IN-OD", "or*"},
    // Punjabi 89.8% (C-16 2011); Punjab Official Language Act, 1967.
    {"IN-PB", "pa*"},
    // Hindi incl. Rajasthani 89.5% (C-16 2011); Rajasthan Official Language Act, 1956.
    {"IN-RJ", "hi*"},
    // Nepali 62.6% (C-16 2011); Sikkim Official Languages Act, 1977 (Nepali, Bhutia, Lepcha; Limbu by the 1981 amendment; Newari, Rai, Gurung, Mangar, Sherpa, Tamang and Sunwar added later; Rai has no single code); English is the working language, not named in the Act.
    {"IN-SK", "ne* sip* lep* lif* new* gvr* mgp* xsr* taj* suz* en"},
    // Tamil 88.4% (C-16 2011); Tamil Nadu Official Language Act, 1956.
    {"IN-TN", "ta*"},
    // Telugu about 77%, Urdu 12.7% (C-16 2011, districts of Telangana); Telangana Official Languages Act, 1966 (the Andhra Pradesh Act as adapted); Urdu second official language in all districts by the Telangana Official Languages (Amendment) Act, 2017.
    {"IN-TS", "te* ur*"},
    // Bengali 65.7%, Kokborok 24.1% (C-16 2011); Tripura Official Language Act, 1964 (Bengali; English continues); Kokborok official since 1979.
    {"IN-TR", "bn* trp* en*"},
    // Hindi 94.1%, Urdu 5.4% (C-16 2011); Uttar Pradesh Official Language Act, 1951; Urdu second official language by the 1989 amendment.
    {"IN-UP", "hi* ur*"},
    // Hindi 89.2%, Garhwali and Kumaoni included (C-16 2011); Uttarakhand Official Language Act, 2009 (Hindi; Sanskrit second official language, section 3).
    {"IN-UK", "hi* sa*"},
    // Bengali 86.2%, Hindi 7.0% (C-16 2011); West Bengal Official Language Act, 1961 (Nepali in the Darjeeling hill subdivisions); Urdu by the 2012 amendment and Hindi, Santali, Odia, Punjabi by the Second Amendment, 2012, where the language has over 10% of a block, subdivision or district.
    {"IN-WB", "bn* hi* sat* ur* ne* or* pa*"},
    // Union territories.
    // Bengali 28.5%, Hindi 19.3%, Tamil 15.2% (C-16 2011); Hindi and English are the administration's languages (Official Languages Act, 1963, for the Union).
    {"IN-AN", "bn hi* ta en*"},
    // Hindi 67.8%, Punjabi 22.0% (C-16 2011); English is the administration's language (Punjab Reorganisation Act, 1966 practice).
    {"IN-CH", "hi pa en*"},
    // Gujarati, Hindi (C-16 2011, Dadra and Nagar Haveli and Daman and Diu); Dadra and Nagar Haveli and Daman and Diu (Merger of UTs) Act, 2019, which names no language: Hindi and English by the Union's Official Languages Act, 1963.
    {"IN-DH", "gu hi* en*"},
    // Hindi 80.9%, Urdu 6.3%, Punjabi 5.2% (C-16 2011); Delhi Official Language Act, 2000 (Delhi Act 8 of 2003: Hindi; Punjabi and Urdu second official languages).
    {"IN-DL", "hi* ur* pa*"},
    // Kashmiri 53.3%, Hindi 20.8% (Gojri, Pahari included), Dogri 20.7%, Urdu 0.2% (C-16 2011, the former state with Ladakh); Jammu and Kashmir Official Languages Act, 2020 (Kashmiri, Dogri, Urdu, Hindi, English).
    {"IN-JK", "ks* hi* doi* ur* en*"},
    // Bhoti (Ladakhi) in Leh, Purgi and Balti in Kargil (C-16 2011 counts them within Jammu and Kashmir); Ladakh Official Languages Regulation, 2025 (English, Hindi, Urdu, Bhoti, Purgi).
    {"IN-LA", "hi* en* lbj* prx* ur*"},
    // Malayalam 84.2% (C-16 2011); Malayalam and English are the administration's languages.
    {"IN-LD", "ml* en*"},
    // Tamil 88.2%, Telugu 6.0% (C-16 2011); Pondicherry Official Language Act, 1965 (Tamil; Malayalam in Mahe, Telugu in Yanam; English); French, kept by the 1956 Treaty of Cession, is not named in the Act.
    {"IN-PY", "ta* te* ml* en*"},
};
// clang-format on

// ISO 3166-2:IN changes: Dadra and Nagar Haveli and Daman and Diu merged in 2020 (IN-DH); OR, CT,
// TG, UT re-coded OD, CG, TS, UK in the 2023 update (Orissa was renamed Odisha in 2011).
const StateRow kRetired[] = {
    {"IN-OR", "IN-OD"}, {"IN-CT", "IN-CG"}, {"IN-TG", "IN-TS"},
    {"IN-UT", "IN-UK"}, {"IN-DD", "IN-DH"}, {"IN-DN", "IN-DH"},
};

bool iequals(std::string_view a, const char* b) {
  if (a.size() != std::strlen(b)) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == '_') c = '-';
    char d = b[i];
    if (d >= 'a' && d <= 'z') d = static_cast<char>(d - 'a' + 'A');
    if (c != d) return false;
  }
  return true;
}

}  // namespace

std::vector<RegionLanguage> region_languages(std::string_view region) {
  if (region.size() <= 3) return territory_languages(region);
  std::string_view code = region;
  for (const StateRow& r : kRetired) {
    if (iequals(region, r.code)) code = r.languages;
  }
  for (const StateRow& row : kStates) {
    if (!iequals(code, row.code)) continue;
    std::vector<RegionLanguage> out;
    std::string current;
    for (const char* c = row.languages;; ++c) {
      if (*c == ' ' || *c == '\0') {
        const bool official = !current.empty() && current.back() == '*';
        if (official) current.pop_back();
        out.push_back({current, 0, official});
        current.clear();
        if (*c == '\0') break;
      } else {
        current.push_back(*c);
      }
    }
    return out;
  }
  return {};
}

}  // namespace nudgekit

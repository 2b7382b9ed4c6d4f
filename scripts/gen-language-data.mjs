#!/usr/bin/env node
// Generates the tables the language module reads: likely subtags, the alias sets of UTS #35 Annex C,
// the languageMatching rules with their region variables expanded, paradigm locales, parent locales,
// languages per territory and the right-to-left scripts.
//
// Input: the cldr-core npm package (version pinned in package.json). Output: one C++ source file,
// written into the build tree by CMake (never committed). Every table is sorted by its key with the
// same byte order the runtime binary-searches with (plain strcmp), so nothing is sorted at start-up.
//
// Usage: node scripts/gen-language-data.mjs <node_modules dir> <output .cpp>
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [modulesDir, outFile] = process.argv.slice(2);
if (!modulesDir || !outFile) {
  console.error('usage: gen-language-data.mjs <node_modules dir> <output .cpp>');
  process.exit(2);
}
if (!existsSync(join(modulesDir, 'cldr-core', 'package.json'))) {
  console.error(`gen-language-data: cldr-core is not installed in ${modulesDir}; run npm ci`);
  process.exit(1);
}
const readJson = (...parts) => JSON.parse(readFileSync(join(modulesDir, 'cldr-core', ...parts), 'utf8'));
const version = readJson('package.json').version;
const supplemental = (name) => readJson('supplemental', `${name}.json`).supplemental;

const byKey = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
const cstr = (s) => JSON.stringify(s);  // the tables are ASCII: a JSON string is a valid C literal

function pairTable(name, entries) {
  const sorted = [...entries].sort(byKey);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i][0] === sorted[i - 1][0]) throw new Error(`${name}: duplicate key ${sorted[i][0]}`);
  }
  return `const StringPair ${name}[] = {\n${sorted.map(([k, v]) => `    {${cstr(k)}, ${cstr(v)}},`).join('\n')}\n};\n` +
    `const std::size_t ${name}Count = ${sorted.length};\n`;
}

// Likely subtags: CLDR already writes keys and values with '-' and canonical case.
const likely = Object.entries(supplemental('likelySubtags').likelySubtags);

// Aliases: CLDR's keys use '-' (language aliases may hold several subtags: "sgn-BR", "no-bokmal").
// Territory aliases may name several regions; the runtime picks one by likely subtags (Annex C).
const alias = supplemental('aliases').metadata.alias;
const aliasPairs = (table) => Object.entries(table).map(([k, v]) => [k, v._replacement]);

// languageMatching: rules stay in CLDR's order (the first matching rule wins). Region variables are
// expanded through territoryContainment so the runtime only tests membership of a region code.
const matching = supplemental('languageMatching').languageMatching['written-new'];
const containment = supplemental('territoryContainment').territoryContainment;
function containedRegions(code, out = new Set()) {
  const entry = containment[code];
  // The plain entry lists a region's members; "-status-*" entries are alternative groupings.
  if (entry && entry._contains) {
    for (const member of entry._contains) {
      if (!out.has(member)) {
        out.add(member);
        containedRegions(member, out);
      }
    }
  }
  return out;
}
const variables = Object.entries(matching.matchVariables).map(([name, { _value }]) => {
  const regions = new Set();
  for (const part of _value.split('+')) {
    regions.add(part);
    containedRegions(part, regions);
  }
  // Groupings such as 419 (Latin America) are not listed as members of 019, yet every region they
  // contain is: ICU counts them in the variable, so es-419 is "americas" like es-MX.
  for (const code of Object.keys(containment)) {
    const members = containedRegions(code);
    if (members.size > 0 && [...members].every((m) => regions.has(m))) regions.add(code);
  }
  return [name.slice(1), [...regions].sort().join(' ')];
});
const rules = matching.languageMatch.map((r) => ({
  desired: r._desired, supported: r._supported, distance: Number(r._distance), oneway: r._oneway === true || r._oneway === 'true',
}));
for (const r of rules) {
  if (!Number.isInteger(r.distance) || r.distance < 0 || r.distance > 100) throw new Error(`languageMatch: bad distance in ${JSON.stringify(r)}`);
}
const paradigms = matching.paradigmLocales._locales;

const parents = Object.entries(supplemental('parentLocales').parentLocales.parentLocale);

// Territory languages, largest share of the population first; ties keep CLDR's order.
const territoryInfo = supplemental('territoryInfo').territoryInfo;
const territoryRows = [];
for (const territory of Object.keys(territoryInfo).sort()) {
  const langs = Object.entries(territoryInfo[territory].languagePopulation ?? {})
    .map(([lang, v]) => ({ lang: lang.replace(/_/g, '-'), percent: Number(v._populationPercent), official: v._officialStatus ?? '' }))
    .sort((a, b) => b.percent - a.percent);
  for (const l of langs) territoryRows.push({ territory, ...l });
}

const scripts = readJson('scriptMetadata.json').scriptMetadata;
const rtlScripts = Object.keys(scripts).filter((s) => scripts[s].rtl === 'YES').sort();

const out = `// Generated by scripts/gen-language-data.mjs from cldr-core ${version}. Do not edit.
#include "detail/language_data.h"

namespace nudgekit::detail {

const char kLanguageDataVersion[] = ${cstr(version)};

${pairTable('kLikelySubtags', likely)}
${pairTable('kLanguageAliases', aliasPairs(alias.languageAlias))}
${pairTable('kScriptAliases', aliasPairs(alias.scriptAlias))}
${pairTable('kTerritoryAliases', aliasPairs(alias.territoryAlias))}
${pairTable('kVariantAliases', aliasPairs(alias.variantAlias))}
${pairTable('kParentLocales', parents)}
${pairTable('kMatchVariables', variables)}
const MatchRule kMatchRules[] = {
${rules.map((r) => `    {${cstr(r.desired)}, ${cstr(r.supported)}, ${r.distance}, ${r.oneway}},`).join('\n')}
};
const std::size_t kMatchRulesCount = ${rules.length};

const char* const kParadigmLocales[] = {${paradigms.map(cstr).join(', ')}};
const std::size_t kParadigmLocalesCount = ${paradigms.length};

const TerritoryLanguage kTerritoryLanguages[] = {
${territoryRows.map((r) => `    {${cstr(r.territory)}, ${cstr(r.lang)}, ${Number.isInteger(r.percent) ? r.percent + ".0" : r.percent}f, ${r.official === 'official'}},`).join('\n')}
};
const std::size_t kTerritoryLanguagesCount = ${territoryRows.length};

const char* const kRtlScripts[] = {${rtlScripts.map(cstr).join(', ')}};
const std::size_t kRtlScriptsCount = ${rtlScripts.length};

}  // namespace nudgekit::detail
`;
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, out);

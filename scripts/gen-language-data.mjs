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

// Likely subtags: CLDR already writes keys and values with '-' and canonical case. The runtime splits
// each value at its two hyphens instead of parsing it, so every value must be language-Script-REGION.
const likely = Object.entries(supplemental('likelySubtags').likelySubtags);
for (const [key, value] of likely) {
  if (!/^[a-z]{2,8}-[A-Z][a-z]{3}-([A-Z]{2}|[0-9]{3})$/.test(value)) {
    throw new Error(`likelySubtags ${key} → ${value}: not language-Script-REGION`);
  }
}

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

// Pre-split tables, so that the first call in a fresh process builds nothing (a wasm module pays
// milliseconds for start-up indexing; these are binary-searched in place).
//
// Alias rules whose source has more than a language ("sgn-BR", "hy-arevmda", "und-hepburn-heploc"),
// split like the runtime's unicode_locale_id parser. Rules of just a language are looked up in
// kLanguageAliases directly; sources the grammar cannot read are legacy whole tags ("i-klingon").
function splitTag(tag) {
  const parts = tag.split('-');
  const out = { language: parts[0].toLowerCase(), script: '', region: '', variants: [] };
  if (!/^[a-z]{2,3}$|^[a-z]{5,8}$/i.test(parts[0])) return null;
  let i = 1;
  if (i < parts.length && /^[a-z]{4}$/i.test(parts[i])) out.script = parts[i++];
  if (i < parts.length && /^([a-z]{2}|[0-9]{3})$/i.test(parts[i])) out.region = parts[i++].toUpperCase();
  for (; i < parts.length; i++) {
    if (!/^([a-z0-9]{5,8}|[0-9][a-z0-9]{3})$/i.test(parts[i])) return null;
    out.variants.push(parts[i].toLowerCase());
  }
  out.variants.sort();
  return out;
}
const complexAliases = [];
for (const [key, value] of aliasPairs(alias.languageAlias)) {
  if (!key.includes('-')) continue;
  const source = splitTag(key);
  const target = splitTag(value);
  if (!source || !target) continue;
  // A rule for the tag's own language goes before an "und-variant" rule, so that "hye-arevmda" first
  // becomes "hy-arevmda" (→ hyw) instead of losing the variant to "und-arevmda" → "und".
  const rank = (source.language === 'und' ? 0 : 100) + source.variants.length * 8 + (source.region ? 4 : 0) + (source.script ? 2 : 0);
  complexAliases.push({ source, target, rank });
}
complexAliases.sort((a, b) => (a.source.language < b.source.language ? -1 : a.source.language > b.source.language ? 1 : b.rank - a.rank));

// languageMatching per level. Language pairs: first rule wins, non-oneway rules count both ways.
const defaults = { language: 80, script: 50, region: 4 };
const languagePairs = new Map();
const scriptRules = [];
const regionRules = [];
const variableNames = variables.map(([name]) => name);
const regionPattern = (text) => {
  if (text === '*') return { kind: 0, bit: 0, region: '' };
  if (text.startsWith('$')) {
    const negated = text[1] === '!';
    const bit = 1 << variableNames.indexOf(text.slice(negated ? 2 : 1));
    return { kind: negated ? 2 : 1, bit, region: '' };
  }
  return { kind: 3, bit: 0, region: text };
};
for (const r of rules) {
  const d = r.desired.split(/[-_]/);
  const s = r.supported.split(/[-_]/);
  if (d[0] === '*') {
    defaults[['language', 'script', 'region'][d.length - 1]] = r.distance;
    continue;
  }
  for (const [a, b] of r.oneway ? [[d, s]] : [[d, s], [s, d]]) {
    if (a.length === 1) {
      const key = `${a[0]}\u0000${b[0]}`;
      if (!languagePairs.has(key)) languagePairs.set(key, [a[0], b[0], r.distance]);
    } else if (a.length === 2) {
      scriptRules.push([a[0], b[0], a[1], b[1], r.distance]);
    } else {
      regionRules.push([a[0], b[0], a[1], b[1], regionPattern(a[2]), regionPattern(b[2]), r.distance]);
    }
  }
}
// Stable sorts: within one language pair the CLDR order (first match wins) is kept.
const byLanguages = (x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);
const sortedPairs = [...languagePairs.values()].sort(byLanguages);
scriptRules.sort(byLanguages);
regionRules.sort(byLanguages);
const regionMasks = new Map();
variables.forEach(([, list], i) => {
  for (const region of list.split(' ')) regionMasks.set(region, (regionMasks.get(region) ?? 0) | (1 << i));
});

// The rows of the three rule tables per desired language, so that a tag finds its rules with one
// search of a short table instead of three searches of the long ones.
const matchLanguages = new Map();
const noteRows = (table, slot) => table.forEach((row, i) => {
  const ranges = matchLanguages.get(row[0]) ?? [0, 0, 0, 0, 0, 0];
  if (ranges[slot * 2 + 1] === 0) ranges[slot * 2] = i;
  ranges[slot * 2 + 1] = i + 1;
  matchLanguages.set(row[0], ranges);
});
noteRows(sortedPairs, 0);
noteRows(scriptRules, 1);
noteRows(regionRules, 2);
const matchLanguageRows = [...matchLanguages.entries()].sort(byKey);
if (matchLanguageRows.length >= 0xffff || sortedPairs.length > 0xffff || scriptRules.length > 0xff || regionRules.length > 0xff) {
  throw new Error('languageMatching: too many rows for the ranges of MatchLanguage');
}
const matchLanguageIndex = new Map(matchLanguageRows.map(([language], i) => [language, i]));

// Maximized LSRs of the languages CLDR has locale data for (availableLocales "full"): the tags apps
// actually support. For such a language without variants, canonicalization only touches the
// script and region, and likely subtags are one lookup unless the language has keys of its own with
// a script or region ("zh-Hant", "az-IQ"); the runtime's known path checks those, and the generator
// leaves out the languages an alias rule could rewrite, which take the general path.
if (variables.length > 8) throw new Error('languageMatching: more than 8 match variables do not fit kLanguageLsrs');
if (complexAliases.some(({ source }) => source.language === 'und' && source.variants.length === 0)) {
  // Such a rule could rewrite a tag without variants, which the known path assumes never happens.
  throw new Error('languageAlias: an "und" rule without variants');
}
const likelyMap = new Map(likely);
const simpleAliasKeys = new Set(Object.keys(alias.languageAlias).filter((k) => !k.includes('-')));
// Rules with variants ("zh-guoyu") never match a tag without variants, so they do not count.
const complexAliasLanguages = new Set(complexAliases.filter(({ source }) => source.variants.length === 0).map(({ source }) => source.language));
const localeLanguages = new Set(readJson('availableLocales.json').availableLocales.full.map((t) => t.split('-')[0]));
const kScriptKeys = 1, kRegionKeys = 2;  // LanguageLsr::likely_keys
const languageLsrs = [...localeLanguages]
  // Two or three letters pack into the 32-bit key; longer languages take the general path.
  .filter((l) => l !== 'und' && /^[a-z]{2,3}$/.test(l) && likelyMap.has(l) && !simpleAliasKeys.has(l) && !complexAliasLanguages.has(l))
  .sort()
  .map((language) => {
    const [maxLanguage, script, region] = likelyMap.get(language).split('-');
    if (maxLanguage !== language) throw new Error(`likelySubtags ${language} → ${likelyMap.get(language)}: changes the language`);
    let likelyKeys = 0;
    for (const [key] of likely) {
      if (!key.startsWith(`${language}-`)) continue;
      likelyKeys |= /^[A-Z][a-z]{3}$/.test(key.split('-')[1]) ? kScriptKeys : kRegionKeys;
    }
    return { language, script, region, mask: regionMasks.get(region) ?? 0, rules: matchLanguageIndex.get(language) ?? matchLanguageRows.length, likelyKeys };
  });
// A language of 2–3 letters packed big-endian into 32 bits, so that integer order is strcmp order
// (the runtime's language_key packs the same way).
const languageKey = (language) => {
  let key = 0;
  for (let i = 0; i < 4; i++) key = key * 256 + (i < language.length ? language.charCodeAt(i) : 0);
  return `0x${key.toString(16).padStart(8, '0')}u`;
};
const charArray = (text) => `{${[...text].map((c) => `'${c}'`).join(', ')}}`;

// The paradigm locales maximized the way make_lsr's known path does it at runtime (the language's
// LSR, with the tag's own script and region and the likely-subtags keys those form). A paradigm
// that path would not take fails the build instead of being maximized some other way.
const languageLsrByName = new Map(languageLsrs.map((e) => [e.language, e]));
const paradigmLsrs = paradigms.map((tag) => {
  const t = splitTag(tag);
  const known = t && languageLsrByName.get(t.language);
  const plain = t && t.variants.length === 0 && (!t.script || /^[A-Z][a-z]{3}$/.test(t.script)) && t.script !== 'Zzzz' &&
    !['ZZ', 'XA', 'XB', 'XC'].includes(t.region) && !(t.script in alias.scriptAlias) && !(t.region in alias.territoryAlias);
  if (!known || !plain) throw new Error(`paradigmLocales: ${tag} is not a language with known LSR plus plain script and region`);
  const l = t.language, s = t.script, r = t.region;
  const keys = [s && r && `${l}-${s}-${r}`, r && `${l}-${r}`, s && `${l}-${s}`, l].filter(Boolean);
  const [, script, region] = likelyMap.get(keys.find((k) => likelyMap.has(k))).split('-');
  return [l, s || script, r || region];
});

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

const ComplexAlias kComplexAliases[] = {
${complexAliases.map(({ source: a, target: t }) => `    {${[a.language, a.script, a.region, a.variants.join(' '), t.language, t.script, t.region, t.variants.join(' ')].map(cstr).join(', ')}},`).join('\n')}
};
const std::size_t kComplexAliasesCount = ${complexAliases.length};

const int kDefaultLanguageDistance = ${defaults.language};
const int kDefaultScriptDistance = ${defaults.script};
const int kDefaultRegionDistance = ${defaults.region};
const LanguagePair kLanguagePairs[] = {
${sortedPairs.map(([a, b, dist]) => `    {${cstr(a)}, ${cstr(b)}, ${dist}},`).join('\n')}
};
const std::size_t kLanguagePairsCount = ${sortedPairs.length};
const ScriptPair kScriptPairs[] = {
${scriptRules.map(([a, b, x, y, dist]) => `    {${cstr(a)}, ${cstr(b)}, ${cstr(x)}, ${cstr(y)}, ${dist}},`).join('\n')}
};
const std::size_t kScriptPairsCount = ${scriptRules.length};
const RegionRule kRegionRules[] = {
${regionRules.map(([a, b, x, y, p, q, dist]) => `    {${cstr(a)}, ${cstr(b)}, ${cstr(x)}, ${cstr(y)}, {${p.kind}, ${p.bit}, ${cstr(p.region)}}, {${q.kind}, ${q.bit}, ${cstr(q.region)}}, ${dist}},`).join('\n')}
};
const std::size_t kRegionRulesCount = ${regionRules.length};
const RegionMask kRegionMasks[] = {
${[...regionMasks.entries()].sort(byKey).map(([r, m]) => `    {${cstr(r)}, ${m}},`).join('\n')}
};
const std::size_t kRegionMasksCount = ${regionMasks.size};

const MatchLanguage kMatchLanguages[] = {
${matchLanguageRows.map(([l, r]) => `    {${cstr(l)}, ${r.join(', ')}},`).join('\n')}
};
const std::size_t kMatchLanguagesCount = ${matchLanguageRows.length};
const LanguageLsr kLanguageLsrs[] = {
${languageLsrs.map((e) => `    {${languageKey(e.language)}, ${charArray(e.script)}, ${cstr(e.region)}, ${e.rules}, ${e.mask}, ${e.likelyKeys}},  // ${e.language}`).join('\n')}
};
const std::size_t kLanguageLsrsCount = ${languageLsrs.length};
const LsrText kParadigmLsrs[] = {
${paradigmLsrs.map((lsr) => `    {${lsr.map(cstr).join(', ')}},`).join('\n')}
};
const std::size_t kParadigmLsrsCount = ${paradigmLsrs.length};


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

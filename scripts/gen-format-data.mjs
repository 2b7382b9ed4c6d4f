#!/usr/bin/env node
// Generates the locale formatting tables the core uses for {{… | number}} and {{… | date}}: per
// locale the decimal, group and minus symbols, grouping sizes, minimum grouping digits, the default
// numbering system's digits, and the medium date pattern with the abbreviated month names it needs.
//
// Input: the cldr-numbers-full, cldr-dates-full and cldr-core npm packages (versions pinned in
// package.json). Output: one C++ source file, written into the build tree by CMake (never committed).
//
// Size: CLDR's JSON is fully resolved, so most regional locales repeat their parent's values. A
// locale is stored only when its record differs from the record its CLDR parent resolves to; the
// runtime walks the same parent chain (explicit parentLocales first, then truncation), so dropping
// such a locale changes no output. Locales: every locale CLDR rates "modern" or "moderate" in
// coverageLevels.json, the scheduled languages of India whatever their rating (basic-coverage Santali
// or Maithili still have correct digits and symbols), and every ancestor of those.
//
// Usage: node scripts/gen-format-data.mjs <node_modules dir> <output .cpp>
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [modulesDir, outFile] = process.argv.slice(2);
if (!modulesDir || !outFile) {
  console.error('usage: gen-format-data.mjs <node_modules dir> <output .cpp>');
  process.exit(2);
}

const readJson = (...parts) => JSON.parse(readFileSync(join(modulesDir, ...parts), 'utf8'));
for (const pkg of ['cldr-numbers-full', 'cldr-dates-full', 'cldr-core']) {
  if (!existsSync(join(modulesDir, pkg, 'package.json'))) {
    console.error(`gen-format-data: ${pkg} is not installed in ${modulesDir}; run npm ci (scripts/bootstrap.sh)`);
    process.exit(1);
  }
}
const versions = ['cldr-numbers-full', 'cldr-dates-full', 'cldr-core'].map((p) => readJson(p, 'package.json').version);
if (new Set(versions).size !== 1) {
  console.error(`gen-format-data: the CLDR packages disagree on the version: ${versions.join(', ')}`);
  process.exit(1);
}
const cldrVersion = versions[0];

const parentLocales = readJson('cldr-core', 'supplemental', 'parentLocales.json').supplemental.parentLocales.parentLocale;
const numberingSystems = readJson('cldr-core', 'supplemental', 'numberingSystems.json').supplemental.numberingSystems;
const coverage = readJson('cldr-core', 'coverageLevels.json').effectiveCoverageLevels;
const ROOT = 'und';
// The 22 languages of the Eighth Schedule of India's constitution (plus English), whose users the
// product serves first; kept even where CLDR's coverage is only "basic".
const INDIA = ['as', 'bn', 'brx', 'doi', 'en', 'gu', 'hi', 'kn', 'kok', 'ks', 'mai', 'ml', 'mni', 'mr', 'ne', 'or', 'pa', 'sa', 'sat', 'sd', 'ta', 'te', 'ur'];

const haveNumbers = (tag) => existsSync(join(modulesDir, 'cldr-numbers-full', 'main', tag, 'numbers.json'));
const haveDates = (tag) => existsSync(join(modulesDir, 'cldr-dates-full', 'main', tag, 'ca-gregorian.json'));

// CLDR's parent: an explicit parentLocales entry, else the tag without its last subtag, else root.
function parentOf(tag) {
  if (tag === ROOT) return null;
  if (parentLocales[tag]) return parentLocales[tag] === 'root' ? ROOT : parentLocales[tag];
  const cut = tag.lastIndexOf('-');
  return cut < 0 ? ROOT : tag.slice(0, cut);
}

const wanted = new Set([ROOT]);
const consider = (tag) => {
  for (let t = tag; t !== null; t = parentOf(t)) {
    if (haveNumbers(t) && haveDates(t)) wanted.add(t);
  }
};
for (const [tag, level] of Object.entries(coverage)) {
  const language = tag.split('-')[0];
  if (level === 'modern' || level === 'moderate' || INDIA.includes(language)) consider(tag);
}
for (const tag of INDIA) consider(tag);

function fail(tag, message) {
  console.error(`gen-format-data: ${tag}: ${message}`);
  process.exit(1);
}

// "#,##,##0.###" → primary 3, secondary 2, maximum fraction digits 3. Patterns with a negative
// subpattern, a currency or a percent sign are not decimal patterns this formatter can honour.
function grouping(tag, pattern) {
  if (!/^[#0,]+(\.[#0]+)?$/.test(pattern)) fail(tag, `unexpected decimal pattern ${JSON.stringify(pattern)}`);
  const [integer, fraction = ''] = pattern.split('.');
  const groups = integer.split(',');
  const primary = groups.length > 1 ? groups[groups.length - 1].length : 0;
  const secondary = groups.length > 2 ? groups[groups.length - 2].length : primary;
  return { primary, secondary, maxFraction: fraction.length };
}

function record(tag) {
  const numbers = readJson('cldr-numbers-full', 'main', tag, 'numbers.json').main[tag].numbers;
  const system = numbers.defaultNumberingSystem;
  const symbols = numbers[`symbols-numberSystem-${system}`];
  const standard = numbers[`decimalFormats-numberSystem-${system}`]?.standard;
  const digits = numberingSystems[system]?._digits;
  if (!symbols || !standard) fail(tag, `no symbols or decimal format for numbering system ${system}`);
  if (!digits || [...digits].length !== 10) fail(tag, `numbering system ${system} is not a decimal digit system`);
  const widths = new Set([...digits].map((d) => Buffer.byteLength(d)));
  if (widths.size !== 1) fail(tag, `the digits of ${system} differ in UTF-8 length`);

  const gregorian = readJson('cldr-dates-full', 'main', tag, 'ca-gregorian.json').main[tag].dates.calendars.gregorian;
  let datePattern = gregorian.dateFormats.medium;
  if (typeof datePattern === 'object') datePattern = datePattern._value;
  const fields = datePattern.replace(/'[^']*'/g, '').match(/([A-Za-z])\1*/g) ?? [];
  for (const field of fields) {
    if (!['y', 'd', 'dd', 'M', 'MM', 'MMM'].includes(field)) fail(tag, `date field ${field} in ${JSON.stringify(datePattern)}`);
  }
  // Month names only where the pattern shows them: numeric patterns (dd/MM/y) need none.
  const months = fields.includes('MMM')
    ? Array.from({ length: 12 }, (_, i) => gregorian.months.format.abbreviated[String(i + 1)])
    : [];
  return {
    decimal: symbols.decimal,
    group: symbols.group,
    minus: symbols.minusSign,
    digits,
    minGrouping: Number(numbers.minimumGroupingDigits),
    ...grouping(tag, standard),
    datePattern,
    months,
  };
}

const records = new Map([...wanted].map((tag) => [tag, record(tag)]));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const stored = [...wanted].filter((tag) => tag === ROOT || !same(records.get(tag), records.get(parentOf(tag)))).sort();
// Every explicit parent CLDR lists, also for locales outside the set: a tag such as "en-150" must
// reach en-001 (its CLDR parent), not "en" (its truncation), even though en-150 is not stored.
const links = Object.keys(parentLocales)
  .map((tag) => [tag, parentOf(tag)])
  .sort((a, b) => (a[0] < b[0] ? -1 : 1));

// One pool of NUL-terminated strings, each stored once; the tables hold offsets into it.
const pool = [];
const offsets = new Map();
let poolBytes = 0;
function intern(bytes) {
  const key = bytes.toString('latin1');
  if (!offsets.has(key)) {
    offsets.set(key, poolBytes);
    pool.push(bytes);
    poolBytes += bytes.length;
  }
  return offsets.get(key);
}
const str = (s) => intern(Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]));
const monthBlock = (names) => (names.length === 0 ? 0xffff : intern(Buffer.concat(names.map((n) => Buffer.from(`${n}\0`, 'utf8')))));

const rows = stored.map((tag) => {
  const r = records.get(tag);
  return [str(tag), str(r.decimal), str(r.group), str(r.minus), str(r.digits), str(r.datePattern), monthBlock(r.months),
    r.primary, r.secondary, r.minGrouping, r.maxFraction];
});
const linkRows = links.map(([child, parent]) => [str(child), str(parent)]);

// Octal escapes always take three digits, so the byte after one can never be read as part of it.
function cString(buffer) {
  let out = '';
  for (const byte of buffer) {
    if (byte === 0x22 || byte === 0x5c || byte === 0x3f || byte < 0x20 || byte > 0x7e) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return out;
}
const poolBuffer = Buffer.concat(pool);
// The rows hold 16-bit offsets (half the table size of 32-bit ones); 0xffff means "no months".
if (poolBuffer.length >= 0xffff) fail('pool', `${poolBuffer.length} bytes no longer fit 16-bit offsets`);
const poolLines = [];
for (let i = 0; i < poolBuffer.length; i += 96) poolLines.push(`    "${cString(poolBuffer.subarray(i, i + 96))}"`);
const none = (v) => (v === 0xffff ? 'kNoMonths' : String(v));

const source = `// Generated by scripts/gen-format-data.mjs from CLDR ${cldrVersion} (cldr-numbers-full, cldr-dates-full,
// cldr-core). Do not edit: CMake regenerates it in the build tree.
#include "detail/format_data.h"

namespace nudgekit::detail {

const char kCldrVersion[] = "${cldrVersion}";
const char kFormatPool[] =
${poolLines.join('\n')};
const std::size_t kFormatPoolSize = ${poolBuffer.length};

const FormatLocaleRow kFormatLocales[] = {
${rows.map((r) => `    {${r.slice(0, 6).join(', ')}, ${none(r[6])}, ${r.slice(7).join(', ')}},`).join('\n')}
};
const std::size_t kFormatLocaleCount = ${rows.length};

const FormatParentRow kFormatParents[] = {
${linkRows.map((r) => `    {${r.join(', ')}},`).join('\n')}
};
const std::size_t kFormatParentCount = ${linkRows.length};

}  // namespace nudgekit::detail
`;
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, source);
console.log(`gen-format-data: CLDR ${cldrVersion}: ${wanted.size} locales, ${rows.length} stored, ${linkRows.length} parent links, ${poolBuffer.length} pool bytes`);

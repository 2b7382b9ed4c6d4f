// Peer engines, each used the idiomatic way and prepared once (outside any timing) where the library allows.
// An adapter: {name, version, prepare(workload) → [(user) => boolean] in conditions.json order}.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import * as growthbook from '@growthbook/growthbook';
import jsonLogic from 'json-logic-js';
import siftModule from 'sift';

const require = createRequire(import.meta.url);

function installedVersion(name) {
  // Read package.json directly: not every package exports ./package.json.
  const entry = require.resolve(name);
  const root = entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length);
  return JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version;
}

// GrowthBook has exported evalCondition from the package root since 0.x; older builds only had it on the
// default export. Find it rather than assume.
const evalCondition = growthbook.evalCondition ?? growthbook.default?.evalCondition;
if (typeof evalCondition !== 'function') {
  throw new Error(`bench: @growthbook/growthbook ${installedVersion('@growthbook/growthbook')} exports no evalCondition`);
}

// sift's CommonJS build puts the function on `default` (and on the module object itself in some versions).
const sift = typeof siftModule === 'function' ? siftModule : siftModule.default;

// JsonLogic has no regex operation: conditions.jsonlogic.json uses {"regex": [value, pattern]}. Patterns are
// compiled once each; a missing attribute (null) is not a string and never matches, as in the other engines.
const regexCache = new Map();
jsonLogic.add_operation('regex', (value, pattern) => {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    re = new RegExp(pattern);
    regexCache.set(pattern, re);
  }
  return typeof value === 'string' && re.test(value);
});

export const peers = [
  {
    name: 'GrowthBook evalCondition',
    package: '@growthbook/growthbook',
    version: installedVersion('@growthbook/growthbook'),
    // Nothing to prepare: evalCondition interprets the condition object on every call (it caches RegExps).
    prepare: ({ conditions }) => conditions.map(({ condition }) => (user) => evalCondition(user, condition)),
  },
  {
    name: 'sift',
    package: 'sift',
    version: installedVersion('sift'),
    // sift(condition) compiles the query into a tester once; testing a user is then a plain call.
    prepare: ({ conditions }) => conditions.map(({ condition }) => sift(condition)),
  },
  {
    name: 'json-logic-js',
    package: 'json-logic-js',
    version: installedVersion('json-logic-js'),
    // json-logic-js has no compile step: apply() walks the rule each time. The result is truthy/falsy.
    prepare: ({ jsonlogic }) => jsonlogic.map(({ rule }) => (user) => jsonLogic.truthy(jsonLogic.apply(rule, user))),
  },
];

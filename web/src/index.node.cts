// Entry for require('nudgekit'): the ESM entry itself, loaded through Node's require(esm) (Node ≥ 20.19),
// so CommonJS and ESM callers share one module instance and one NudgeKitError class.
import nudgekit = require('./index.node.mjs');
export = nudgekit;

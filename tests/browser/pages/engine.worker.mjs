// The scenario the engine test runs, once on the page and once in a module Worker. Loaded as a worker
// it waits for one message `{wasm, probeCsp?, wasmUrl?, wasmBinary?}` and posts back the scenario's
// findings; imported by engine.page.mjs it only exports runScenario.
import { createNudgeKit, NudgeKitError, validateConfig } from '/dist/index.browser.mjs';

export const CONFIG = {
  version: 1,
  savedGroups: { hindi_belt: ['IN-UP', 'IN-BR', 'IN-MP', 'IN-RJ', 'IN-HR', 'IN-JH'] },
  segments: {
    hindi_belt_new: { 'geo.region': { $inGroup: 'hindi_belt' }, 'lifecycle.days_since_signup': { $lte: 7 } },
    kyc_stalled_selfie: { 'kyc.status': 'selfie_pending' },
    needs_upgrade: { 'app.version': { $vlt: '4.12.0' } },
    south_india: { 'geo.region': { $in: ['IN-KA', 'IN-KL', 'IN-TN', 'IN-AP', 'IN-TS'] } },
    gst_registered_kirana: { 'business.category': 'kirana', tags: { $all: ['gst_registered'] } },
  },
};

// A typo'd operator in the second segment: the error must name it by JSON pointer.
export const BAD_CONFIG = {
  version: 1,
  segments: {
    south_india: { 'geo.region': { $in: ['IN-KA'] } },
    power_merchants: { 'activity.entries_30d': { $gtee: 300 } },
  },
};

const errorInfo = (error) => ({
  isNudgeKitError: error instanceof NudgeKitError,
  name: error?.name,
  code: error?.code,
  pointer: error?.pointer,
  errors: error?.errors,
  message: String(error?.message ?? error),
});

/** True when this global refuses eval, i.e. a CSP without 'unsafe-eval' is in force here. */
function evalRefused() {
  try {
    (0, eval)('0'); // eslint-disable-line no-eval
    return false;
  } catch (error) {
    return error instanceof EvalError;
  }
}

/**
 * Runs the API end to end and returns plain JSON findings (never throws). `probeCsp` also tries an
 * eval, to show the CSP is in force here (the attempt is itself a reported violation).
 */
export async function runScenario(source = {}, { probeCsp = false } = {}) {
  const out = {};
  if (probeCsp) out.evalRefused = evalRefused();
  try {
    const nk = await createNudgeKit({ ...source, config: CONFIG, userId: 'merchant-42' });
    out.userId = nk.userId;
    nk.setProperties({
      'geo.country': 'IN', 'geo.region': 'IN-UP', 'app.version': '4.9.1', 'app.language': 'hi',
      'lifecycle.days_since_signup': 3, 'kyc.status': 'selfie_pending', 'business.category': 'kirana',
      'business.name': 'शर्मा किराना स्टोर', 'acquisition.campaign': 'HINDI_Diwali_2024',
      tags: ['gst_registered', 'whatsapp_opt_in'],
    });
    out.segmentsBefore = nk.segments();
    out.evaluate = {
      hindiBeltAndRecentApp: nk.evaluate({ 'geo.region': { $inGroup: 'hindi_belt' }, 'app.version': { $vgte: '4.9.0' } }),
      hindiAd: nk.evaluate({ 'acquisition.campaign': { $regexi: '^hindi_' } }),
      southIndia: nk.evaluate({ $or: [{ 'geo.region': 'IN-KA' }, { 'geo.region': 'IN-TN' }] }),
    };
    try {
      nk.evaluate({ 'profile.age': { $gtt: 18 } });
      out.evaluateError = null;
    } catch (error) {
      out.evaluateError = errorInfo(error);
    }
    nk.setProperties({ 'app.version': '4.13.2' });
    nk.unsetProperties(['kyc.status']);
    out.segmentsAfter = nk.segments();
    out.properties = nk.properties();
    out.badLoad = nk.loadConfig(BAD_CONFIG);
    out.segmentsAfterBadLoad = nk.segments();
    out.validateGood = await validateConfig(CONFIG, source);
    nk.destroy();
    try {
      nk.segments();
      out.afterDestroy = null;
    } catch (error) {
      out.afterDestroy = errorInfo(error);
    }
  } catch (error) {
    out.failure = { ...errorInfo(error), stack: String(error?.stack ?? '') };
  }
  try {
    await createNudgeKit({ ...source, config: BAD_CONFIG });
    out.createError = null;
  } catch (error) {
    out.createError = errorInfo(error);
  }
  return out;
}

if (typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope) {
  globalThis.addEventListener('message', async ({ data }) => {
    const { wasm, probeCsp, ...source } = data;
    globalThis.postMessage({ wasm, isWorker: true, ...(await runScenario(source, { probeCsp })) });
  }, { once: true });
}

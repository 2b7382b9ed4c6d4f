// Entry for browsers, Web Workers and bundlers: the .wasm is found next to this file unless the
// options say otherwise. Importing it does nothing; all work starts in createNudgeKit().
import { loadModule } from './loader.mjs';
import { createWith, validateWith, type NudgeKit } from './nudgekit.mjs';
import { bucketingToolsFor, type BucketingTools } from './bucketing.mjs';
import { languageToolsFor, type LanguageTools } from './language.mjs';
import type { Config, NudgeKitOptions, ValidationResult, WasmSource } from './types.mjs';

export { NudgeKit } from './nudgekit.mjs';
export { NudgeKitError, type ErrorDetail } from './errors.mjs';
export type * from './types.mjs';
export type { LanguageTools, LanguageMatch, MatchLanguageOptions, RegionLanguage } from './language.mjs';
export type { BucketingTools } from './bucketing.mjs';
export { fetchTransport, beaconSend, type SendRequest, type Transport, type TransportResponse, type TransportSendOptions, type FetchTransportOptions } from './transport.mjs';
export { memoryStore, webStorageStore, indexedDbStore, type KeyValueStore, type IndexedDbStoreOptions } from './kv-store.mjs';
export type { StorageKind, StorageOption } from './storage.mjs';
export { nativeTransport, exposeToNative, nativeBridgeKind, type NativeBridgeNames } from './native-bridge.mjs';
export { createNudgeKitInWorker, type RemoteNudgeKit, type WorkerNudgeKitOptions } from './worker-client.mjs';
export { serveNudgeKit } from './worker-host.mjs';
export type { OutboxRecord, OutboxOutcome } from './outbox.mjs';

/** Loads the engine (once per page) and creates one user's NudgeKit. */
export async function createNudgeKit(options: NudgeKitOptions = {}): Promise<NudgeKit> {
  return createWith(await loadModule(options), options);
}

/** Checks a config without installing it: `{ok, errors}` with a JSON pointer per error. */
export async function validateConfig(config: Config | string, source: WasmSource = {}): Promise<ValidationResult> {
  return validateWith(await loadModule(source), config);
}

/** The language functions (matchLanguage, canonicalizeTag, maximizeTag, …), on the module createNudgeKit loads. */
export async function loadLanguageTools(source: WasmSource = {}): Promise<LanguageTools> {
  return languageToolsFor(await loadModule(source));
}

/** GrowthBook's bucketing hash, on the module createNudgeKit loads (to check assignments match GrowthBook's). */
export async function loadBucketingTools(source: WasmSource = {}): Promise<BucketingTools> {
  return bucketingToolsFor(await loadModule(source));
}

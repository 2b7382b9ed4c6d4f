// Hand-written types for the Emscripten glue (3.1.6 cannot emit them). Internal: never re-exported.
export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

export interface NudgeKitModule {
  HEAPU8: Uint8Array;
  // Plain wasm exports for the per-event and per-render calls (src/bindings: no Embind invoker).
  // Pointers come back as signed 32-bit numbers: read them with `>>> 0`.
  _nk_input_buffer(bytes: number): number;
  /** 1, or 0 with lastError(id); -1 without an engine. `replace` is 0 or 1. */
  _nk_set_properties(id: number, length: number, replace: number): number;
  _nk_segments(id: number, nowMs: number, utcOffsetMinutes: number): number;
  _nk_result_buffer(id: number): number;
  _nk_evaluate(id: number, length: number, dialect: number, nowMs: number, utcOffsetMinutes: number): number;
  _nk_track(id: number, nameLength: number, propsLength: number, timeMs: number, nowMs: number, utcOffsetMinutes: number): number;
  _nk_advance(id: number, mode: number, nowMs: number, utcOffsetMinutes: number): number;
  /** Writes the last call's changes as JSON text into the output buffer; its length in bytes, -1 without an engine. */
  _nk_take_changes(id: number): number;
  /** Where the JSON text of the last take_changes or next_nudges is, until the next of them. */
  _nk_output_buffer(id: number): number;
  _nk_change_count(id: number): number;
  /** Writes the placement's due nudges as JSON text into the output buffer; its length in bytes. */
  _nk_next_nudges(id: number, placement: number, nowMs: number, utcOffsetMinutes: number): number;
  /** The input buffer holds the supported tags joined by '\n', then the default locale. */
  _nk_language_set_supported(supportedLength: number, defaultLength: number): void;
  /** The desired tags, joined by '\n', are the first `desiredLength` bytes of the input buffer. */
  _nk_language_match(desiredLength: number, threshold: number, favor: number, demotion: number): number;
  createEngine(): number;
  destroyEngine(id: number): void;
  loadConfig(id: number, length: number): string;
  validateConfig(length: number): string;
  unsetProperties(id: number, length: number): string;
  properties(id: number): string;
  scores(id: number): string;
  setUserId(id: number, length: number, provisional: boolean): void;
  report(id: number, idLength: number, outcome: number, timeMs: number): string;
  forget(id: number, length: number, provisional: boolean): void;
  /** Drops the older half of the raw event ring; how many were dropped (0 when none are left). */
  shedRawEvents(id: number): number;
  /** A replica records but decides nothing (another tab's engine leads). */
  setReplica(id: number, replica: boolean): void;
  stats(id: number): string;
  explain(id: number, length: number, nowMs: number, utcOffsetMinutes: number): string;
  renderItem(id: number, length: number, nowMs: number, utcOffsetMinutes: number): string;
  spin(id: number, length: number, seedHigh: number, seedLow: number, nowMs: number, utcOffsetMinutes: number): string;
  answerQuiz(id: number, length: number, nowMs: number, utcOffsetMinutes: number): string;
  rewards(id: number, nowMs: number, utcOffsetMinutes: number): string;
  language(id: number, length: number, nowMs: number, utcOffsetMinutes: number): string;
  snapshot(id: number): number;
  snapshotBuffer(id: number): number;
  restore(id: number, length: number): string;
  lastError(id: number): string;
  heapInUse(): number;
  growthbookHash(seed: string, value: string, version: number): number;
  languageTag(op: number, tag: string): string;
  languageDistance(desired: string, supported: string): number;
  regionLanguages(region: string): string;
  languageLastError(): string;
  languageDataVersion(): string;
}

declare function createNudgeKitModule(options?: ModuleOptions): Promise<NudgeKitModule>;
export default createNudgeKitModule;

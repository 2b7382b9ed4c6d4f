// Hand-written types for the Emscripten glue (3.1.6 cannot emit them). Internal: never re-exported.
export interface ModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

export interface NudgeKitModule {
  HEAPU8: Uint8Array;
  createEngine(): number;
  destroyEngine(id: number): void;
  inputBuffer(bytes: number): number;
  loadConfig(id: number, length: number): string;
  validateConfig(length: number): string;
  setProperties(id: number, length: number, replace: boolean): number;
  unsetProperties(id: number, length: number): string;
  properties(id: number): string;
  segments(id: number, nowMs: number, utcOffsetMinutes: number): number;
  resultBuffer(id: number): number;
  evaluate(id: number, length: number, dialect: number, nowMs: number, utcOffsetMinutes: number): number;
  track(id: number, nameLength: number, propsLength: number, timeMs: number, nowMs: number, utcOffsetMinutes: number): number;
  advance(id: number, mode: number, nowMs: number, utcOffsetMinutes: number): number;
  /** Writes the last call's changes as JSON text into outputBuffer(id); its length in bytes, -1 without an engine. */
  takeChanges(id: number): number;
  /** Where the JSON text of the last takeChanges or nextNudges is, until the next of them. */
  outputBuffer(id: number): number;
  scores(id: number): string;
  setUserId(id: number, length: number, provisional: boolean): void;
  changeCount(id: number): number;
  /** Writes the placement's due nudges as JSON text into outputBuffer(id); its length in bytes. */
  nextNudges(id: number, placement: number, nowMs: number, utcOffsetMinutes: number): number;
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
  languageSetSupported(supported: string, defaultLocale: string): void;
  /** The desired tags, joined by '\n', are the first `desiredLength` bytes of the input buffer. */
  languageMatch(desiredLength: number, threshold: number, favor: number, demotion: number): number;
  languageTag(op: number, tag: string): string;
  languageDistance(desired: string, supported: string): number;
  regionLanguages(region: string): string;
  languageLastError(): string;
  languageDataVersion(): string;
}

declare function createNudgeKitModule(options?: ModuleOptions): Promise<NudgeKitModule>;
export default createNudgeKitModule;

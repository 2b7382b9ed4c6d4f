// Compiled with tsc --noEmit in npm test: the published types must accept real usage and reject misuse.
import {
  createNudgeKit, fetchTransport, loadBucketingTools, memoryStore, type OutboxOutcome, type SendRequest, type Transport, NudgeKitError, validateConfig, type Config, type QuizAnswer, type RenderedContent, type Rewards, type SpinResult,
  type ValidationResult, indexedDbStore, type KeyValueStore, type StorageKind, type StorageOption,
} from 'nudgekit';

const config: Config = {
  version: 1,
  dialect: 'growthbook',
  segments: { hindi_belt: { 'geo.region': { $in: ['IN-UP', 'IN-BR'] } } },
};

export async function usage(): Promise<string[]> {
  const nk = await createNudgeKit({ config, userId: 'u1', wasmUrl: new URL('https://example.invalid/x.wasm') });
  nk.setProperties({ 'geo.region': 'IN-UP', tags: ['a'], optional: undefined }, { replace: true });
  const result: ValidationResult = nk.loadConfig(config);
  if (!result.ok) console.log(result.errors[0]?.pointer);
  const matched: boolean = nk.evaluate({ age: { $gte: 18 } }, { dialect: 'nudgekit' });
  void matched;
  void (await validateConfig('{"version": 1}'));
  try {
    nk.evaluate({});
  } catch (error) {
    if (error instanceof NudgeKitError) console.log(error.code, error.pointer, error.errors.length);
  }
  const names = nk.segments();
  nk.track('ledger_entry_added', { amount: 1200 }, { time: Date.now() });
  nk.tick();
  const off = nk.on('segment', ({ segment, entered, time }) => console.log(segment, entered, time));
  nk.on('stage', ({ stage, previous }) => console.log(stage ?? 'none', previous ?? 'none'));
  off();
  const cell: string | null | undefined = nk.scores().rfm?.cell;
  const points: number | undefined = nk.scores().lead?.points;
  void cell;
  void points;
  const bytes: Uint8Array = nk.snapshot();
  const restored: ValidationResult = nk.restore(bytes);
  void restored;
  nk.destroy();
  return names;
}

export async function games(): Promise<string> {
  const nk = await createNudgeKit();
  const spun: SpinResult = nk.spin('wheel', { seed: 1n });
  const left: number | null = spun.spinsLeft.today;
  const answer: QuizAnswer = nk.answerQuiz({ itemId: 'quiz', questionId: 'q1', choiceId: 'a' });
  const content: RenderedContent = nk.renderContent('tip');
  const direction: 'ltr' | 'rtl' = content.direction;
  const off = nk.on('reward', (reward) => void reward.id.toUpperCase());
  off();
  const rewards: Rewards = nk.rewards();
  // @ts-expect-error: a seed is a bigint, for all 64 bits
  nk.spin('wheel', { seed: 1 });
  // @ts-expect-error: the quiz takes named ids
  nk.answerQuiz('quiz', 'q1', 'a');
  return `${left}${answer.correct}${direction}${rewards.earned.length}`;
}

export async function bucketing(): Promise<number | null> {
  const { hash } = await loadBucketingTools();
  // @ts-expect-error: GrowthBook has hash versions 1 and 2
  hash('salt', 'user', 3);
  return hash('salt', 'user', 2);
}

export async function sends(): Promise<number> {
  // A mobile app's bridge as the transport: plain objects in, a status out.
  const bridge: Transport = {
    async send(request: SendRequest) {
      const vars: Record<string, string | number | boolean | null> = request.vars;
      void vars;
      return { status: 202, retryAfter: null };
    },
  };
  const nk = await createNudgeKit({
    consent: { sends: false },
    sends: { transport: bridge, store: memoryStore(), withoutConsent: 'hold', maxAgeMs: 3_600_000 },
  });
  const viaFetch = await createNudgeKit({ sends: { endpoint: '/v1/sends', headers: { Authorization: 'Bearer t' } } });
  void fetchTransport({ endpoint: new URL('https://app.example/v1/sends'), timeoutMs: 10_000 });
  nk.on('send', (outcome: OutboxOutcome) => console.log(outcome.type, outcome.id));
  nk.on('error', (error) => console.log(error.code, error.pointer));
  const [nudge] = nk.track('kyc_stalled');
  const key: string | undefined = nudge?.send?.id;
  const channel: string | undefined = nudge?.channel;
  void key;
  void channel;
  nk.report({ nudgeId: 'c.1', outcome: 'opened' });
  await nk.setConsent({ sends: true });
  await nk.flushSends();
  const pending = await nk.pendingSends();
  await nk.forget();
  viaFetch.destroy();
  // @ts-expect-error: withoutConsent is 'hold' or 'discard'
  await createNudgeKit({ sends: { withoutConsent: 'send' } });
  // @ts-expect-error: consent is an object of flags
  await nk.setConsent(true);
  // @ts-expect-error: no such outcome
  nk.report({ nudgeId: 'c.1', outcome: 'liked' });
  return pending.length;
}

export async function misuse(): Promise<void> {
  // @ts-expect-error: the config version is the literal 1
  await createNudgeKit({ config: { version: 2 } });
  const nk = await createNudgeKit();
  // @ts-expect-error: properties are JSON values, not functions
  nk.setProperties({ f: () => 1 });
  // @ts-expect-error: unknown dialect
  nk.evaluate({}, { dialect: 'sql' });
  // @ts-expect-error: no such engine event
  nk.on('sgement', () => {});
  // @ts-expect-error: event props are JSON objects
  nk.track('x', 5);
}

export async function storage(): Promise<StorageKind | 'custom'> {
  // A native key-value store through a bridge, as the storage of both the profile and the outbox.
  const native: KeyValueStore = {
    async get(key: string) { return key === 'none' ? null : 'value'; },
    async set(_key: string, _value: string) {},
    async delete(_key: string) {},
  };
  const nk = await createNudgeKit({ storage: native, userId: 'merchant-1' });
  const kinds: StorageOption[] = ['indexeddb', 'localstorage', 'memory', native, indexedDbStore({ name: 'app' })];
  // @ts-expect-error: not a storage kind
  await createNudgeKit({ storage: 'cookies' });
  await nk.persist();
  nk.destroy();
  return kinds.length > 0 ? nk.storage : 'memory';
}

// The renderer subpath, and the shared-tabs options.
import { mountNudges, safeUrl, type Renderer } from 'nudgekit/render';

export async function rendering(): Promise<void> {
  const nk = await createNudgeKit({ config, userId: 'u1', tabs: 'shared', persistStorage: true });
  const leading: boolean = nk.leading;
  const persisted: boolean | null = nk.storagePersisted;
  void [leading, persisted];
  const ui: Renderer = mountNudges(nk, { containers: { card: document.body }, onAction: (nudge, url) => nudge.id !== url });
  await ui.refresh();
  const url: string | null = safeUrl('/ledger');
  void url;
  // @ts-expect-error tabs is 'shared' or 'independent'
  void createNudgeKit({ tabs: 'all' });
  // @ts-expect-error placements are the core's
  ui.show({ ...(await nk.nextNudges('card'))[0]!, placement: 'popup' });
  ui.destroy();
}

// The messages between a page and an engine hosted in a worker (worker-host.mts, worker-client.mts).
// Everything is structured-clone data: plain objects in and out, errors as their details.
import type { ErrorDetail } from './errors.mjs';

/** The NudgeKit methods a worker-hosted engine answers; every one returns a Promise on the page side. */
export const REMOTE_METHODS = [
  'loadConfig', 'setProperties', 'unsetProperties', 'properties', 'segments', 'evaluate', 'track', 'screen',
  'tick', 'nextNudges', 'report', 'stats', 'explain', 'renderContent', 'spin', 'answerQuiz', 'language',
  'rewards', 'scores', 'snapshot', 'restore', 'setConsent', 'pendingSends', 'flushSends', 'forget', 'persist',
  'refreshConfig',
] as const;

export type RemoteMethod = (typeof REMOTE_METHODS)[number];

export const REMOTE_EVENTS = ['segment', 'stage', 'nudge', 'reward', 'send', 'error'] as const;

export type ToHost =
  | { kind: 'create'; id: number; options: Record<string, unknown> }
  | { kind: 'call'; id: number; engine: number; method: RemoteMethod; args: unknown[] }
  | { kind: 'release'; id: number; engine: number };

export type ToClient =
  | { kind: 'created'; id: number; engine: number; userId: string | undefined; timeZone: string; storage: string }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; errors: ErrorDetail[]; message: string }
  | { kind: 'event'; engine: number; type: (typeof REMOTE_EVENTS)[number]; event: unknown };

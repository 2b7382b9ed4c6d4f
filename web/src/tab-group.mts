// Several tabs of one site, one user: one engine leads and decides, the others follow (docs/storage.md,
// "Tabs"). The leader holds a Web Lock for as long as its page lives; every change a follower makes is
// applied to its own engine at once as a replica (so its reads are current, but it decides nothing)
// and sent over a BroadcastChannel to the leader, which applies it for real, answers the follower
// with what it decided, and broadcasts its snapshot. A follower takes each snapshot and replays on top
// the changes the leader has not applied yet. When the leader's page goes, the lock passes to a
// follower, which decides what was still waiting and announces itself; the others send it theirs.
// Only the leader writes the stored profile, and only it decides, so a send is decided once.
import type { ReportOptions } from './types.mjs';

/**
 * One change to the user's state, with every input frozen so that any engine replays it alike.
 * Properties travel in the core's binary encoding (binary.mts), as they were checked in the tab.
 */
export type TabOp =
  | { kind: 'track'; name: string; props: Uint8Array | null; time: number; now: number }
  | { kind: 'setProperties'; properties: Uint8Array; replace: boolean; now: number }
  | { kind: 'unsetProperties'; paths: string[]; now: number }
  | { kind: 'report'; nudgeId: string; outcome: ReportOptions['outcome']; time: number }
  | { kind: 'tick'; now: number }
  | { kind: 'spin'; itemId: string; seed: [number, number]; now: number }
  | { kind: 'answerQuiz'; args: [string, string, string]; now: number }
  | { kind: 'forget'; userId: string; provisional: boolean };

/** What the leader decided while applying a follower's change, for the follower to emit. */
export interface TabChanges {
  segments: unknown[];
  stage: unknown;
  nudges: unknown[];
  rewards: unknown[];
}

/** The engine side of a tab group. */
export interface TabHost {
  /** Applies a change: deciding when leading, as a replica otherwise. Returns what the leader emits. */
  apply(op: TabOp): TabChanges | null;
  snapshot(): Uint8Array;
  restore(bytes: Uint8Array): boolean;
  /** Leading engines decide and write the stored profile; followers do neither. */
  setLeading(leading: boolean): void;
  /** Emits what the leader decided for this tab's change. */
  emit(changes: TabChanges): void;
  /** Writes the stored profile now (the leader, asked by a follower's persist()). */
  persist(): Promise<void>;
}

type Message =
  | { t: 'hello'; from: string }
  | { t: 'op'; from: string; seq: number; op: TabOp }
  | { t: 'changes'; to: string; seq: number; changes: TabChanges }
  | { t: 'state'; from: string; snapshot: Uint8Array; applied: Record<string, number>; final: boolean }
  | { t: 'leader'; from: string }
  | { t: 'persist'; from: string; id: number }
  | { t: 'persisted'; to: string; id: number };

interface LockManagerLike {
  request(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<void> | void): Promise<unknown>;
}

// Changes that decided nothing reach followers in snapshots at most this often while tabs are busy.
const STATE_DELAY_MS = 40;
// A follower's persist() waits this long for the leader's answer before resolving anyway.
const PERSIST_TIMEOUT_MS = 3_000;
// The lock can reach the next tab before the last state the old leader broadcast: the new leader
// waits this long for it (no longer once it has it) before deciding on top of what it has.
const HANDOVER_MS = 150;

/** The Web Locks API and BroadcastChannel, where this realm has both. @internal */
export function tabPrimitives(): { locks: LockManagerLike; Channel: typeof BroadcastChannel } | null {
  const g = globalThis as { navigator?: { locks?: LockManagerLike }; BroadcastChannel?: typeof BroadcastChannel };
  const locks = g.navigator?.locks;
  if (locks === undefined || typeof locks.request !== 'function' || typeof g.BroadcastChannel !== 'function') return null;
  return { locks, Channel: g.BroadcastChannel };
}

function tabId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class TabGroup {
  readonly #host: TabHost;
  readonly #channel: BroadcastChannel;
  readonly #tab = tabId();
  #leading = false;
  #closed = false;
  #seq = 0;
  // A follower's changes the leader has not applied yet (by the last snapshot it broadcast).
  #waiting: { seq: number; op: TabOp }[] = [];
  // The leader's snapshot this follower last took, and the last change of each tab it had applied.
  #base: Uint8Array | null = null;
  #applied: Record<string, number> = {};
  #stateTimer: ReturnType<typeof setTimeout> | undefined;
  #release: () => void = () => {};
  #persists = new Map<number, () => void>();
  #nextPersist = 0;
  // Whether the last state received was its leader's last (it closed); see HANDOVER_MS.
  #leaderGone = false;
  #handover: ReturnType<typeof setTimeout> | undefined;

  private constructor(host: TabHost, channel: BroadcastChannel) {
    this.#host = host;
    this.#channel = channel;
    channel.onmessage = (event: MessageEvent) => this.#receive(event.data as Message);
  }

  /**
   * Joins the group `name`: leads at once if no engine holds its lock, else follows (and asks the
   * leader for its state) and queues for the lock. Null where the primitives are missing.
   */
  static async join(name: string, host: TabHost): Promise<TabGroup | null> {
    const primitives = tabPrimitives();
    if (primitives === null) return null;
    const group = new TabGroup(host, new primitives.Channel(`nudgekit:tabs:${name}`));
    const lockName = `nudgekit:leader:${name}`;
    const held = () => new Promise<void>((resolve) => {
      group.#release = resolve;
      if (group.#closed) resolve();
    });
    const leadsNow = await new Promise<boolean>((answer) => {
      void primitives.locks.request(lockName, { ifAvailable: true }, (lock) => {
        answer(lock !== null);
        if (lock === null) return undefined;
        group.#lead();
        return held();
      }).catch(() => answer(false));
    });
    if (!leadsNow) {
      group.#host.setLeading(false);
      // The stored state this tab started from: the base its changes replay on until a leader's arrives.
      group.#base = host.snapshot();
      group.#post({ t: 'hello', from: group.#tab });
      void primitives.locks.request(lockName, {}, () => {
        if (group.#closed) return undefined;
        group.#granted();
        return held();
      }).catch(() => {});
    }
    return group;
  }

  get leading(): boolean {
    return this.#leading;
  }

  /** This tab applied `op` to its engine: the leader tells the followers, a follower tells the leader. */
  local(op: TabOp): void {
    if (this.#closed) return;
    if (this.#leading) {
      this.#scheduleState();
      return;
    }
    const seq = ++this.#seq;
    this.#waiting.push({ seq, op });
    this.#post({ t: 'op', from: this.#tab, seq, op });
  }

  /** Something else changed the leader's state (a config, a restore): followers get the snapshot. */
  changed(): void {
    if (this.#leading && !this.#closed) this.#scheduleState();
  }

  /** A follower's persist(): resolves once the leader has written what this tab sent it. */
  persist(): Promise<void> {
    if (this.#leading || this.#closed) return this.#host.persist();
    const id = ++this.#nextPersist;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), PERSIST_TIMEOUT_MS);
      const done = () => {
        clearTimeout(timer);
        this.#persists.delete(id);
        resolve();
      };
      this.#persists.set(id, done);
      this.#post({ t: 'persist', from: this.#tab, id });
    });
  }

  /** The page is going: a leader hands its latest state to the followers now, synchronously. */
  leave(): void {
    if (this.#leading && !this.#closed) this.#broadcastState();
  }

  /** Leaves the group (destroy): a leader broadcasts its last state, marked final, and releases the lock. */
  close(): void {
    if (this.#closed) return;
    if (this.#leading) this.#broadcastState(true);
    this.#closed = true;
    if (this.#stateTimer !== undefined) clearTimeout(this.#stateTimer);
    if (this.#handover !== undefined) clearTimeout(this.#handover);
    for (const done of [...this.#persists.values()]) done();
    this.#channel.onmessage = null;
    this.#channel.close();
    this.#release();
  }

  #post(message: Message): void {
    try {
      this.#channel.postMessage(message);
    } catch {
      // closed while the page unloads: the waiting changes are sent again to the next leader
    }
  }

  #receive(message: Message): void {
    if (this.#closed || typeof message !== 'object' || message === null) return;
    switch (message.t) {
      case 'hello':
        if (this.#leading) this.#broadcastState();
        break;
      case 'op':
        if (this.#leading) this.#applyFollowers(message);
        break;
      case 'persist':
        if (this.#leading) {
          void this.#host.persist().then(() => this.#post({ t: 'persisted', to: message.from, id: message.id }));
        }
        break;
      case 'persisted':
        if (message.to === this.#tab) this.#persists.get(message.id)?.();
        break;
      case 'changes':
        if (message.to === this.#tab && !this.#leading) this.#host.emit(message.changes);
        break;
      case 'state':
        if (this.#leading) break;
        this.#follow(message.snapshot, message.applied);
        this.#leaderGone = message.final === true;
        if (this.#leaderGone && this.#handover !== undefined) this.#lead();
        break;
      case 'leader':
        // A new leader knows only what the last snapshot held: send it everything not in there.
        if (!this.#leading) for (const { seq, op } of this.#waiting) this.#post({ t: 'op', from: this.#tab, seq, op });
        break;
    }
  }

  #applyFollowers(message: { from: string; seq: number; op: TabOp }): void {
    if (message.seq <= (this.#applied[message.from] ?? 0)) return;  // sent again after a handover
    const changes = this.#host.apply(message.op);
    this.#applied[message.from] = message.seq;
    if (changes !== null && changes.nudges.length > 0) {
      // The follower gets the snapshot with the nudge before the nudge, so that it can report on it.
      this.#broadcastState();
    } else {
      this.#scheduleState();
    }
    if (changes !== null) this.#post({ t: 'changes', to: message.from, seq: message.seq, changes });
  }

  #follow(snapshot: Uint8Array, applied: Record<string, number>): void {
    this.#base = snapshot;
    this.#applied = applied;
    const done = applied[this.#tab] ?? 0;
    this.#waiting = this.#waiting.filter((entry) => entry.seq > done);
    if (!this.#host.restore(snapshot)) return;
    for (const { op } of this.#waiting) this.#host.apply(op);
  }

  // The lock came: lead now if the old leader's last state is here, else soon.
  #granted(): void {
    if (this.#leaderGone) {
      this.#lead();
      return;
    }
    this.#handover = setTimeout(() => this.#lead(), HANDOVER_MS);
  }

  #lead(): void {
    if (this.#handover !== undefined) clearTimeout(this.#handover);
    this.#handover = undefined;
    if (this.#closed || this.#leading) return;
    this.#leading = true;
    // What this tab did that no leader applied is decided now, on top of the last leader's state.
    if (this.#base !== null) this.#host.restore(this.#base);
    this.#host.setLeading(true);
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const { op } of waiting) {
      const changes = this.#host.apply(op);
      if (changes !== null) this.#host.emit(changes);
    }
    this.#applied[this.#tab] = this.#seq;
    this.#post({ t: 'leader', from: this.#tab });
    this.#broadcastState();
  }

  #scheduleState(): void {
    if (this.#stateTimer !== undefined) return;
    this.#stateTimer = setTimeout(() => {
      this.#stateTimer = undefined;
      this.#broadcastState();
    }, STATE_DELAY_MS);
  }

  #broadcastState(final = false): void {
    if (this.#stateTimer !== undefined) clearTimeout(this.#stateTimer);
    this.#stateTimer = undefined;
    let snapshot: Uint8Array;
    try {
      snapshot = this.#host.snapshot();
    } catch {
      return;  // destroyed underneath: nothing to share
    }
    this.#post({ t: 'state', from: this.#tab, snapshot, applied: { ...this.#applied }, final });
  }
}

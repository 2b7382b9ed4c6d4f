// The streak and badge strip: each streak reward's progress (consecutive local days with its event,
// as the core counts them) and the badges earned, in a shadow root in the app's container. It
// redraws when the engine earns a reward and when the app calls refresh() (after tracking, say).
import type { Rewards, RewardEvent } from '../types.mjs';
import { shadowList } from './styles.mjs';

export interface RewardSource {
  on(type: 'reward', listener: (event: RewardEvent) => void): () => void;
  rewards(): Rewards | Promise<Rewards>;
}

export interface StreakStripOptions {
  /** A reward's name for people (default: its id). */
  label?: (rewardId: string) => string;
  /** "4 of 7 days" in the app's language (default English). */
  progress?: (current: number, days: number) => string;
  /** The accessible name of an earned badge (default "Earned"). */
  earned?: string;
}

export interface StreakStrip {
  refresh(): Promise<void>;
  destroy(): void;
}

/** Draws the user's streaks and badges into `container`. */
export function mountStreaks(source: RewardSource, container: HTMLElement, options: StreakStripOptions = {}): StreakStrip {
  const doc = container.ownerDocument;
  const { host, list } = shadowList(doc, 'nudgekit-streaks', 'streaks', container);
  const label = options.label ?? ((id: string) => id);
  const progress = options.progress ?? ((current: number, days: number) => `${current} of ${days} days`);
  let destroyed = false;

  const draw = (rewards: Rewards) => {
    const earned = new Set(rewards.earned.map((r) => r.id));
    list.replaceChildren(...rewards.streaks.map((streak) => {
      const item = doc.createElement('li');
      item.className = earned.has(streak.id) ? 'streak earned' : 'streak';
      item.dataset.reward = streak.id;
      const name = doc.createElement('span');
      name.className = 'streak-name';
      name.textContent = label(streak.id);
      const bar = doc.createElement('progress');
      bar.max = streak.days;
      bar.value = Math.min(streak.current, streak.days);
      const text = progress(Math.min(streak.current, streak.days), streak.days);
      bar.setAttribute('aria-label', `${label(streak.id)}: ${text}`);
      const count = doc.createElement('span');
      count.className = 'streak-count';
      count.textContent = text;
      item.append(name, bar, count);
      if (earned.has(streak.id)) {
        const badge = doc.createElement('span');
        badge.className = 'badge';
        badge.textContent = '★';
        badge.setAttribute('role', 'img');
        badge.setAttribute('aria-label', options.earned ?? 'Earned');
        item.appendChild(badge);
      }
      return item;
    }));
  };
  const refresh = async () => {
    if (destroyed) return;
    draw(await source.rewards());
  };
  const unsubscribe = source.on('reward', () => void refresh());
  void refresh();
  return {
    refresh,
    destroy() {
      destroyed = true;
      unsubscribe();
      host.remove();
    },
  };
}

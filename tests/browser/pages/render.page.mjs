// Page half of the renderer tests: an engine and the renderer from `nudgekit/render`, driven by the
// test through window.__render. Nothing here renders by itself; the test decides what to trigger.
import { createNudgeKit } from '/dist/index.browser.mjs';
import { mountNudges, mountStreaks } from '/dist/render/index.mjs';

let nk = null;
let ui = null;
let strip = null;
const actions = [];

window.__render = {
  async create(config, properties) {
    nk = await createNudgeKit({ config, userId: 'render-user', storage: 'memory', properties, tickIntervalMs: 0 });
    ui = mountNudges(nk, {
      containers: { card: document.getElementById('cards'), inbox: document.getElementById('inbox') },
      onAction: (nudge, url) => {
        actions.push([nudge.campaign, url]);
        return false;  // the app routes itself: stay on the page
      },
    });
    strip = mountStreaks(nk, document.getElementById('streaks'), { label: (id) => ({ daily_entry: 'Daily entry', week_of_entries: 'Week of entries' })[id] ?? id });
    return true;
  },
  refreshStreaks: () => strip.refresh(),
  streaks() {
    const shadow = document.querySelector('nudgekit-streaks')?.shadowRoot;
    return [...(shadow?.querySelectorAll('li') ?? [])].map((li) => ({
      id: li.dataset.reward, text: li.querySelector('.streak-count').textContent, earned: li.querySelector('.badge') !== null,
      progress: [li.querySelector('progress').value, li.querySelector('progress').max], name: li.querySelector('progress').getAttribute('aria-label'),
    }));
  },
  track: (name, props) => nk.track(name, props).map((n) => n.id),
  setProperties: (p) => nk.setProperties(p),
  show: (nudge) => ui.show(nudge),
  close: (id) => ui.close(id),
  refresh: () => ui.refresh(),
  destroy: () => ui.destroy(),
  stats: () => nk.stats(),
  actions: () => actions,
  /** Each rendered nudge: its placement, lang, dir, texts, and the elements its shadow root holds. */
  rendered() {
    return [...document.querySelectorAll('nudgekit-nudge, nudgekit-inbox')].map((host) => {
      const shadow = host.shadowRoot;
      return {
        tag: host.localName,
        nudge: host.dataset.nudge ?? null,
        placement: host.dataset.placement ?? null,
        lang: host.lang,
        dir: host.dir,
        titles: [...shadow.querySelectorAll('.title')].map((t) => t.textContent),
        bodies: [...shadow.querySelectorAll('.body')].map((t) => t.textContent),
        elements: [...shadow.querySelectorAll('*')].map((e) => e.localName),
        links: [...shadow.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        roles: [...shadow.querySelectorAll('[role]')].map((e) => e.getAttribute('role')),
        animation: shadow.querySelector('.panel') ? getComputedStyle(shadow.querySelector('.panel')).animationName : null,
        titleColor: shadow.querySelector('.title') ? getComputedStyle(shadow.querySelector('.title')).color : null,
      };
    });
  },
  /** The focused element, looking into shadow roots: "<placement>:<class>" or the page element's id. */
  focused() {
    let active = document.activeElement;
    if (active?.shadowRoot) {
      const inner = active.shadowRoot.activeElement;
      return `${active.dataset.placement}:${inner?.className || inner?.localName || ''}`;
    }
    return active?.id || active?.localName || null;
  },
  focusOpener: () => document.getElementById('opener').focus(),
  pwned: () => window.__pwned ?? null,
};
document.getElementById('status').textContent = 'ready';

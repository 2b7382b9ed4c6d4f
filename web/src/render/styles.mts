// The renderer's one stylesheet, adopted by every nudge's shadow root as a constructed stylesheet:
// host styles do not reach in, ours do not leak out, and a strict CSP (`style-src 'self'`, no
// 'unsafe-inline') allows it, as it would not allow a <style> element. Theming is through the custom
// properties below, which do cross the shadow boundary: set them on the page (docs/rendering.md).
export const CSS = `
:host {
  all: initial;
  --nk-font: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Devanagari",
    "Noto Sans Bengali", "Noto Sans Tamil", "Noto Sans Telugu", "Noto Sans Gujarati", "Noto Sans Kannada",
    "Noto Sans Malayalam", "Noto Sans Gurmukhi", "Noto Sans Oriya", "Noto Nastaliq Urdu", "Noto Sans Arabic", sans-serif;
  font-family: var(--nudgekit-font, var(--nk-font));
  color: var(--nudgekit-text, #1b1f24);
  line-height: 1.45;
  font-size: var(--nudgekit-font-size, 15px);
}
* { box-sizing: border-box; }
.panel {
  background: var(--nudgekit-surface, #ffffff);
  border-radius: var(--nudgekit-radius, 12px);
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.18);
  padding: 14px 16px;
  display: grid;
  gap: 6px;
  max-width: 100%;
}
.badge {
  justify-self: start;
  background: var(--nudgekit-accent, #0b6bcb);
  color: var(--nudgekit-on-accent, #ffffff);
  border-radius: 999px;
  padding: 1px 8px;
  font-size: 0.8em;
}
.title { font-weight: 600; font-size: 1.05em; margin: 0; }
.body { margin: 0; }
.media { width: 100%; max-height: 40vh; object-fit: cover; border-radius: calc(var(--nudgekit-radius, 12px) - 4px); }
.actions { display: flex; gap: 8px; justify-content: flex-end; flex-wrap: wrap; margin-top: 4px; }
button, a.cta {
  font: inherit;
  border-radius: 8px;
  padding: 6px 14px;
  cursor: pointer;
  border: 1px solid transparent;
  text-decoration: none;
}
.cta { background: var(--nudgekit-accent, #0b6bcb); color: var(--nudgekit-on-accent, #ffffff); }
.close { background: transparent; color: inherit; border-color: rgba(0, 0, 0, 0.25); }
:focus-visible { outline: 3px solid var(--nudgekit-focus, #f5a623); outline-offset: 2px; }
.banner { position: fixed; inset-inline: 8px; top: var(--nudgekit-banner-top, 8px); z-index: 2147483000; }
.sheet { position: fixed; inset-inline: 0; bottom: 0; z-index: 2147483001; border-end-start-radius: 0; border-end-end-radius: 0; }
.backdrop { position: fixed; inset: 0; background: var(--nudgekit-backdrop, rgba(0, 0, 0, 0.45)); z-index: 2147483001;
  display: grid; place-items: center; padding: 16px; }
.backdrop.for-sheet { place-items: end stretch; padding: 0; }
.modal { width: min(440px, 100%); }
.tooltip { position: fixed; z-index: 2147483002; width: min(300px, calc(100vw - 16px)); }
.inbox { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.inbox .unread .title::after { content: " •"; color: var(--nudgekit-accent, #0b6bcb); }
.wheel-box { display: grid; justify-items: center; gap: 10px; position: relative; padding-top: 10px; }
.wheel { width: min(240px, 70vw); aspect-ratio: 1; border-radius: 50%; position: relative;
  transition: transform 3.2s cubic-bezier(0.12, 0.7, 0.1, 1); border: 4px solid var(--nudgekit-surface, #fff);
  box-shadow: 0 0 0 2px rgba(0, 0, 0, 0.2); overflow: hidden; }
/* The slice labels are white on any slice colour (the orange one is 2:1): a dark halo round each
   letter is their background, so they read on all of them (WCAG 1.4.3 counts an outline as one).
   The wheel clips them to its disc, so their turned boxes do not cover the title or the button. */
.slice-label { position: absolute; inset: 0; display: grid; justify-items: center; align-items: start;
  padding-top: 14%; color: #fff; font-weight: 600; font-size: 0.8em;
  text-shadow: 0 0 1px #000, 0 0 2px #000, 0 0 3px rgba(0, 0, 0, 0.8), 0 1px 2px rgba(0, 0, 0, 0.6); }
.pointer { position: absolute; top: 0; width: 0; height: 0; z-index: 1;
  border-inline: 10px solid transparent; border-top: 18px solid var(--nudgekit-text, #1b1f24); }
.quiz fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: 6px; }
.quiz legend { font-weight: 600; margin-bottom: 6px; }
.choice { text-align: start; background: transparent; color: inherit; border-color: rgba(0, 0, 0, 0.25); }
.choice.right { border-color: #00875a; background: rgba(0, 135, 90, 0.12); }
.choice.wrong { border-color: #d14343; background: rgba(209, 67, 67, 0.12); }
.result { margin: 0; min-height: 1.4em; font-weight: 600; }
.streaks { list-style: none; margin: 0; padding: 0; display: flex; gap: 8px; flex-wrap: wrap; }
.streak { background: var(--nudgekit-surface, #fff); border-radius: var(--nudgekit-radius, 12px); padding: 8px 12px;
  display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; align-items: center; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.12); }
.streak progress { grid-column: 1 / -1; width: 100%; accent-color: var(--nudgekit-accent, #0b6bcb); }
.streak-name { font-weight: 600; }
.streak-count { font-size: 0.85em; grid-column: 1; }
.streak .badge { grid-row: 1; grid-column: 2; }
.enter { animation: nk-in 180ms ease-out; }
@keyframes nk-in { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
@media (prefers-reduced-motion: reduce) {
  .enter { animation: none; }
  * { transition: none !important; }
}
`;

const sheets = new WeakMap<Document, CSSStyleSheet>();

/** The stylesheet for `doc`, made once (adopted by every shadow root in that document). */
export function sheetFor(doc: Document): CSSStyleSheet {
  let sheet = sheets.get(doc);
  if (sheet === undefined) {
    const view = doc.defaultView as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null;
    sheet = new (view?.CSSStyleSheet ?? CSSStyleSheet)();
    sheet.replaceSync(CSS);
    sheets.set(doc, sheet);
  }
  return sheet;
}

/** A `<tag>` in `container` whose shadow root holds one `<ul class="…" role="list">` (the inbox, the streaks). */
export function shadowList(doc: Document, tag: string, className: string, container: HTMLElement): { host: HTMLElement; list: HTMLUListElement } {
  const { host, shadow } = shadowHost(doc, tag);
  const list = doc.createElement('ul');
  list.className = className;
  list.setAttribute('role', 'list');
  shadow.appendChild(list);
  container.appendChild(host);
  return { host, list };
}

/** A `<tag>` element with an open shadow root that adopts the stylesheet. */
export function shadowHost(doc: Document, tag: string): { host: HTMLElement; shadow: ShadowRoot } {
  const host = doc.createElement(tag);
  const shadow = host.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = [sheetFor(doc)];
  return { host, shadow };
}

// Renders in-app nudges: banner, modal, bottom sheet, inline card, tooltip (coach mark) and inbox,
// each in its own shadow root, in the nudge's language and direction, and reports what the user did
// (shown, clicked, dismissed) back to the engine. Content goes through DOM APIs only (markup.mts);
// styles are one constructed stylesheet (styles.mts). See docs/rendering.md.
import type { Nudge, Placement, RenderedContent, ReportOptions } from '../types.mjs';
import { trapFocus, type FocusTrap } from './focus.mjs';
import { appendMarkup, safeUrl } from './markup.mjs';
import { shadowHost, shadowList } from './styles.mjs';
import { quizWidget, textsFor, wheelWidget, type GameSource } from './widgets.mjs';

/** What the renderer needs of an engine: a NudgeKit, or a worker-hosted one (Promises are fine). */
export interface NudgeSource extends GameSource {
  on(type: 'nudge', listener: (nudge: Nudge) => void): () => void;
  report(options: ReportOptions): unknown;
  nextNudges(placement: Placement): Nudge[] | Promise<Nudge[]>;
}

export interface RendererOptions {
  /** The document to render into (default: the global one). */
  document?: Document;
  /** Where banners, modals, sheets and tooltips are attached (default: `document.body`). */
  root?: HTMLElement;
  /** The app's elements for the inline placements; without one, that placement is not rendered. */
  containers?: { card?: HTMLElement; inbox?: HTMLElement };
  /** The element a tooltip points at (default: the item's `fields.anchor` as a CSS selector). */
  anchor?: (nudge: Nudge) => Element | null;
  /**
   * A call to action or a link was clicked (already reported as `clicked`). Return false to stay on
   * the page (an app routing by itself); anything else lets the link open.
   */
  onAction?: (nudge: Nudge, url: string) => boolean | void;
  /** The close button's accessible name, per language tag (default: "Close" in the 13 Indian languages, English, Spanish, Arabic and Ukrainian). */
  closeLabel?: (language: string) => string;
  /** Show in-app nudges as the engine delivers them (default true); false: only what `show()` gets. */
  autoShow?: boolean;
  /** A report the engine refused (e.g. a nudge from an older config); default: ignored. */
  onError?: (error: unknown) => void;
}

export interface Renderer {
  /** Renders one nudge in its placement; false when it cannot be (no content, no container, no anchor). */
  show(nudge: Nudge): boolean;
  /** Renders the cards and the inbox the engine has due now into their containers. */
  refresh(): Promise<void>;
  /** Removes a rendered nudge; with `dismissed`, reports it too. */
  close(nudgeId: string, outcome?: 'dismissed'): void;
  /** Removes everything rendered and stops listening. */
  destroy(): void;
}

const CLOSE: Record<string, string> = {
  en: 'Close', hi: 'बंद करें', bn: 'বন্ধ করুন', te: 'మూసివేయండి', mr: 'बंद करा', ta: 'மூடு', ur: 'بند کریں',
  gu: 'બંધ કરો', kn: 'ಮುಚ್ಚಿ', or: 'ବନ୍ଦ କରନ୍ତୁ', ml: 'അടയ്ക്കുക', pa: 'ਬੰਦ ਕਰੋ', as: 'বন্ধ কৰক',
  kok: 'बंद करात', es: 'Cerrar', ar: 'إغلاق', uk: 'Закрити',
};
const defaultCloseLabel = (language: string) => CLOSE[language.split('-')[0]!.toLowerCase()] ?? CLOSE.en!;

const OVERLAYS: ReadonlySet<Placement> = new Set(['banner', 'modal', 'sheet', 'tooltip']);

interface Rendered {
  nudge: Nudge;
  host: HTMLElement;
  trap: FocusTrap | null;
  cleanup: () => void;
}

function isRendered(content: Nudge['content']): content is RenderedContent {
  return typeof (content as RenderedContent).title === 'string';
}

let nextId = 0;

/** Renders the engine's in-app nudges into the page. */
export function mountNudges(source: NudgeSource, options: RendererOptions = {}): Renderer {
  const doc = options.document ?? globalThis.document;
  const root = options.root ?? doc.body;
  const closeLabel = options.closeLabel ?? defaultCloseLabel;
  const rendered = new Map<string, Rendered>();
  const shown = new Set<string>();
  let inboxHost: { host: HTMLElement; list: HTMLUListElement } | null = null;
  let destroyed = false;

  const report = (nudge: Nudge, outcome: 'shown' | 'clicked' | 'dismissed') => {
    try {
      const answer = source.report({ nudgeId: nudge.id, outcome });
      if (answer instanceof Promise) answer.catch((error: unknown) => options.onError?.(error));
    } catch (error) {
      options.onError?.(error);
    }
  };
  const markShown = (nudge: Nudge) => {
    if (shown.has(nudge.id)) return;
    shown.add(nudge.id);
    report(nudge, 'shown');
  };

  const newHost = (nudge: Nudge, content: RenderedContent) => {
    const { host, shadow } = shadowHost(doc, 'nudgekit-nudge');
    host.dataset.nudge = nudge.id;
    host.dataset.placement = nudge.placement ?? '';
    host.lang = content.language;
    host.dir = content.direction;
    return { host, shadow };
  };

  // The panel: badge, media, title, body, call to action and close button, in that reading order.
  const panel = (nudge: Nudge, content: RenderedContent, tag: 'div' | 'article' | 'li', onClose: () => void, onClick: () => void) => {
    const element = doc.createElement(tag);
    element.className = 'panel enter';
    const titleId = `nk-title-${++nextId}`;
    element.setAttribute('aria-labelledby', titleId);
    if (typeof content.badge === 'string' && content.badge !== '') {
      const badge = doc.createElement('span');
      badge.className = 'badge';
      badge.textContent = content.badge;
      element.appendChild(badge);
    }
    const media = content.media;
    const mediaUrl = media === undefined ? null : safeUrl(media.url, doc.baseURI);
    if (media !== undefined && mediaUrl !== null) {
      if (media.type === 'video') {
        const video = doc.createElement('video');
        video.className = 'media';
        video.controls = true;
        video.preload = 'metadata';
        video.src = mediaUrl;
        if (media.alt) video.setAttribute('aria-label', media.alt);
        element.appendChild(video);
      } else {
        const image = doc.createElement('img');
        image.className = 'media';
        image.alt = media.alt ?? '';
        image.src = mediaUrl;
        element.appendChild(image);
      }
    }
    const title = doc.createElement(tag === 'li' ? 'h3' : 'h2');
    title.className = 'title';
    title.id = titleId;
    appendMarkup(title, content.title, doc);
    element.appendChild(title);
    const onLink = (url: string, event: Event) => {
      report(nudge, 'clicked');
      if (options.onAction?.(nudge, url) === false) event.preventDefault();
      onClick();
    };
    if (typeof content.body === 'string' && content.body !== '') {
      const body = doc.createElement('p');
      body.className = 'body';
      appendMarkup(body, content.body, doc, onLink);
      element.appendChild(body);
    }
    // Games: the core draws the prize and scores the answers; playing counts as a click.
    const game = content.kind === 'wheel' ? wheelWidget(doc, content, source, textsFor(content.language), () => report(nudge, 'clicked'))
      : content.kind === 'quiz' ? quizWidget(doc, content, source, textsFor(content.language), () => report(nudge, 'clicked'))
        : null;
    if (game !== null) element.appendChild(game);
    const actions = doc.createElement('div');
    actions.className = 'actions';
    const ctaUrl = content.cta === undefined ? null : safeUrl(content.cta.url, doc.baseURI);
    let cta: HTMLElement | null = null;
    if (content.cta !== undefined && ctaUrl !== null) {
      const a = doc.createElement('a');
      a.className = 'cta';
      a.href = ctaUrl;
      a.rel = 'noopener noreferrer';
      a.textContent = content.cta.label;
      a.addEventListener('click', (event) => onLink(ctaUrl, event));
      actions.appendChild(a);
      cta = a;
    }
    const close = doc.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.textContent = '×';
    close.setAttribute('aria-label', closeLabel(content.language));
    close.addEventListener('click', onClose);
    actions.appendChild(close);
    element.appendChild(actions);
    return { element, cta, close };
  };

  const remove = (id: string) => {
    const entry = rendered.get(id);
    if (entry === undefined) return;
    rendered.delete(id);
    entry.cleanup();
    entry.host.remove();
    entry.trap?.release();
  };

  const dismiss = (nudge: Nudge) => {
    report(nudge, 'dismissed');
    remove(nudge.id);
    if (nudge.placement === 'inbox') renderInbox([...rendered.values()].filter((r) => r.nudge.placement === 'inbox').map((r) => r.nudge));
  };

  const showOverlay = (nudge: Nudge, content: RenderedContent): boolean => {
    const placement = nudge.placement!;
    let anchor: Element | null = null;
    if (placement === 'tooltip') {
      anchor = options.anchor?.(nudge) ?? defaultAnchor(doc, content);
      if (anchor === null) return false;
    }
    // One interruptive nudge per placement at a time: a newer one replaces it (not a dismissal).
    for (const entry of [...rendered.values()]) if (entry.nudge.placement === placement) remove(entry.nudge.id);
    const { host, shadow } = newHost(nudge, content);
    const modal = placement === 'modal' || placement === 'sheet';
    const { element, cta, close } = panel(nudge, content, 'div', () => dismiss(nudge), () => remove(nudge.id));
    element.classList.add(placement);
    let container: HTMLElement = element;
    if (modal) {
      element.setAttribute('role', 'dialog');
      element.setAttribute('aria-modal', 'true');
      const backdrop = doc.createElement('div');
      backdrop.className = placement === 'sheet' ? 'backdrop for-sheet' : 'backdrop';
      backdrop.addEventListener('click', (event) => {
        if (event.target === backdrop) dismiss(nudge);
      });
      backdrop.appendChild(element);
      container = backdrop;
    } else if (placement === 'tooltip') {
      element.setAttribute('role', 'dialog');
      element.setAttribute('aria-modal', 'false');
    } else {
      element.setAttribute('role', 'region');
      element.setAttribute('aria-live', 'polite');
    }
    element.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Escape') {
        event.stopPropagation();
        dismiss(nudge);
      }
    });
    shadow.appendChild(container);
    root.appendChild(host);
    let cleanup = () => {};
    if (anchor !== null) cleanup = position(element, anchor, doc);
    if (modal) {
      // Escape closes a modal wherever focus went (a button that turned disabled drops it on the body).
      const onKey = (event: KeyboardEvent) => {
        if (event.key === 'Escape' && rendered.get(nudge.id)?.host === host) dismiss(nudge);
      };
      doc.addEventListener('keydown', onKey);
      cleanup = () => doc.removeEventListener('keydown', onKey);
    }
    const trap = modal ? trapFocus(element, cta ?? close) : null;
    rendered.set(nudge.id, { nudge, host, trap, cleanup });
    markShown(nudge);
    return true;
  };

  const showCard = (nudge: Nudge, content: RenderedContent): boolean => {
    const container = options.containers?.card;
    if (container === undefined) return false;
    if (rendered.has(nudge.id)) return true;
    const { host, shadow } = newHost(nudge, content);
    const { element } = panel(nudge, content, 'article', () => dismiss(nudge), () => {});
    shadow.appendChild(element);
    container.appendChild(host);
    rendered.set(nudge.id, { nudge, host, trap: null, cleanup: () => {} });
    markShown(nudge);
    return true;
  };

  // The inbox is one list in one shadow root; each entry is a nudge (newest first).
  const renderInbox = (nudges: Nudge[]) => {
    const container = options.containers?.inbox;
    if (container === undefined) return;
    inboxHost ??= shadowList(doc, 'nudgekit-inbox', 'inbox', container);
    const list = inboxHost.list;
    list.replaceChildren();
    for (const nudge of [...nudges].sort((a, b) => b.time - a.time)) {
      if (!isRendered(nudge.content)) continue;
      const content = nudge.content;
      const { element } = panel(nudge, content, 'li', () => dismiss(nudge), () => {});
      element.lang = content.language;
      element.dir = content.direction;
      if (!shown.has(nudge.id)) element.classList.add('unread');
      list.appendChild(element);
      if (!rendered.has(nudge.id)) rendered.set(nudge.id, { nudge, host: element, trap: null, cleanup: () => {} });
      markShown(nudge);
    }
  };

  const show = (nudge: Nudge): boolean => {
    if (destroyed || nudge === null || typeof nudge !== 'object' || typeof nudge.id !== 'string') return false;
    const placement = nudge.placement;
    if (placement === undefined || !isRendered(nudge.content)) return false;
    if (OVERLAYS.has(placement)) return showOverlay(nudge, nudge.content);
    if (placement === 'card') return showCard(nudge, nudge.content);
    if (placement === 'inbox') {
      const inbox = [...rendered.values()].filter((r) => r.nudge.placement === 'inbox').map((r) => r.nudge);
      if (!inbox.some((n) => n.id === nudge.id)) inbox.push(nudge);
      renderInbox(inbox);
      return options.containers?.inbox !== undefined;
    }
    return false;
  };

  const unsubscribe = options.autoShow === false ? () => {} : source.on('nudge', (nudge) => {
    if (nudge.placement !== undefined) show(nudge);
  });

  return {
    show,
    async refresh() {
      if (destroyed) return;
      if (options.containers?.card !== undefined) for (const nudge of await source.nextNudges('card')) show(nudge);
      if (options.containers?.inbox !== undefined) renderInbox(await source.nextNudges('inbox'));
    },
    close(nudgeId, outcome) {
      const entry = rendered.get(nudgeId);
      if (entry === undefined) return;
      if (outcome === 'dismissed') dismiss(entry.nudge);
      else remove(nudgeId);
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      unsubscribe();
      for (const id of [...rendered.keys()]) remove(id);
      inboxHost?.host.remove();
      inboxHost = null;
    },
  };
}

function defaultAnchor(doc: Document, content: RenderedContent): Element | null {
  const selector = content.fields?.anchor;
  if (typeof selector !== 'string' || selector === '') return null;
  try {
    return doc.querySelector(selector);
  } catch {
    return null;  // not a selector
  }
}

// A coach mark sits below its anchor (above when there is no room), kept inside the viewport, and
// follows it on scroll and resize. Positions are set through the CSSOM, which a strict CSP allows.
function position(element: HTMLElement, anchor: Element, doc: Document): () => void {
  const view = doc.defaultView;
  const place = () => {
    const box = anchor.getBoundingClientRect();
    const width = element.offsetWidth;
    const height = element.offsetHeight;
    const viewportWidth = view?.innerWidth ?? 1024;
    const viewportHeight = view?.innerHeight ?? 768;
    const below = box.bottom + 8 + height <= viewportHeight || box.top - 8 - height < 0;
    const top = below ? box.bottom + 8 : box.top - 8 - height;
    const left = Math.max(8, Math.min(box.left + box.width / 2 - width / 2, viewportWidth - width - 8));
    element.style.top = `${Math.round(top)}px`;
    element.style.left = `${Math.round(left)}px`;
    // Fixed is relative to the viewport unless an ancestor has a transform (an app's phone frame,
    // a scaled container): measure where it landed and move it by the difference.
    const landed = element.getBoundingClientRect();
    if (Math.abs(landed.top - top) >= 1 || Math.abs(landed.left - left) >= 1) {
      element.style.top = `${Math.round(2 * top - landed.top)}px`;
      element.style.left = `${Math.round(2 * left - landed.left)}px`;
    }
  };
  place();
  view?.addEventListener('scroll', place, { passive: true, capture: true });
  view?.addEventListener('resize', place);
  return () => {
    view?.removeEventListener('scroll', place, { capture: true });
    view?.removeEventListener('resize', place);
  };
}

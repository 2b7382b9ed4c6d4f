// Focus for modal nudges (modal, bottom sheet): moved in when they open, kept inside while they are
// open (Tab and Shift+Tab wrap), and given back to what had it when they close — the WAI-ARIA dialog
// pattern. Escape is the dialog's own business (it dismisses), handled by the renderer.

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface FocusTrap {
  /** Stops trapping and gives focus back to where it was when the trap started. */
  release(): void;
}

/** Traps focus inside `container` (an element in a shadow root); focuses `initial` or the first focusable. */
export function trapFocus(container: HTMLElement, initial?: HTMLElement | null): FocusTrap {
  const doc = container.ownerDocument;
  const previous = deepActiveElement(doc);
  const focusables = () => Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE));
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    const list = focusables();
    if (list.length === 0) {
      event.preventDefault();
      return;
    }
    const root = container.getRootNode() as ShadowRoot | Document;
    const active = root.activeElement;
    const first = list[0]!;
    const last = list[list.length - 1]!;
    if (event.shiftKey && (active === first || !container.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !container.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  };
  container.addEventListener('keydown', onKey);
  (initial ?? focusables()[0] ?? container).focus();
  return {
    release() {
      container.removeEventListener('keydown', onKey);
      if (previous !== null && previous.isConnected && typeof previous.focus === 'function') previous.focus();
    },
  };
}

// The focused element, looking into open shadow roots (the page's button may live in one).
function deepActiveElement(doc: Document): HTMLElement | null {
  let active = doc.activeElement as HTMLElement | null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
  return active === doc.body ? null : active;
}

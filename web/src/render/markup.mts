// The markup subset content texts may use, turned into DOM nodes with createElement/createTextNode
// only — never innerHTML — so that whatever a config or a token holds renders as text:
//   **bold**   _emphasis_   [label](url)   a line break for "\n"
// Nothing else is markup: `<b>`, entities and backslashes are shown as written. Links take http(s)
// or same-origin relative URLs; any other scheme (javascript:, data:, vbscript:, …) leaves the label
// as plain text. See docs/rendering.md.

/** The URL a link or a call to action may open, or null when it is refused. */
export function safeUrl(url: unknown, base?: string): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 2048) return null;
  // Browsers ignore tabs and newlines inside URLs and leading spaces or controls: "java\tscript:".
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(url)) return null;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  if (url.startsWith('./') || url.startsWith('?') || url.startsWith('#')) return url;
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (!/^https?:\/\//i.test(url)) return null;  // a relative form that resolved elsewhere
  return parsed.href;
}

type Token =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'strong' | 'em'; children: Token[] }
  | { type: 'link'; label: string; url: string | null };

const MAX_TEXT = 4096;
const WORD = /[\p{L}\p{N}_]/u;

// Whether a marker opened at `from` has a closing one later (for "_": one not followed by a word character).
function closes(text: string, marker: string, from: number): boolean {
  for (let at = text.indexOf(marker, from); at > from - 1 && at !== -1; at = text.indexOf(marker, at + 1)) {
    if (at === from) continue;  // nothing between the two
    if (marker === '**') return true;
    if (!(at + 1 < text.length && WORD.test(text[at + 1]!))) return true;
  }
  return false;
}

/** Parses the subset (linear, no nesting beyond one level of bold/emphasis around text and links). @internal */
export function parseMarkup(input: string): Token[] {
  const text = input.length > MAX_TEXT ? input.slice(0, MAX_TEXT) : input;
  const out: Token[] = [];
  let plain = '';
  const flush = (into: Token[]) => {
    if (plain !== '') into.push({ type: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  let open: { type: 'strong' | 'em'; children: Token[]; marker: string } | null = null;
  const target = () => (open === null ? out : open.children);
  while (i < text.length) {
    const rest = text.slice(i);
    if (text[i] === '\n') {
      flush(target());
      target().push({ type: 'break' });
      i++;
      continue;
    }
    // "_" emphasises only between word boundaries, as in Markdown: snake_case and __proto__ stay text.
    const openMarker: string | null = open === null ? null : (open as { marker: string }).marker;
    const wordBefore = i > 0 && WORD.test(text[i - 1]!);
    const wordAfter = i + 1 < text.length && WORD.test(text[i + 1]!);
    const marker: '**' | '_' | null = rest.startsWith('**') ? '**'
      : text[i] === '_' && (openMarker === '_' ? !wordAfter : !wordBefore && i + 1 < text.length && text[i + 1] !== '_' && !/\s/.test(text[i + 1]!)) ? '_'
        : null;
    if (marker !== null) {
      if (open !== null && open.marker === marker) {
        flush(open.children);
        out.push({ type: open.type, children: open.children });
        open = null;
        i += marker.length;
        continue;
      }
      if (open === null && closes(text, marker, i + marker.length)) {
        flush(out);
        open = { type: marker === '**' ? 'strong' : 'em', children: [], marker };
        i += marker.length;
        continue;
      }
    }
    if (text[i] === '[') {
      const link = /^\[([^\]\n]{1,200})\]\(([^)\s]{1,2048})\)/.exec(rest);
      if (link !== null) {
        flush(target());
        target().push({ type: 'link', label: link[1]!, url: safeUrl(link[2]) });
        i += link[0].length;
        continue;
      }
    }
    plain += text[i];
    i++;
  }
  if (open !== null) {
    // An unclosed marker is text after all.
    const unclosed = open as { marker: string; children: Token[] };
    flush(unclosed.children);
    out.push({ type: 'text', text: unclosed.marker }, ...unclosed.children);
  } else {
    flush(out);
  }
  return out;
}

/** Appends `text` to `parent` as nodes; links open through `onLink` (which may refuse by returning false). */
export function appendMarkup(parent: Node, text: string, doc: Document, onLink?: (url: string, event: Event) => void): void {
  const build = (tokens: Token[], into: Node) => {
    for (const token of tokens) {
      switch (token.type) {
        case 'text':
          into.appendChild(doc.createTextNode(token.text));
          break;
        case 'break':
          into.appendChild(doc.createElement('br'));
          break;
        case 'strong':
        case 'em': {
          const element = doc.createElement(token.type);
          build(token.children, element);
          into.appendChild(element);
          break;
        }
        case 'link': {
          if (token.url === null) {
            into.appendChild(doc.createTextNode(token.label));
            break;
          }
          const a = doc.createElement('a');
          a.href = token.url;
          a.rel = 'noopener noreferrer';
          a.textContent = token.label;
          const url = token.url;
          if (onLink !== undefined) a.addEventListener('click', (event) => onLink(url, event));
          into.appendChild(a);
          break;
        }
      }
    }
  };
  build(parseMarkup(text), parent);
}

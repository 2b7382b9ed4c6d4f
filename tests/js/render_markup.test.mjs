// The renderer's markup subset and URL check, through the built package (no DOM needed): what is
// markup, what stays text, and which URLs a link or a call to action may open.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { safeUrl } from '../../dist/render/index.mjs';
import { parseMarkup } from '../../dist/render/markup.mjs';

test('bold, emphasis, links and line breaks; everything else is text', () => {
  assert.deepEqual(parseMarkup('**Two taps** and _done_\n[How](https://example.in/how)'), [
    { type: 'strong', children: [{ type: 'text', text: 'Two taps' }] },
    { type: 'text', text: ' and ' },
    { type: 'em', children: [{ type: 'text', text: 'done' }] },
    { type: 'break' },
    { type: 'link', label: 'How', url: 'https://example.in/how' },
  ]);
  for (const text of ['<b>x</b>', '&amp; &lt;', 'snake_case_name', '__proto__', 'window.__pwned=1', '**unclosed', '_', '**']) {
    assert.deepEqual(parseMarkup(text), [{ type: 'text', text }], text);
  }
  assert.deepEqual(parseMarkup('**<img src=x onerror=alert(1)>**'), [{ type: 'strong', children: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] }]);
});

test('links to refused schemes keep only their label', () => {
  for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '//evil.example/x']) {
    const [token] = parseMarkup(`[label](${url})`);
    assert.deepEqual(token, { type: 'link', label: 'label', url: null }, url);
  }
});

test('safeUrl: http(s) and same-origin relative URLs only', () => {
  assert.equal(safeUrl('https://example.in/a?b=c'), 'https://example.in/a?b=c');
  assert.equal(safeUrl('http://example.in'), 'http://example.in/');
  assert.equal(safeUrl('/ledger'), '/ledger');
  assert.equal(safeUrl('#top'), '#top');
  assert.equal(safeUrl('?tab=kyc'), '?tab=kyc');
  for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:x', 'data:,x', 'mailto:a@b.c',
    'intent://x', '//evil.example', 'ledger', '', 42, null, undefined, 'https://' + 'a'.repeat(3000)]) {
    assert.equal(safeUrl(bad), null, String(bad).slice(0, 40));
  }
});

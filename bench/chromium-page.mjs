// Debian's Chromium for the browser benches: a local server of the repository and blank pages under
// the strict CSP (the tabs test page, which loads nothing by itself), closed when `run` settles.
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../tests/browser/chromium.mjs';
import { startServer } from '../tests/browser/server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGE = '/tests/browser/pages/tabs.html';

/** Runs `run(openPage)`, where `openPage()` resolves to a new, ready page of the same origin. */
export async function inChromium(run) {
  const server = await startServer({ root: ROOT });
  const browser = await launchChromium({ timeout: 60_000 });
  const openPage = async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url + PAGE);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    return page;
  };
  try {
    return await run(openPage);
  } finally {
    await browser.close();
    await server.close();
  }
}

// Launches Debian's chromium through playwright-core (no browser download), as TOOLCHAIN.md §7 says:
// a fresh profile per launch through launchPersistentContext, because Playwright refuses
// --user-data-dir in `args`. close() is idempotent and always removes the profile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.NK_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Resolves to `{context, close}`; every Playwright wait in `context` times out after `timeout` ms. */
export async function launchChromium({ timeout = 15_000 } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nk-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM, headless: true, args: ARGS, timeout,
    });
  } catch (error) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(timeout);
  context.setDefaultNavigationTimeout(timeout);
  let closing;
  const close = () => {
    closing ??= context.close().catch(() => {}).finally(() => {
      fs.rmSync(userDataDir, { recursive: true, force: true });
    });
    return closing;
  };
  return { context, close };
}

/**
 * Keeps the browser off the network: any request to an origin other than `origin` is recorded and
 * aborted, so a page that phones home fails its test instead of leaking or hanging.
 */
export async function confineTo(context, origin) {
  const blocked = [];
  await context.route((url) => url.origin !== origin, (route) => {
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  return blocked;
}

/**
 * Records what a page does: every request (the page's and its workers'), responses with their
 * content type, failed requests, console messages (page and workers), uncaught errors, and CSP
 * violations (through a `securitypolicyviolation` listener installed before any page script runs).
 * Call before page.goto; `await log.cspViolations()` reads the violations from the live page.
 */
export async function watchPage(page) {
  const log = { requests: [], responses: [], failed: [], console: [], pageErrors: [] };
  page.on('request', (request) => log.requests.push(request.url()));
  page.on('response', (response) => log.responses.push({
    url: response.url(), status: response.status(), contentType: response.headers()['content-type'] ?? '',
  }));
  page.on('requestfailed', (request) => log.failed.push(`${request.url()}: ${request.failure()?.errorText}`));
  const onConsole = (where) => (message) => log.console.push({ where, type: message.type(), text: message.text() });
  page.on('console', onConsole('page'));
  page.on('worker', (worker) => worker.on('console', onConsole(`worker ${worker.url()}`)));
  page.on('pageerror', (error) => log.pageErrors.push(String(error?.stack ?? error)));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push({
        directive: event.effectiveDirective, blocked: event.blockedURI, source: event.sourceFile, line: event.lineNumber,
      });
    });
  });
  log.cspViolations = () => page.evaluate(() => window.__cspViolations ?? []);
  /** Console messages of the given types (errors and warnings by default). */
  log.problems = (types = ['error', 'warning']) => log.console.filter((m) => types.includes(m.type));
  return log;
}

// Bundler fixtures against the packed package: `node tests/bundlers/run.mjs <dir>`, where <dir> has the
// tarball installed in node_modules (scripts/pack-smoke.sh makes it). Builds the fixture app with Vite 7
// and with esbuild as a consumer would, serves each build under the strict CSP and loads it in
// Chromium: the .wasm must be found under its hashed name, the engine must answer, and nothing may be
// requested from another origin.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { confineTo, launchChromium, watchPage } from '../browser/chromium.mjs';
import { startServer } from '../browser/server.mjs';

const consumer = path.resolve(process.argv[2] ?? '');
const fixture = path.join(consumer, 'fixture');
cpSync(fileURLToPath(new URL('./fixture', import.meta.url)), fixture, { recursive: true });

async function buildVite(outDir) {
  await viteBuild({
    root: fixture, logLevel: 'warn', configFile: false,
    build: { outDir, emptyOutDir: true, rollupOptions: { input: path.join(fixture, 'vite.html') } },
  });
  return 'vite.html';
}

async function buildEsbuild(outDir) {
  await esbuild({
    absWorkingDir: fixture, entryPoints: ['esbuild-app.mjs'], bundle: true, format: 'esm', platform: 'browser',
    outdir: outDir, loader: { '.wasm': 'file' }, assetNames: '[name]-[hash]', logLevel: 'warning',
  });
  const html = readFileSync(path.join(fixture, 'esbuild.html'), 'utf8');
  writeFileSync(path.join(outDir, 'esbuild.html'), html.replace('./esbuild-app.mjs', './esbuild-app.js'));
  return 'esbuild.html';
}

const browser = await launchChromium({ timeout: 20_000 });
let failed = false;
try {
  for (const [name, builder] of [['vite 7', buildVite], ['esbuild', buildEsbuild]]) {
    const outDir = path.join(consumer, `out-${name.split(' ')[0]}`);
    const html = await builder(outDir);
    const wasm = readdirSync(outDir, { recursive: true }).map(String).filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `${name}: one .wasm emitted (${wasm})`);
    assert.match(path.basename(wasm[0]), /^nudgekit[-.][\w-]{6,}\.wasm$/, `${name}: the .wasm has a hashed name`);
    const server = await startServer({ root: outDir });
    const blocked = await confineTo(browser.context, server.url);
    const page = await browser.context.newPage();
    const log = await watchPage(page);
    try {
      await page.goto(`${server.url}/${html}`);
      await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('{'));
      const result = JSON.parse(await page.locator('#status').textContent());
      assert.deepEqual(result, { segments: ['hindi_belt'], storage: 'memory' }, `${name}: ${JSON.stringify(result)}`);
      assert.ok(log.responses.some((r) => r.url.endsWith(path.basename(wasm[0])) && r.contentType === 'application/wasm'), `${name}: the hashed .wasm was loaded`);
      assert.deepEqual(await log.cspViolations(), [], `${name}: CSP violations`);
      assert.deepEqual(log.pageErrors, [], `${name}: page errors`);
      assert.deepEqual(blocked, [], `${name}: requests to other origins`);
      console.log(`bundlers: ${name} build loads ${wasm[0]} and answers under the strict CSP`);
    } finally {
      await page.close();
      await browser.context.unrouteAll();  // the next build is served on another port
      await server.close();
    }
  }
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

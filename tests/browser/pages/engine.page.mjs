// Page half of the engine test: runs the scenario here and in a module Worker, then publishes both in
// window.__result. `?wasm=` picks where the .wasm comes from:
//   default  next to dist/wasm/nudgekit.mjs (the glue finds it by itself)
//   url      wasmUrl pointing at a renamed copy, as a bundler with hashed names would emit it
//   binary   bytes the page fetched itself, passed as wasmBinary (the worker gets a copy)
// `?probe=csp` also tries an eval on the page and in the worker, to show the CSP holds in both.
import { runScenario } from './engine.worker.mjs';

const RENAMED_WASM = '/assets/engine-abc123.wasm';
const BYTES_WASM = '/assets/engine-bytes.wasm';
const WORKER_TIMEOUT_MS = 10_000;

async function wasmSource(mode) {
  if (mode === 'url') return { wasmUrl: new URL(RENAMED_WASM, location.href).href };
  if (mode === 'binary') {
    const response = await fetch(BYTES_WASM);
    if (!response.ok) throw new Error(`GET ${BYTES_WASM}: HTTP ${response.status}`);
    return { wasmBinary: await response.arrayBuffer() };
  }
  return {};
}

function inWorker(message) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./engine.worker.mjs', import.meta.url), { type: 'module', name: 'nudgekit-test' });
    const finish = (result) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ failure: { message: `worker gave no answer in ${WORKER_TIMEOUT_MS} ms` } }),
      WORKER_TIMEOUT_MS);
    worker.addEventListener('message', ({ data }) => finish(data));
    worker.addEventListener('error', (event) => finish({ failure: { message: `worker error: ${event.message ?? 'unknown'}` } }));
    worker.addEventListener('messageerror', () => finish({ failure: { message: 'worker message could not be cloned' } }));
    worker.postMessage(message);
  });
}

async function main() {
  const params = new URLSearchParams(location.search);
  const mode = params.get('wasm') ?? 'default';
  const probeCsp = params.get('probe') === 'csp';
  const result = { mode };
  try {
    const source = await wasmSource(mode);
    result.page = await runScenario(source, { probeCsp });
    // postMessage clones: in binary mode the worker gets its own copy of the page's bytes.
    result.worker = await inWorker({ wasm: mode, probeCsp, ...source });
  } catch (error) {
    result.failure = { message: String(error?.message ?? error), stack: String(error?.stack ?? '') };
  }
  window.__result = result;
  document.getElementById('status').textContent = result.failure || result.page?.failure || result.worker?.failure
    ? 'failed: see window.__result'
    : 'done';
}

main();

import { NudgeKitError } from './errors.mjs';
import type { WasmSource } from './types.mjs';
import createNudgeKitModule, { type ModuleOptions, type NudgeKitModule } from './wasm/nudgekit.mjs';

// One instantiation per wasm source: engines are cheap, modules are not.
const modules = new Map<unknown, Promise<NudgeKitModule>>();

function explain(error: unknown, where: string): NudgeKitError {
  const text = String((error as { message?: unknown })?.message ?? error);
  // "expected magic word 00 61 73 6d, found 3c 21 64 6f" is an HTML page (often a dev server's 404).
  const html = /found 3c (21|68|48)/.test(text);
  return new NudgeKitError({
    code: 'wasm.load_failed',
    pointer: '',
    message: html
      ? `${where} returned HTML, not WebAssembly: point wasmUrl at nudgekit.wasm (with Vite, add nudgekit to optimizeDeps.exclude)`
      : `could not load the nudgekit WebAssembly module from ${where}: ${text}`,
  });
}

/**
 * Instantiates (once per source) the wasm module. `readDefault` supplies the bytes when the caller gave
 * neither wasmUrl nor wasmBinary and the platform cannot fetch next to the JS (Node).
 * @internal
 */
export function loadModule(source: WasmSource, readDefault?: () => Promise<Uint8Array>): Promise<NudgeKitModule> {
  const key = source.wasmBinary ?? (source.wasmUrl !== undefined ? String(source.wasmUrl) : 'default');
  let pending = modules.get(key);
  if (pending === undefined) {
    pending = instantiate(source, readDefault);
    modules.set(key, pending);
    // A failed load must not poison later attempts (the network may come back).
    pending.catch(() => modules.delete(key));
  }
  return pending;
}

async function instantiate(source: WasmSource, readDefault?: () => Promise<Uint8Array>): Promise<NudgeKitModule> {
  // Emscripten's own stderr copy of a load failure would duplicate the NudgeKitError that carries it.
  const options: ModuleOptions = { printErr: () => {} };
  let where = 'nudgekit.wasm next to the package';
  if (source.wasmBinary !== undefined) {
    options.wasmBinary = source.wasmBinary;
    where = 'wasmBinary';
  } else if (source.wasmUrl !== undefined) {
    const url = String(source.wasmUrl);
    options.locateFile = (path, prefix) => (path.endsWith('.wasm') ? url : prefix + path);
    where = url;
  } else if (readDefault !== undefined) {
    options.wasmBinary = await readDefault();
  }
  try {
    return await createNudgeKitModule(options);
  } catch (error) {
    throw explain(error, where);
  }
}

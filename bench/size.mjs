// Shipped size of the slice: the wasm, its Emscripten glue, and the facade's JS (dist/**/*.mjs; the
// declarations are .d.mts/.d.cts and the CommonJS entry is .cjs, so neither is counted).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

function walk(dir, prefix = '') {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = `${dir}/${name}`;
    if (statSync(path).isDirectory()) out.push(...walk(path, `${prefix}${name}/`));
    else out.push(`${prefix}${name}`);
  }
  return out;
}

function sizes(relative) {
  const bytes = readFileSync(`${DIST}${relative}`);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

/** [{part, file, raw, gzip, brotli}] for the wasm, the glue and each facade file; each file compressed on its own. */
export function shippedSizes() {
  const files = walk(DIST.replace(/\/$/, ''));
  const rows = [
    { part: 'wasm', file: 'wasm/nudgekit.wasm' },
    { part: 'glue', file: 'wasm/nudgekit.mjs' },
  ];
  for (const file of files) {
    if (file.endsWith('.mjs') && file !== 'wasm/nudgekit.mjs') rows.push({ part: file.startsWith('render/') ? 'renderer (optional)' : 'facade', file });
  }
  for (const row of rows) Object.assign(row, sizes(row.file));
  return rows;
}

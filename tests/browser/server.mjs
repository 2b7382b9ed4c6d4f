// A small static server for the browser tests and the demo. It serves a folder on 127.0.0.1 with the
// MIME types browsers insist on (wasm streaming compiles only `application/wasm`) and puts every HTML
// page under a strict Content-Security-Policy, so the tests prove nudgekit works without inline code
// or eval. Scripts get the same header: browsers ignore it on imported modules, but a worker runs
// under the policy of its own script's response, so this puts module workers under it too.
// `aliases` serve a file under another URL (e.g. a bundler's hashed name for the .wasm); `redirects`
// answer a path with a 302; `api(req, res)` answers first and returns false for what it does not serve
// (the demo mounts the reference send server there, so sends go to the page's own origin).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

const TYPES = {
  '.mjs': 'text/javascript; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml', '.webm': 'video/webm', '.png': 'image/png',
};

/** Serves `root`; resolves to `{url, port, close}` once listening (`port: 0` picks a free port). */
export async function startServer({ root, port = 0, host = '127.0.0.1', aliases = {}, redirects = {}, api } = {}) {
  const base = path.resolve(root);
  const server = createServer(async (req, res) => {
    if (api && (await api(req, res))) return;
    const send = (status, text, headers = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed', { allow: 'GET, HEAD' });
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (redirects[pathname]) return send(302, 'found', { location: redirects[pathname] });
    let file = path.resolve(base, '.' + (aliases[pathname] ? '/' + aliases[pathname] : pathname));
    if (pathname.includes('\0') || (file !== base && !file.startsWith(base + path.sep))) return send(403, 'forbidden');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!pathname.endsWith('/')) return send(301, 'moved', { location: pathname + '/' });
        file = path.join(file, 'index.html');
        info = await stat(file);
      }
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const headers = { 'content-type': type, 'content-length': info.size, 'cache-control': 'no-store',
        'x-content-type-options': 'nosniff' };
      if (type.startsWith('text/html') || type.startsWith('text/javascript')) headers['content-security-policy'] = CSP;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).on('error', () => res.destroy()).pipe(res);
    } catch {
      send(404, 'not found');
    }
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

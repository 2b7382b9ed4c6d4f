// Runs the reference send server on its own: `node demo/server/main.mjs` (PORT, HOST and SENDS_DB
// override 8081, 127.0.0.1 and demo/server/data/sends.db). `npm start` mounts the same service on the
// demo's origin instead.
import { fileURLToPath } from 'node:url';

import { startSendServer } from './send-server.mjs';

const dbPath = process.env.SENDS_DB ?? fileURLToPath(new URL('./data/sends.db', import.meta.url));
const server = await startSendServer({
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 8081),
  dbPath,
  rateLimitPerMinute: Number(process.env.RATE_LIMIT_PER_MINUTE ?? 30),
});
console.log(`nudgekit send server: ${server.url}/v1/sends  (store ${dbPath}; Ctrl+C to stop)`);
const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

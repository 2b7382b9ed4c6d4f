#!/usr/bin/env bash
# `npm start`: install what is missing, build dist/, then serve the repo for the demo on
# http://localhost:8080/demo/ (PORT overrides the port, HOST the interface; `/` redirects to the demo).
# The server is the one the browser tests use: .wasm as application/wasm, HTML under the strict CSP.
# The reference send server answers /v1/sends on the same origin, its store in demo/server/data/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
bash scripts/build.sh

export PORT="${PORT:-8080}" HOST="${HOST:-127.0.0.1}"
exec node --input-type=module -e '
import { startServer } from "./tests/browser/server.mjs";
import { createSendService } from "./demo/server/send-server.mjs";
const port = Number(process.env.PORT);
const sends = createSendService({ dbPath: "demo/server/data/sends.db" });
const server = await startServer({ root: ".", host: process.env.HOST, port, redirects: { "/": "/demo/" }, api: sends.handle });
const shown = process.env.HOST === "127.0.0.1" ? "localhost" : process.env.HOST;
console.log(`nudgekit demo: http://${shown}:${server.port}/demo/  (Ctrl+C to stop)`);
const stop = () => server.close().then(() => { sends.close(); process.exit(0); });
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
'

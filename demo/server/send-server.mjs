// The reference send server: the one endpoint nudgekit calls (docs/sends.md). It validates each send
// against the version 1 schema, deduplicates by idempotency key in SQLite (the key and the answer are
// committed in one transaction before any byte of the answer is written, so a retry after a lost
// answer gets the original answer and the send happens once), rate-limits per user, and hands accepted
// sends to channel adapters. The adapters here deliver nothing: they log what a provider would get.
//
// `faults` injects the failures a real network has (for the fault-injection tests): per POST it names
// one of 'refuse', 'status500', 'status503[:s]', 'status429[:s]', 'reset-before', 'reset-after-commit',
// 'delay:<ms>', or null for none.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';

import Database from 'better-sqlite3';

export const SCHEMA = 'nudgekit.send/1';
export const CHANNELS = ['web_push', 'mobile_push', 'email', 'sms', 'whatsapp', 'viber'];
export const MAX_BODY_BYTES = 64 * 1024;
export const DEDUP_WINDOW_MS = 7 * 24 * 3600 * 1000;
const FIELDS = ['schema', 'id', 'userId', 'campaign', 'variant', 'step', 'channel', 'item', 'language', 'createdAt', 'vars'];
const ID = /^[A-Za-z0-9._:-]{8,128}$/;
const NAME = /^[A-Za-z0-9_.:-]{1,128}$/;
const LANGUAGE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
const MAX_VARS = 32;
const MAX_VAR_TEXT = 1024;

class Invalid extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

const pointer = (name) => '/' + name.replace(/~/g, '~0').replace(/\//g, '~1');

function string(body, name, pattern, what) {
  const value = body[name];
  if (typeof value !== 'string') throw new Invalid(pointer(name), `${name} is a string`);
  if (pattern && !pattern.test(value)) throw new Invalid(pointer(name), `${name} is ${what}`);
  return value;
}

function integer(body, name) {
  const value = body[name];
  if (!Number.isSafeInteger(value) || value < 0) throw new Invalid(pointer(name), `${name} is an integer ≥ 0`);
  return value;
}

/** The send in `body` (parsed JSON), checked field by field; throws `Invalid` naming the first bad field. */
export function validateSend(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Invalid('', 'the body is a JSON object');
  for (const name of Object.keys(body)) {
    if (!FIELDS.includes(name)) throw new Invalid(pointer(name), `unknown field "${name}": version 1 has only ${FIELDS.join(', ')}`);
  }
  if (body.schema !== SCHEMA) {
    throw new Invalid('/schema', body.schema === undefined ? 'schema is required' : `schema ${JSON.stringify(body.schema)} is not ${SCHEMA}`);
  }
  for (const name of FIELDS) if (!(name in body)) throw new Invalid(pointer(name), `${name} is required`);
  const send = {
    schema: SCHEMA,
    id: string(body, 'id', ID, '8–128 characters of [A-Za-z0-9._:-]'),
    userId: string(body, 'userId'),
    campaign: string(body, 'campaign', NAME, '1–128 characters of [A-Za-z0-9_.:-]'),
    variant: string(body, 'variant'),
    step: integer(body, 'step'),
    channel: string(body, 'channel'),
    item: string(body, 'item', NAME, '1–128 characters of [A-Za-z0-9_.:-]'),
    language: string(body, 'language', LANGUAGE, 'a BCP 47 tag'),
    createdAt: integer(body, 'createdAt'),
    vars: {},
  };
  if (send.userId.length < 1 || send.userId.length > 256) throw new Invalid('/userId', 'userId is 1–256 characters');
  if (send.variant.length > 128) throw new Invalid('/variant', 'variant is at most 128 characters');
  if (send.language.length > 35) throw new Invalid('/language', 'language is at most 35 characters');
  if (!CHANNELS.includes(send.channel)) throw new Invalid('/channel', `channel is one of ${CHANNELS.join(', ')}`);
  const vars = body.vars;
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) throw new Invalid('/vars', 'vars is an object');
  const names = Object.keys(vars);
  if (names.length > MAX_VARS) throw new Invalid('/vars', `at most ${MAX_VARS} variables`);
  for (const name of names) {
    const value = vars[name];
    const at = '/vars' + pointer(name);
    if (name.length < 1 || name.length > 64) throw new Invalid(at, 'a variable name is 1–64 characters');
    if (typeof value === 'string') {
      if (value.length > MAX_VAR_TEXT) throw new Invalid(at, `a text variable is at most ${MAX_VAR_TEXT} characters`);
    } else if (!(value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) {
      throw new Invalid(at, 'a variable is a string, a number, a boolean or null');
    }
    Object.defineProperty(send.vars, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return send;
}

/** An adapter per channel that delivers nothing and logs what a provider would receive. */
export function loggingAdapters(log) {
  const adapters = {};
  for (const channel of CHANNELS) {
    adapters[channel] = {
      deliver(send) {
        log(`[${channel}] would deliver ${send.campaign}/${send.item} (${send.language}) to ${send.userId} with ${JSON.stringify(send.vars)}`);
        return { provider: 'log', reference: `log-${send.id}` };
      },
    };
  }
  return adapters;
}

function normalizeLogger(logger) {
  if (typeof logger === 'function') return { info: logger, warn: logger, error: logger };
  if (logger && typeof logger === 'object') {
    const fallback = logger.log?.bind(logger) ?? (() => {});
    return {
      info: logger.info?.bind(logger) ?? fallback,
      warn: logger.warn?.bind(logger) ?? fallback,
      error: logger.error?.bind(logger) ?? fallback,
    };
  }
  return { info: (m) => console.log(m), warn: (m) => console.warn(m), error: (m) => console.error(m) };
}

function openDatabase(dbPath) {
  if (dbPath !== ':memory:') mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  // FULL: an answer is written only after its transaction is on disk.
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS sends (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      body_hash TEXT NOT NULL,
      user_id TEXT NOT NULL,
      campaign TEXT NOT NULL,
      variant TEXT NOT NULL,
      step INTEGER NOT NULL,
      channel TEXT NOT NULL,
      item TEXT NOT NULL,
      language TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      vars TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      answer TEXT NOT NULL,
      delivery TEXT
    );
    CREATE INDEX IF NOT EXISTS sends_by_user ON sends (user_id, received_at);
  `);
  return db;
}

const rowToSend = (row) => ({
  id: row.id, userId: row.user_id, campaign: row.campaign, variant: row.variant, step: row.step,
  channel: row.channel, item: row.item, language: row.language, createdAt: row.created_at,
  vars: JSON.parse(row.vars), receivedAt: row.received_at, delivery: row.delivery ? JSON.parse(row.delivery) : null,
});

function faultOf(faults, req) {
  if (!faults) return null;
  if (typeof faults === 'function') return faults(req) ?? null;
  if (Array.isArray(faults)) return req.method === 'POST' ? faults.shift() ?? null : null;
  return req.method === 'POST' ? faults : null;
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(Object.assign(new Error('too large'), { tooLarge: true }));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The send service without a listening socket: `handle(req, res)` answers `/v1/sends` and
 * `/v1/health` (and returns false for any other path, so a host server can serve the rest).
 */
export function createSendService(options = {}) {
  const {
    dbPath = ':memory:', rateLimitPerMinute = 30, faults = null, now = () => Date.now(),
  } = options;
  const log = normalizeLogger(options.logger);
  const adapters = { ...loggingAdapters(log.info), ...options.adapters };
  const db = openDatabase(dbPath);
  const counts = { accepted: 0, replayed: 0, rejected: 0, conflicts: 0, rateLimited: 0, faults: 0 };
  const recent = new Map(); // userId → accepted times within the last minute

  const find = db.prepare('SELECT body_hash, answer FROM sends WHERE id = ?');
  const insert = db.prepare(`INSERT INTO sends (id, body_hash, user_id, campaign, variant, step, channel, item,
    language, created_at, vars, received_at, answer) VALUES (@id, @hash, @userId, @campaign, @variant, @step,
    @channel, @item, @language, @createdAt, @vars, @receivedAt, @answer)`);
  const setDelivery = db.prepare('UPDATE sends SET delivery = ? WHERE id = ?');
  const prune = db.prepare('DELETE FROM sends WHERE received_at < ?');
  prune.run(now() - DEDUP_WINDOW_MS);

  // One transaction: the lookup and the insert cannot interleave with another request's.
  const admit = db.transaction((send, hash) => {
    const existing = find.get(send.id);
    if (existing) return existing.body_hash === hash ? { replay: existing.answer } : { conflict: true };
    const limited = rateLimit(send.userId);
    if (limited !== null) return { limited };
    const answer = JSON.stringify({ status: 'accepted', id: send.id });
    insert.run({ ...send, hash, vars: JSON.stringify(send.vars), receivedAt: now(), answer });
    recent.get(send.userId).push(now());
    return { accepted: answer };
  });

  function rateLimit(userId) {
    const minuteAgo = now() - 60_000;
    const times = (recent.get(userId) ?? []).filter((t) => t > minuteAgo);
    recent.set(userId, times);
    if (times.length < rateLimitPerMinute) return null;
    return Math.max(1, Math.ceil((times[0] + 60_000 - now()) / 1000));
  }

  function json(res, status, value, headers = {}) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(text);
  }

  const refuse = (res, status, field, message) => {
    counts.rejected++;
    json(res, status, { error: { field, message } });
  };

  async function post(req, res, fault) {
    if (fault === 'refuse') return req.socket.destroy();
    let raw;
    try {
      raw = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error.tooLarge) return refuse(res, 413, '', `the body is larger than ${MAX_BODY_BYTES} bytes`);
      return;
    }
    if (fault === 'reset-before') return req.socket.destroy();
    const status = /^status(\d{3})(?::(\d+))?$/.exec(fault ?? '');
    if (status) {
      const code = Number(status[1]);
      const headers = code === 429 || code === 503 ? { 'retry-after': status[2] ?? '1' } : {};
      return json(res, code, { error: { field: '', message: `injected ${code}` } }, headers);
    }
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      return refuse(res, 415, '', 'the body is application/json');
    }
    let text;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return refuse(res, 400, '', 'the body is not valid UTF-8');
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return refuse(res, 400, '', `the body is not JSON: ${error.message}`);
    }
    let send;
    try {
      send = validateSend(body);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return refuse(res, 400, error.field, error.message);
    }
    const key = req.headers['idempotency-key'];
    if (key !== undefined && key !== send.id) {
      return refuse(res, 400, '/id', 'the Idempotency-Key header and the body\'s id differ');
    }
    const hash = createHash('sha256').update(JSON.stringify(send)).digest('hex');
    const result = admit(send, hash);
    if (result.conflict) {
      counts.conflicts++;
      return refuse(res, 409, '/id', 'this idempotency key was used for a different send');
    }
    if (result.limited !== undefined) {
      counts.rateLimited++;
      return json(res, 429, { error: { field: '/userId', message: `more than ${rateLimitPerMinute} sends a minute for this user` } },
        { 'retry-after': String(result.limited) });
    }
    if (result.replay !== undefined) {
      counts.replayed++;
      if (fault === 'reset-after-commit') return req.socket.destroy();
      return json(res, 202, result.replay, { 'idempotent-replayed': 'true' });
    }
    counts.accepted++;
    // Delivery after the commit: a crash here leaves the send recorded and undelivered (found by
    // `delivery IS NULL`), never delivered twice.
    try {
      const delivery = await adapters[send.channel].deliver(send);
      setDelivery.run(JSON.stringify(delivery ?? null), send.id);
    } catch (error) {
      log.error(`[${send.channel}] adapter failed for ${send.id}: ${error.message}`);
      setDelivery.run(JSON.stringify({ error: String(error.message) }), send.id);
    }
    if (fault === 'reset-after-commit') return req.socket.destroy();
    json(res, 202, result.accepted);
  }

  function list(res, url) {
    const userId = url.searchParams.get('userId');
    const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit')) || 100));
    const rows = userId === null
      ? db.prepare('SELECT * FROM sends ORDER BY seq DESC LIMIT ?').all(limit)
      : db.prepare('SELECT * FROM sends WHERE user_id = ? ORDER BY seq DESC LIMIT ?').all(userId, limit);
    json(res, 200, { sends: rows.map(rowToSend) });
  }

  async function handle(req, res) {
    let url;
    try {
      url = new URL(req.url, 'http://localhost');
    } catch {
      return false;
    }
    if (url.pathname !== '/v1/sends' && url.pathname !== '/v1/health') return false;
    const fault = faultOf(faults, req);
    if (fault) counts.faults++;
    try {
      if (fault?.startsWith('delay:')) await new Promise((resolve) => setTimeout(resolve, Number(fault.slice(6))));
      if (url.pathname === '/v1/health') {
        if (req.method !== 'GET') return json(res, 405, { error: { field: '', message: 'GET only' } }, { allow: 'GET' }), true;
        json(res, 200, { status: 'ok', sends: db.prepare('SELECT count(*) AS n FROM sends').get().n });
      } else if (req.method === 'POST') {
        await post(req, res, fault);
      } else if (req.method === 'GET') {
        list(res, url);
      } else {
        json(res, 405, { error: { field: '', message: 'POST or GET only' } }, { allow: 'POST, GET' });
      }
    } catch (error) {
      log.error(`send server: ${error.stack ?? error}`);
      if (!res.headersSent) json(res, 500, { error: { field: '', message: 'internal error' } });
      else res.destroy();
    }
    return true;
  }

  return {
    handle,
    counts: () => ({ ...counts }),
    sends: () => db.prepare('SELECT * FROM sends ORDER BY seq').all().map(rowToSend),
    close: () => db.close(),
  };
}

/** Listens on `host:port` (0 picks a free port); resolves to `{url, port, sends(), counts(), close()}`. */
export async function startSendServer(options = {}) {
  const { host = '127.0.0.1', port = 0 } = options;
  const service = createSendService(options);
  const server = createServer(async (req, res) => {
    if (!(await service.handle(req, res))) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: { field: '', message: 'not found' } }));
    }
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const actual = server.address().port;
  let closed;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    sends: service.sends,
    counts: service.counts,
    close: () => (closed ??= new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        service.close();
        resolve();
      });
    })),
  };
}

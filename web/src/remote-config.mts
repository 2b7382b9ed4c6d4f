// A config served by the app's own origin: fetched, optionally checked against an Ed25519 signature
// (WebCrypto), and cached in the engine's storage so the next start uses the last good config at once
// and refreshes in the background. A config that fails its signature, its validation or its download
// never replaces the one in force.
import { NudgeKitError } from './errors.mjs';
import type { KeyValueStore } from './kv-store.mjs';

export interface RemoteConfigOptions {
  url: string | URL;
  /** Ed25519 public key: 32 raw bytes, their base64, or a WebCrypto `CryptoKey`. */
  verifyKey?: string | Uint8Array | CryptoKey;
  store: KeyValueStore;
}

/** A downloaded (or cached) config whose signature, if one is required, has been checked. */
export interface VerifiedConfig {
  text: string;
  signature: string | null;
}

function fail(code: string, pointer: string, message: string): never {
  throw new NudgeKitError({ code, pointer, message });
}

function base64Bytes(text: string, code: string, what: string): Uint8Array {
  try {
    const binary = atob(text.trim());
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return fail(code, '/verifyKey', `${what} is not base64`);
  }
}

/** The URL, resolved against the page; in a page it must be on the page's origin. */
export function configUrl(url: unknown): URL {
  if (typeof url !== 'string' && !(url instanceof URL)) fail('options.invalid_config_url', '/configUrl', 'configUrl is a URL or a string');
  const location = (globalThis as { location?: { href: string; origin: string } }).location;
  let resolved: URL;
  try {
    resolved = new URL(String(url), location?.href);
  } catch {
    return fail('options.invalid_config_url', '/configUrl', `configUrl "${String(url)}" is not a URL${location ? '' : ' (outside a page it must be absolute)'}`);
  }
  if (resolved.protocol !== 'https:' && resolved.protocol !== 'http:') fail('options.invalid_config_url', '/configUrl', 'configUrl is http or https');
  if (location !== undefined && resolved.origin !== location.origin) {
    fail('options.invalid_config_url', '/configUrl', `configUrl must be on the page's origin (${location.origin}), not ${resolved.origin}: nudgekit makes no third-party request`);
  }
  return resolved;
}

async function importKey(key: RemoteConfigOptions['verifyKey']): Promise<CryptoKey | null> {
  if (key === undefined) return null;
  if (typeof CryptoKey !== 'undefined' && key instanceof CryptoKey) return key;
  const raw = typeof key === 'string' ? base64Bytes(key, 'options.invalid_verify_key', 'verifyKey')
    : key instanceof Uint8Array ? key : fail('options.invalid_verify_key', '/verifyKey', 'verifyKey is 32 bytes, their base64, or a CryptoKey');
  if (raw.length !== 32) fail('options.invalid_verify_key', '/verifyKey', `an Ed25519 public key is 32 bytes, not ${raw.length}`);
  try {
    return await globalThis.crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'Ed25519' }, false, ['verify']);
  } catch (error) {
    return fail('options.invalid_verify_key', '/verifyKey', `this platform could not import the Ed25519 key (${String(error)})`);
  }
}

export class RemoteConfig {
  readonly url: URL;
  readonly #store: KeyValueStore;
  readonly #key: Promise<CryptoKey | null>;
  readonly #cacheKey: string;

  constructor(options: RemoteConfigOptions) {
    this.url = configUrl(options.url);
    this.#store = options.store;
    this.#key = importKey(options.verifyKey);
    this.#key.catch(() => undefined);  // awaited by every use; not an unhandled rejection meanwhile
    this.#cacheKey = `config:${this.url.href}`;
  }

  /** Throws at once for a key that cannot be used, before anything is fetched. */
  async ready(): Promise<void> {
    await this.#key;
  }

  /** The cached last good config, checked again (the store may have been tampered with), or null. */
  async cached(): Promise<VerifiedConfig | null> {
    let raw: string | null;
    try {
      raw = await this.#store.get(this.#cacheKey);
    } catch {
      return null;
    }
    if (raw === null) return null;
    try {
      const entry = JSON.parse(raw) as { text?: unknown; signature?: unknown };
      if (typeof entry.text !== 'string') return null;
      const signature = typeof entry.signature === 'string' ? entry.signature : null;
      await this.#verify(new TextEncoder().encode(entry.text), signature);
      return { text: entry.text, signature };
    } catch {
      return null;
    }
  }

  /** Remembers a config that was installed. Failures only cost the next start its head start. */
  async remember(config: VerifiedConfig): Promise<void> {
    try {
      await this.#store.set(this.#cacheKey, JSON.stringify(config));
    } catch {
      // a full or blocked store: the next start downloads again
    }
  }

  /** Downloads the config (and its signature when a key is set) and checks it. */
  async download(): Promise<VerifiedConfig> {
    const key = await this.#key;
    const [bytes, signature] = await Promise.all([
      this.#get(this.url),
      key === null ? Promise.resolve(null) : this.#get(new URL(`${this.url.pathname}.sig${this.url.search}`, this.url)).then((b) => new TextDecoder().decode(b)),
    ]);
    await this.#verify(bytes, signature);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return fail('json.parse', '', `the config at ${this.url.href} is not valid UTF-8`);
    }
    return { text, signature };
  }

  async #get(url: URL): Promise<Uint8Array> {
    let response: Response;
    try {
      // no-cache: revalidate with the server (ETag / Last-Modified), never a stale copy.
      response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin', redirect: 'error' });
    } catch (error) {
      return fail('config.fetch_failed', '/configUrl', `GET ${url.href} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) fail('config.fetch_failed', '/configUrl', `GET ${url.href}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  async #verify(bytes: Uint8Array, signature: string | null): Promise<void> {
    const key = await this.#key;
    if (key === null) return;
    if (signature === null) fail('config.signature_invalid', '/verifyKey', 'the config has no signature, and verifyKey requires one');
    const sig = base64Bytes(signature, 'config.signature_invalid', 'the signature');
    let ok = false;
    try {
      ok = sig.length === 64 && await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, new Uint8Array(sig), new Uint8Array(bytes));
    } catch {
      ok = false;
    }
    if (!ok) fail('config.signature_invalid', '/verifyKey', `the signature of ${this.url.href} does not verify with verifyKey: the config was refused`);
  }
}

// Shared plumbing for the client tests: where the stack is, raw requests that name the client on failure,
// python-plexapi's request shape, ffprobe, polling.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseXml } from './xml.mjs';

const env = name => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the suite through compat/run.sh, or export CINEMESH_URL, CINEMESH_TOKEN and CINEMESH_MEDIA for a running stack`);
  return v;
};
export const BASE = env('CINEMESH_URL').replace(/\/$/, '');
export const TOKEN = env('CINEMESH_TOKEN');
export const MEDIA = env('CINEMESH_MEDIA');

/** The clients, as named in plex-protocol.md and in every failure message. */
export const CT = '@ctrl/plex 3.12.1';
export const NP = 'plex-api 5.3.2';
export const JS = '@lukehagar/plexjs 0.43.0';
export const PY = 'python-plexapi 4.16 (raw XML)';

/** What python-plexapi sends with every request (plexapi/config.py BASE_HEADERS); requests adds Accept: *\/*. */
export const PY_HEADERS = {
  Accept: '*/*',
  'X-Plex-Platform': 'Linux',
  'X-Plex-Platform-Version': '6.1',
  'X-Plex-Provides': 'controller',
  'X-Plex-Product': 'PlexAPI',
  'X-Plex-Version': '4.16.0',
  'X-Plex-Device': 'Linux',
  'X-Plex-Device-Name': 'compat-python-plexapi',
  'X-Plex-Client-Identifier': 'compat-python-plexapi-0001',
  'X-Plex-Language': 'en',
  'X-Plex-Sync-Version': '2',
  'X-Plex-Features': 'external-media',
};

/** A failure that says which client breaks, on which endpoint, and what differed. */
export class CompatError extends Error {
  constructor(client, endpoint, what) {
    super(`[${client}] ${endpoint}: ${what}`);
  }
}

export function fail(client, endpoint, what) {
  throw new CompatError(client, endpoint, what);
}

export function check(cond, client, endpoint, what) {
  if (!cond) fail(client, endpoint, what);
}

const short = (s, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * One HTTP request to the gateway. Returns { status, headers, body (Buffer), text, json(), xml() }; json()/xml()
 * parse strictly and fail naming the client and endpoint.
 */
export async function request(client, method, path, { headers = {}, token = 'header', body } = {}) {
  const url = new URL(BASE + path);
  const h = { ...headers };
  if (token === 'header') h['X-Plex-Token'] = TOKEN;
  if (token === 'query') url.searchParams.set('X-Plex-Token', TOKEN);
  const endpoint = `${method} ${path}`;
  let res;
  try {
    res = await fetch(url, { method, headers: h, body, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
  } catch (e) {
    fail(client, endpoint, `request failed: ${e.cause?.message ?? e.message}`);
  }
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString('utf8');
  return {
    status: res.status,
    headers: res.headers,
    body: buf,
    text,
    endpoint,
    json() {
      try {
        return JSON.parse(text);
      } catch (e) {
        fail(client, endpoint, `response is not JSON (${e.message}; Content-Type ${res.headers.get('content-type')}): ${short(text)}`);
      }
    },
    xml() {
      try {
        return parseXml(text);
      } catch (e) {
        fail(client, endpoint, `${e.message} (Content-Type ${res.headers.get('content-type')}): ${short(text)}`);
      }
    },
  };
}

/** Asserts a status, quoting the body when it differs. */
export function expectStatus(client, res, ...want) {
  if (!want.includes(res.status)) {
    fail(client, res.endpoint, `expected HTTP ${want.join(' or ')}, got ${res.status}: ${short(res.text)}`);
  }
  return res;
}

/** A JSON GET as @ctrl/plex, plex-api and plexjs send it; returns MediaContainer. */
export async function getJson(client, path, headers = {}) {
  const res = expectStatus(client, await request(client, 'GET', path, { headers: { Accept: 'application/json', ...headers } }), 200);
  const doc = res.json();
  check(doc && typeof doc.MediaContainer === 'object', client, res.endpoint, `no MediaContainer object in ${short(res.text)}`);
  return doc.MediaContainer;
}

/** A GET as python-plexapi sends it (Accept: *\/*, its headers); returns the parsed root element. */
export async function pyGet(path, headers = {}, method = 'GET') {
  const res = expectStatus(PY, await request(PY, method, path, { headers: { ...PY_HEADERS, ...headers } }), 200);
  const root = res.xml();
  check(root.tag === 'MediaContainer', PY, res.endpoint, `root element is <${root.tag}>, expected <MediaContainer>`);
  return root;
}

/** Polls fn until it returns a truthy value, or throws the last reason after timeoutMs. */
export async function eventually(fn, { timeoutMs = 15_000, intervalMs = 250 } = {}) {
  const until = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = new Error('condition not met');
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw last;
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

const run = promisify(execFile);

/** ffprobe facts about bytes: { format, streams } (throws with ffprobe's message when they are not media). */
export async function ffprobe(client, endpoint, bytes, ext) {
  const dir = await mkdtemp(join(tmpdir(), 'compat-probe-'));
  const file = join(dir, `probe.${ext}`);
  try {
    await writeFile(file, bytes);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]);
    return JSON.parse(stdout);
  } catch (e) {
    fail(client, endpoint, `ffprobe rejects the ${bytes.length} bytes served: ${(e.stderr || e.message).trim()}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Resolves a URI from an m3u8 relative to the playlist's URL, as a player does. */
export function resolveUri(playlistUrl, uri) {
  return new URL(uri, playlistUrl);
}

/** The media URIs (non-comment lines) of an m3u8. */
export function m3u8Uris(text) {
  return text.split(/\r?\n/).map(l => l.trim()).filter(l => l && !l.startsWith('#'));
}

/**
 * Runs one client-library call; any error it throws (HTTP error, zod validation, a crash inside the client on
 * a missing field) is rethrown as "[client] endpoint: what the client said".
 */
export async function via(client, endpoint, fn) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CompatError) throw e;
    const detail = [e.name && e.name !== 'Error' ? e.name : '', e.message, e.statusCode ? `(HTTP ${e.statusCode})` : '',
      e.data ? short(typeof e.data === 'string' ? e.data : JSON.stringify(e.data)) : '',
      e.body ? short(String(e.body)) : '', e.cause?.message ? `cause: ${short(e.cause.message, 800)}` : '']
      .filter(Boolean).join(' ');
    throw new CompatError(client, endpoint, `the client failed: ${detail}`);
  }
}

/**
 * /library/recentlyAdded and friends: items ordered by addedAt, newest first. Takes plain objects with
 * ratingKey/title/addedAt (JSON items, or an XML element's attrs).
 */
export function checkNewestFirst(client, endpoint, items) {
  check(items.length > 0, client, endpoint, 'no items');
  const at = items.map(i => Number(i.addedAt));
  check(at.every(Number.isFinite), client, endpoint, `items without a numeric addedAt: ${items.filter(i => !Number.isFinite(Number(i.addedAt))).map(i => i.title).slice(0, 5)}`);
  const bad = at.findIndex((a, i) => i > 0 && a > at[i - 1]);
  check(bad < 0, client, endpoint, `not newest first: "${items[bad - 1]?.title}" (addedAt ${at[bad - 1]}) comes before "${items[bad]?.title}" (addedAt ${at[bad]})`);
}

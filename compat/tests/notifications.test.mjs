// Plex's notification socket, /:/websockets/notifications, as the clients listen on it: @ctrl/plex 3.12.1's
// AlertListener (src/alert.ts: ws, token in the query, callback gets NotificationContainer) and python-plexapi's
// AlertListener (plexapi/alert.py: server.url(key, includeToken=True) with http→ws, JSON messages), here with the
// `ws` package as the raw client. A file is added to and removed from the "Compat Extras" section and a
// playback is reported, and each listener must hear the timeline, activity and playing notifications.
import { test, before, after } from 'node:test';
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import WebSocket from 'ws';
import { AlertListener, PlexServer } from '@ctrl/plex';
import { BASE, TOKEN, MEDIA, CT, PY, PY_HEADERS, check, fail, via, eventually, getJson, request, expectStatus } from '../lib/plex.mjs';
import { STUB } from '../lib/fixture.mjs';

const WS_PATH = '/:/websockets/notifications';
const EXTRAS = 'Compat Extras';
const TITLE = 'Notified';
const FILE = join(MEDIA, 'extras/Movies', `${TITLE} (2019).mp4`);

/** Every NotificationContainer a listener received, and a wait for one that matches. */
function recorder(client) {
  const heard = [];
  return {
    heard,
    push: c => heard.push(c),
    async await(what, match, timeoutMs = 60_000) {
      return eventually(() => heard.find(match), { timeoutMs })
        .catch(() => fail(client, `WS ${WS_PATH}`, `no ${what} notification within ${timeoutMs / 1000} s; heard ${JSON.stringify(heard).slice(0, 600)}`));
    },
  };
}

const timeline = (title, state) => c => c.type === 'timeline'
  && (c.TimelineEntry ?? []).some(e => e.title === title && e.state === state && e.identifier === 'com.plexapp.plugins.library');
const activity = (event, sectionKey) => c => c.type === 'activity'
  && (c.ActivityNotification ?? []).some(a => a.event === event && a.Activity?.type === 'library.update.section'
    && a.Activity?.Context?.librarySectionID === String(sectionKey));

const server = new PlexServer(BASE, TOKEN);
const ct = recorder(CT);
const py = recorder(PY);
let listener, pySocket, extras;

/** python-plexapi's AlertListener: the token in the query of the ws:// URL, nothing else. */
function pyListen(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
  });
}

const refresh = () => via(CT, `GET /library/sections/${extras.key}/refresh`, () => extras.update());

before(async () => {
  await via(CT, 'GET /', () => server.connect());
  const library = await via(CT, 'GET /library', () => server.library());
  extras = (await via(CT, 'GET /library/sections', () => library.sections())).find(s => s.title === EXTRAS);
  check(extras, CT, 'GET /library/sections', `no section ${EXTRAS}`);

  listener = new AlertListener(server, c => ct.push(c));
  await via(CT, `WS ${WS_PATH}`, () => listener.run());
  const url = `${BASE.replace(/^http/, 'ws')}${WS_PATH}?X-Plex-Token=${encodeURIComponent(TOKEN)}`;
  pySocket = await pyListen(url).catch(e => fail(PY, `WS ${WS_PATH}`, `upgrade failed: ${e.message}`));
  pySocket.on('message', buf => py.push(JSON.parse(buf.toString()).NotificationContainer));
});

after(async () => {
  // A clean close on both: the gateway answers a client's close frame (the last test checks it).
  listener?.stop();
  pySocket?.close(1000);
  // Leave the section as the other files expect it, even when a test failed half-way.
  await rm(FILE, { force: true });
  if (extras) await refresh().catch(() => {});
  // Something of the clients' (a socket we cannot reach) keeps this process alive after its last test, and the
  // runner waits for the process: end it once every result is reported, keeping a failure's exit code.
  setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
});

test('PY/CT without a token the notification socket answers 401 before the upgrade', async () => {
  const url = `${BASE.replace(/^http/, 'ws')}${WS_PATH}`;
  const status = await pyListen(url).then(ws => { ws.close(); return 101; }, e => e.status);
  check(status === 401, PY, `WS ${WS_PATH}`, `upgrade without a token answered ${status}, expected 401`);
  const bad = await pyListen(`${url}?X-Plex-Token=not-a-token`).then(ws => { ws.close(); return 101; }, e => e.status);
  check(bad === 401, PY, `WS ${WS_PATH}?X-Plex-Token=not-a-token`, `answered ${bad}, expected 401`);
});

test('CT/PY a section refresh that finds a new file: activity started/ended and timeline created/done', async () => {
  // A new film: the extras' Sintel copy under its own embedded title (the scanner prefers it to the file name).
  await promisify(execFile)('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i',
    join(MEDIA, 'extras/Movies', 'Bunny (2015).mp4'), '-map', '0', '-c', 'copy', '-metadata', `title=${TITLE}`,
    '-metadata', 'date=2019', FILE]);
  await refresh();
  for (const r of [ct, py]) {
    const started = await r.await('activity started', activity('started', extras.key));
    const a = started.ActivityNotification.find(x => x.event === 'started');
    check(a.uuid === a.Activity.uuid && /^[0-9a-f-]{36}$/.test(a.uuid), r === ct ? CT : PY, `WS ${WS_PATH}`, `activity uuid ${a.uuid} / ${a.Activity.uuid}`);
    await r.await('activity ended', c => c.type === 'activity' && c.ActivityNotification.some(x => x.event === 'ended' && x.uuid === a.uuid));
    const created = await r.await(`timeline state 0 for "${TITLE}"`, timeline(TITLE, 0));
    const entry = created.TimelineEntry.find(e => e.title === TITLE);
    check(entry.sectionID === String(extras.key) && /^\d+$/.test(entry.itemID) && entry.type === 1 && entry.updatedAt > 1_600_000_000,
      r === ct ? CT : PY, `WS ${WS_PATH}`, `timeline entry ${JSON.stringify(entry)}`);
    await r.await(`timeline state 5 for "${TITLE}"`, timeline(TITLE, 5));
  }
  // The item the notification named is the one the library now lists.
  const entry = ct.heard.find(timeline(TITLE, 0)).TimelineEntry.find(e => e.title === TITLE);
  const item = await getJson(CT, `/library/metadata/${entry.itemID}`);
  check(item.Metadata?.[0]?.title === TITLE, CT, `GET /library/metadata/${entry.itemID}`, `title ${item.Metadata?.[0]?.title}`);
});

test('CT/PY a timeline report is heard as a playing notification', async () => {
  const entry = ct.heard.find(timeline(TITLE, 0))?.TimelineEntry.find(e => e.title === TITLE);
  check(entry, CT, `WS ${WS_PATH}`, 'the previous test did not see the item added');
  const rk = entry.itemID;
  const headers = { ...PY_HEADERS, 'X-Plex-Client-Identifier': 'compat-notifications-0001', 'X-Plex-Session-Identifier': 'compat-notify' };
  const tl = (state, time) => request(PY, 'GET', `/:/timeline?ratingKey=${rk}&key=%2Flibrary%2Fmetadata%2F${rk}&state=${state}&time=${time}&duration=${STUB.durationMs}`, { headers });
  expectStatus(PY, await tl('playing', 1000), 200);
  for (const r of [ct, py]) {
    const c = await r.await('playing', x => x.type === 'playing' && x.PlaySessionStateNotification?.some(p => p.ratingKey === rk && p.state === 'playing'));
    const p = c.PlaySessionStateNotification.find(x => x.ratingKey === rk);
    check(p.clientIdentifier === headers['X-Plex-Client-Identifier'] && p.key === `/library/metadata/${rk}` && p.viewOffset === 1000,
      r === ct ? CT : PY, `WS ${WS_PATH}`, `PlaySessionStateNotification ${JSON.stringify(p)}`);
  }
  expectStatus(PY, await tl('stopped', 1200), 200);
  await py.await('playing stopped', x => x.type === 'playing' && x.PlaySessionStateNotification?.some(p => p.ratingKey === rk && p.state === 'stopped'));
});

test('PY a removed file is heard as timeline state 9', async () => {
  await rm(FILE, { force: true });
  await refresh();
  await py.await(`timeline state 9 for "${TITLE}"`, timeline(TITLE, 9));
  await ct.await(`timeline state 9 for "${TITLE}"`, timeline(TITLE, 9));
});

test('PY the event stream /:/eventsource/notifications opens with the token and refuses without', async () => {
  const none = await fetch(`${BASE}/:/eventsource/notifications`);
  check(none.status === 401, PY, 'GET /:/eventsource/notifications', `without a token: ${none.status}, expected 401`);
  await none.body?.cancel();
  const ctl = new AbortController();
  const res = await fetch(`${BASE}/:/eventsource/notifications?X-Plex-Token=${encodeURIComponent(TOKEN)}`, { signal: ctl.signal });
  check(res.status === 200 && /^text\/event-stream/.test(res.headers.get('content-type') ?? ''), PY, 'GET /:/eventsource/notifications',
    `status ${res.status}, Content-Type ${res.headers.get('content-type')}`);
  const first = await res.body.getReader().read();
  check(!first.done, PY, 'GET /:/eventsource/notifications', 'the stream ended at once');
  ctl.abort();
});

test('PY a client that closes the socket gets the close handshake back, not a dropped connection', async () => {
  const url = `${BASE.replace(/^http/, 'ws')}${WS_PATH}?X-Plex-Token=${encodeURIComponent(TOKEN)}`;
  const ws = await pyListen(url).catch(e => fail(PY, `WS ${WS_PATH}`, `upgrade failed: ${e.message}`));
  const closed = new Promise(resolve => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.close(1000, 'done listening');
  // Without the server's close frame, ws gives up after its own 30-s timeout and reports 1006 (abnormal).
  const answer = await Promise.race([closed, new Promise(resolve => setTimeout(() => resolve(null), 10_000))]);
  check(answer?.code === 1000, PY, `WS ${WS_PATH}`, `close frame answered with ${JSON.stringify(answer)}, expected code 1000 within 10 s`);
});

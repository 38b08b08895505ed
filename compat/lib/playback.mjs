// What a player does with the URLs the client libraries build: play an HLS stream, seek in a part with a
// Range request, show a thumbnail. The bytes are checked with ffprobe and against the files on disk.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BASE, MEDIA, TOKEN, check, expectStatus, ffprobe, m3u8Uris, request, fail } from './plex.mjs';
import { STUB } from './fixture.mjs';

const withToken = url => {
  const u = new URL(url, BASE);
  if (!u.searchParams.has('X-Plex-Token')) u.searchParams.set('X-Plex-Token', TOKEN);
  return u;
};
const pathOf = u => u.pathname + u.search;

/**
 * Fetches the master playlist at startUrl (token in the query, as the libraries build it), then the variant
 * index and the first segments, each resolved relative to the playlist it came from. Checks the playlists'
 * shape and ffprobes every segment: H.264 video and AAC audio at the stub's size, or with audioOnly (a track
 * through /music/ or /audio/) audio and no video. Returns what it saw.
 */
export async function playHls(client, startUrl, headers = {}, { segments = 2, audioOnly = false } = {}) {
  const master = withToken(startUrl);
  const m = expectStatus(client, await request(client, 'GET', pathOf(master), { headers, token: 'none' }), 200);
  const ep = m.endpoint;
  check(/mpegurl/i.test(m.headers.get('content-type') ?? ''), client, ep,
    `Content-Type is ${m.headers.get('content-type')}, expected application/vnd.apple.mpegurl`);
  check(m.text.startsWith('#EXTM3U'), client, ep, `master playlist does not start with #EXTM3U: ${m.text.slice(0, 200)}`);
  check(/#EXT-X-STREAM-INF:/.test(m.text), client, ep, `master playlist has no #EXT-X-STREAM-INF: ${m.text.slice(0, 300)}`);
  const variants = m3u8Uris(m.text);
  check(variants.length > 0, client, ep, 'master playlist names no variant playlist');

  // A player resolves the variant against the master's URL; the token travels as a header from the library.
  const indexUrl = new URL(variants[0], master);
  const idx = expectStatus(client, await request(client, 'GET', pathOf(indexUrl), { headers }), 200);
  check(idx.text.startsWith('#EXTM3U'), client, idx.endpoint, `index playlist does not start with #EXTM3U: ${idx.text.slice(0, 200)}`);
  check(/#EXT-X-TARGETDURATION:\d+/.test(idx.text), client, idx.endpoint, 'index playlist has no #EXT-X-TARGETDURATION');
  const segs = m3u8Uris(idx.text);
  check(segs.length > 0, client, idx.endpoint, `index playlist lists no segments: ${idx.text.slice(0, 300)}`);

  const probes = [];
  for (const seg of segs.slice(0, segments)) {
    const segUrl = new URL(seg, indexUrl);
    const s = expectStatus(client, await request(client, 'GET', pathOf(segUrl), { headers }), 200);
    check(s.body.length > 0, client, s.endpoint, 'empty segment');
    const ext = /\.m4s$|\.mp4$/.test(segUrl.pathname) ? 'mp4' : 'ts';
    const probe = await ffprobe(client, s.endpoint, s.body, ext);
    const v = probe.streams.find(x => x.codec_type === 'video');
    const seen = probe.streams.map(x => `${x.codec_type}:${x.codec_name}`).join(',');
    if (audioOnly) {
      check(!v, client, s.endpoint, `an audio stream's segment carries video (ffprobe: ${seen})`);
    } else {
      check(v, client, s.endpoint, `segment has no video stream (ffprobe: ${seen})`);
      check(v.codec_name === 'h264', client, s.endpoint, `segment video codec ${v.codec_name}, expected h264`);
    }
    check(probe.streams.some(x => x.codec_type === 'audio'), client, s.endpoint, `segment has no audio stream (ffprobe: ${seen})`);
    probes.push(probe);
  }
  return { master: m.text, index: idx.text, segments: segs, probes };
}

/**
 * A Range request for the middle of a part, as a player seeking does; the bytes must be exactly those of the
 * file on disk (part.file is relative to the media root, or absolute under it).
 */
export async function rangeDownload(client, partKey, partFile, headers = {}) {
  const abs = partFile.startsWith('/') ? partFile : join(MEDIA, partFile);
  const disk = await readFile(abs).catch(e => fail(client, partKey, `part file ${partFile} is not under the media root ${MEDIA}: ${e.message}`));
  const from = 1000, to = Math.min(disk.length - 1, 5095);
  const r = expectStatus(client, await request(client, 'GET', pathOf(withToken(partKey)), {
    headers: { ...headers, Range: `bytes=${from}-${to}` }, token: 'none',
  }), 206);
  const cr = r.headers.get('content-range');
  check(cr === `bytes ${from}-${to}/${disk.length}`, client, r.endpoint, `Content-Range is ${cr}, expected bytes ${from}-${to}/${disk.length}`);
  check(r.body.equals(disk.subarray(from, to + 1)), client, r.endpoint,
    `the ${r.body.length} bytes served differ from bytes ${from}-${to} of ${partFile}`);
  const full = expectStatus(client, await request(client, 'GET', pathOf(withToken(partKey)), { headers, token: 'none' }), 200);
  check(full.body.equals(disk), client, full.endpoint, `the whole part (${full.body.length} bytes) differs from ${partFile} (${disk.length} bytes)`);
  const probe = await ffprobe(client, full.endpoint, full.body, 'mp4');
  const v = probe.streams.find(x => x.codec_type === 'video');
  check(v?.codec_name === STUB.videoCodec && v.width === STUB.width, client, full.endpoint,
    `ffprobe sees ${v?.codec_name} ${v?.width}x${v?.height}, expected ${STUB.videoCodec} ${STUB.width}x${STUB.height}`);
  return { size: disk.length };
}

/** Fetches an image URL (relative, token in the query as the libraries add it) and checks it is an image. */
export async function thumbnail(client, thumbPath, headers = {}) {
  check(typeof thumbPath === 'string' && thumbPath.startsWith('/'), client, 'thumb attribute', `item has no relative thumb URL (thumb=${thumbPath})`);
  const r = expectStatus(client, await request(client, 'GET', pathOf(withToken(thumbPath)), { headers, token: 'none' }), 200);
  const type = r.headers.get('content-type') ?? '';
  check(/^image\/(jpeg|png)/.test(type), client, r.endpoint, `Content-Type is ${type}, expected image/jpeg or image/png`);
  const probe = await ffprobe(client, r.endpoint, r.body, type.includes('png') ? 'png' : 'jpg');
  const v = probe.streams[0];
  check(v && ['mjpeg', 'png'].includes(v.codec_name) && v.width > 0, client, r.endpoint,
    `not a decodable image (ffprobe: ${v?.codec_name} ${v?.width}x${v?.height})`);
  return { type, width: v.width, height: v.height };
}

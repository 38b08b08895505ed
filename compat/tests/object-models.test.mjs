// Issue 15: each client walks its own object model over the music and show sections, as a new user's script does:
// @ctrl/plex's MusicSection/Artist/Album/Track objects and its search() (which passes python-plexapi's arguments
// through as they are: libtype, filters={...}, title__iexact), plexjs's getAlbums, and the raw XML requests
// python-plexapi's Artist.albums(), MusicSection.albums() and searchSeasons() send. Cross-type fields (artist.id,
// show.title, album.year, track.title) and the play-queue attributes PMS sets on a move.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PlexServer, PlayQueue, Album } from '@ctrl/plex';
import { PlexAPI } from '@lukehagar/plexjs';
import { findall } from '../lib/xml.mjs';
import { BASE, TOKEN, CT, JS, PY, check, via, pyGet, getJson, request, expectStatus } from '../lib/plex.mjs';
import { ARTISTS, SHOWS, SECTION_TITLES } from '../lib/fixture.mjs';

const server = new PlexServer(BASE, TOKEN);
const sdk = new PlexAPI({ serverURL: BASE, token: TOKEN, clientIdentifier: 'compat-object-models', product: 'Compat' });
let music, shows;
const ALBUMS = Object.values(ARTISTS).flatMap(a => a.albums).sort();
const sorted = list => [...list].sort();

before(async () => {
  await via(CT, 'GET /', () => server.connect());
  const library = await via(CT, 'GET /library', () => server.library());
  const all = await via(CT, 'GET /library/sections', () => library.sections());
  music = all.find(s => s.title === SECTION_TITLES.artist);
  shows = all.find(s => s.title === SECTION_TITLES.show);
});

test('CT music: section.albums(), then each artist\'s albums(), album(title), tracks, and back up', async () => {
  const albums = await via(CT, `GET /library/sections/${music.key}/albums`, () => music.albums());
  assert.deepEqual(sorted(albums.map(a => a.title)), ALBUMS, `[${CT}] GET /library/sections/${music.key}/albums: albums differ`);
  // searchArtists, not all(): 3.12.1's all() builds its SECTION_TYPE, Track, even for artists.
  const artists = await via(CT, `GET /library/sections/${music.key}/all?type=8`, () => music.searchArtists());
  assert.deepEqual(sorted(artists.map(a => a.title)), sorted(Object.keys(ARTISTS)), `[${CT}] artists differ`);
  for (const artist of artists) {
    const want = ARTISTS[artist.title];
    const theirs = await via(CT, `artist.albums() of ${artist.title}`, () => artist.albums());
    assert.deepEqual(sorted(theirs.map(a => a.title)), sorted(want.albums), `[${CT}] ${artist.title}.albums() (…/all?type=9&filters={"artist.id":…}) differs`);
    const last = want.albums[want.albums.length - 1];
    const one = await via(CT, `artist.album(${last})`, () => artist.album(last.toUpperCase()));
    check(one?.title === last, CT, `${artist.title}.album("${last.toUpperCase()}") (title__iexact)`, `got ${one?.title}`);
    const missing = await via(CT, 'artist.album(nope)', () => artist.album('No Such Album'));
    check(missing === undefined, CT, `${artist.title}.album("No Such Album")`, `got ${missing?.title}, expected none`);
    let tracks = 0;
    for (const album of theirs) {
      const list = await via(CT, `album.tracks() of ${album.title}`, () => album.tracks());
      tracks += list.length;
      const back = await via(CT, `track.album() of ${list[0].title}`, () => list[0].album());
      check(back.title === album.title, CT, `GET ${list[0].parentKey} (track.album())`, `got ${back.title}, expected ${album.title}`);
      const up = await via(CT, `album.artist() of ${album.title}`, () => album.artist());
      check(up.title === artist.title, CT, `GET ${album.parentKey} (album.artist())`, `got ${up.title}`);
    }
    check(tracks === want.tracks, CT, `${artist.title}: albums' tracks`, `${tracks} tracks, expected ${want.tracks}`);
    const leaves = await via(CT, `artist.tracks() of ${artist.title}`, () => artist.tracks());
    check(leaves.length === want.tracks, CT, `GET ${artist.key}/allLeaves (artist.tracks())`, `${leaves.length} tracks`);
  }
});

test('CT cross-type searches: seasons by show.title, shows by an episode, artists by an album\'s year, recently added albums, a 400 for studio=', async () => {
  const title = 'Les Héros du Quotidien';
  const seasons = await via(CT, `search libtype=season show.title=${title}`, () => shows.search({ libtype: 'season', 'show.title': title }));
  assert.deepEqual(seasons.map(s => s.index), SHOWS[title].seasons, `[${CT}] …/all?type=3&show.title=${title}: season indexes differ`);
  const withSpecials = await via(CT, 'search libtype=show episode.title=Les Coulisses', () => shows.search({ libtype: 'show', 'episode.title': 'Les Coulisses' }));
  assert.deepEqual(withSpecials.map(s => s.title), [title], `[${CT}] …/all?type=2&episode.title=Les Coulisses: shows differ`);
  const recent = await via(CT, 'recentlyAddedAlbums', () => music.recentlyAddedAlbums(2));
  check(recent.length === 2, CT, `…/all?libtype=album&maxresults=2&sort=addedAt:desc`, `${recent.length} albums, expected 2 (maxresults)`);
  const y = await via(CT, 'search album.year', () => music.search({ libtype: 'artist', filters: { 'album.year': 2021 } }));
  assert.deepEqual(y.map(a => a.title), ['坂本 Ensemble'], `[${CT}] artists with an album from 2021 differ`);
  const bad = await request(CT, 'GET', `/library/sections/${music.key}/all?type=8&studio=Nope`, { headers: { Accept: 'application/json' } });
  expectStatus(CT, bad, 400);
  check(/studio/.test(bad.text), CT, "…/all?studio=", `a 400 that does not say which field: ${bad.text}`);
});

test('CT play queue: playQueueLastAddedItemID where PMS sets it (not after a create or a move to the top)', async () => {
  const [show] = await via(CT, 'shows.all()', () => shows.all());
  const episodes = (await via(CT, 'show.episodes()', () => show.episodes())).slice(0, 3);
  const pq = await via(CT, 'POST /playQueues', () => PlayQueue.create(server, episodes));
  check(pq.playQueueLastAddedItemID === undefined, CT, 'POST /playQueues', `playQueueLastAddedItemID ${pq.playQueueLastAddedItemID} after a create`);
  await via(CT, 'moveItem to the top', () => pq.moveItem(pq.items[1]));
  assert.deepEqual(pq.items.map(i => i.ratingKey), [episodes[1], episodes[0], episodes[2]].map(e => e.ratingKey), `[${CT}] moveItem(items[1]): order differs`);
  check(pq.playQueueLastAddedItemID === undefined, CT, `PUT /playQueues/${pq.playQueueID}/items/…/move`, `playQueueLastAddedItemID ${pq.playQueueLastAddedItemID} after a move to the top`);
  await via(CT, 'moveItem after', () => pq.moveItem(pq.items[0], { after: pq.items[1] }));
  check(String(pq.playQueueLastAddedItemID) === String(pq.items[1].playQueueItemID), CT, `PUT /playQueues/${pq.playQueueID}/items/…/move?after=`,
    `playQueueLastAddedItemID ${pq.playQueueLastAddedItemID}, expected the moved item ${pq.items[1].playQueueItemID}`);
  expectStatus(CT, await request(CT, 'DELETE', `/playQueues/${pq.playQueueID}/items`), 200);
});

test('JS music: content.getAlbums validates and lists every album', async () => {
  const r = await via(JS, `GET /library/sections/${music.key}/albums`, () => sdk.content.getAlbums({ sectionId: Number(music.key) }));
  const list = r.mediaContainerWithMetadata?.mediaContainer?.metadata ?? [];
  assert.deepEqual(sorted(list.map(a => a.title)), ALBUMS, `[${JS}] getAlbums: albums differ`);
  check(list.every(a => a.type === 'album' && a.parentTitle), JS, `GET /library/sections/${music.key}/albums`, 'albums without type or parentTitle');
});

test('PY music and seasons: MusicSection.albums(), Artist.albums() (artist.id), searchSeasons(show.title), the compilation', async () => {
  const albums = findall(await pyGet(`/library/sections/${music.key}/albums`), 'Directory');
  assert.deepEqual(sorted(albums.map(a => a.attrs.title)), ALBUMS, `[${PY}] GET /library/sections/${music.key}/albums: albums differ`);
  check(albums.every(a => a.attrs.type === 'album'), PY, `GET /library/sections/${music.key}/albums`, 'not <Directory type="album">');
  const artists = findall(await pyGet(`/library/sections/${music.key}/all?type=8`), 'Directory');
  for (const artist of artists) {
    const theirs = findall(await pyGet(`/library/sections/${music.key}/all?type=9&artist.id=${artist.attrs.ratingKey}`), 'Directory');
    assert.deepEqual(sorted(theirs.map(a => a.attrs.title)), sorted(ARTISTS[artist.attrs.title].albums), `[${PY}] type=9&artist.id= of ${artist.attrs.title} differs`);
  }
  // Every album carries the genre "Demo", so each is similar to all the others.
  const first = albums[0];
  const similar = findall(await pyGet(`/library/metadata/${first.attrs.ratingKey}/similar`), 'Directory');
  assert.deepEqual(sorted(similar.map(a => a.attrs.title)), ALBUMS.filter(t => t !== first.attrs.title), `[${PY}] GET /library/metadata/${first.attrs.ratingKey}/similar differs`);
  const mix = albums.find(a => a.attrs.title === 'Summer Mix');
  const mixTracks = findall(await pyGet(`/library/metadata/${mix.attrs.ratingKey}/children`), 'Track');
  check(mix.attrs.parentTitle === 'Various Artists' && mixTracks.length === ARTISTS['Various Artists'].tracks, PY, 'the compilation',
    `album artist ${mix.attrs.parentTitle}, ${mixTracks.length} tracks`);
  const title = 'Les Héros du Quotidien';
  const seasons = findall(await pyGet(`/library/sections/${shows.key}/all?type=3&show.title=${encodeURIComponent(title)}`), 'Directory');
  assert.deepEqual(seasons.map(s => s.attrs.index), SHOWS[title].seasons.map(String), `[${PY}] searchSeasons(show.title=…) differs`);
  check(seasons[0].attrs.title === 'Specials', PY, 'season 0', `titled ${seasons[0].attrs.title}, expected Specials`);
  const letters = findall(await pyGet(`/library/sections/${music.key}/firstCharacter`), 'Directory');
  const n = letters.reduce((sum, l) => sum + Number(l.attrs.size), 0);
  check(n === Object.keys(ARTISTS).length, PY, `GET /library/sections/${music.key}/firstCharacter`, `sizes add up to ${n}`);
  const byLetter = findall(await pyGet(`/library/sections/${music.key}/all?firstCharacter=${encodeURIComponent(letters[0].attrs.key)}`), 'Directory');
  check(byLetter.length === Number(letters[0].attrs.size), PY, `…/all?firstCharacter=${letters[0].attrs.key}`, `${byLetter.length} artists`);
});

test('PY Meta: every cross-type field <Meta> advertises for albums is accepted back', async () => {
  const mc = await pyGet(`/library/sections/${music.key}/all?includeMeta=1`, { 'X-Plex-Container-Start': '0', 'X-Plex-Container-Size': '0' });
  const album = findall(findall(mc, 'Meta')[0], 'Type').find(t => t.attrs.type === 'album');
  const fields = findall(album, 'Field').map(f => f.attrs.key).filter(k => k.includes('.'));
  for (const want of ['artist.id', 'artist.title', 'track.title', 'track.year']) {
    check(fields.includes(want), PY, `…/all?includeMeta=1`, `no <Field key="${want}"> for albums`);
  }
  for (const key of fields) {
    const res = await request(PY, 'GET', `/library/sections/${music.key}/all?type=9&${encodeURIComponent(key)}=1`);
    check(res.status === 200, PY, `…/all?type=9&${key}=1`, `${res.status} for a field <Meta> advertises`);
  }
});

test('JS+CT album objects are Albums', async () => {
  const albums = await via(CT, 'search libtype=album', () => music.search({ libtype: 'album' }, Album));
  check(albums.length === ALBUMS.length && albums.every(a => a instanceof Album), CT, `…/all?libtype=album&type=9`, `${albums.length} albums`);
  const json = await getJson(JS, `/library/sections/${music.key}/albums`);
  check(json.mixedParents === true && json.viewGroup === 'album', JS, `GET /library/sections/${music.key}/albums`, `mixedParents ${json.mixedParents}, viewGroup ${json.viewGroup}`);
});

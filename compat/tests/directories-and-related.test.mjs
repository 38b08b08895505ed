// Issue 15: what a section lists and what an item leads to, followed with each client's own calls: @ctrl/plex's
// section.folders() and Folder.subfolders(), plexjs's getFolders, getRelatedItems, listSimilar, getFirstCharacters,
// getSectionFilters and getAvailableSorts, and the raw XML of python-plexapi's section directories, photo albums,
// show.onDeck() and item.hubs() (its full reload asks includeOnDeck=1&includeRelated=1).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PlexServer, Playlist } from '@ctrl/plex';
import { PlexAPI } from '@lukehagar/plexjs';
import { findall, find } from '../lib/xml.mjs';
import { BASE, TOKEN, CT, JS, PY, check, via, pyGet, request, expectStatus } from '../lib/plex.mjs';
import { MOVIES, SHOWS, ARTISTS, PHOTO_ALBUMS, SECTION_TITLES } from '../lib/fixture.mjs';

const server = new PlexServer(BASE, TOKEN);
const sdk = new PlexAPI({ serverURL: BASE, token: TOKEN, clientIdentifier: 'compat-directories', product: 'Compat' });
const sorted = list => [...list].sort();
const sum = (obj, f) => Object.values(obj).reduce((n, v) => n + f(v), 0);
const ALBUMS = Object.values(ARTISTS).flatMap(a => a.albums);
/** What each section type holds as files, i.e. what By Folder must reach. */
const LEAVES = {
  movie: MOVIES.length,
  show: sum(SHOWS, s => s.episodes),
  artist: sum(ARTISTS, a => a.tracks),
  photo: (function photos(albums) { return sum(albums, a => a.photos + photos(a.albums)); })(PHOTO_ALBUMS),
};
let sections; // type → section key, from the raw list every client starts with

before(async () => {
  const list = findall(await pyGet('/library/sections'), 'Directory');
  sections = Object.fromEntries(Object.entries(SECTION_TITLES)
    .map(([type, title]) => [type, list.find(d => d.attrs.title === title && d.attrs.type === type)?.attrs.key]));
  assert.ok(Object.values(sections).every(Boolean), `the fixture's sections: ${JSON.stringify(sections)}`);
});

test('CT folders(): each section, walked folder by folder with subfolders(), reaches every file once', async () => {
  await via(CT, 'GET /', () => server.connect());
  const library = await via(CT, 'GET /library', () => server.library());
  // CT 3.12.1 builds movie, show and music sections only; the gotchas' extra films section is not the fixture's.
  const all = await via(CT, 'GET /library/sections', () => library.sections());
  const fixture = all.filter(s => s.title === SECTION_TITLES[s.type]);
  assert.deepEqual(sorted(fixture.map(s => s.type)), ['artist', 'movie', 'show'], `[${CT}] the fixture's sections`);
  for (const section of fixture) {
    const leaves = [];
    const walk = async (folders, depth) => {
      for (const f of folders) {
        if (f.key.startsWith('/library/metadata')) {
          leaves.push(f.title);
        } else {
          check(depth < 6, CT, f.key, 'folders nested deeper than the fixture');
          await walk(await via(CT, `GET ${f.key}`, () => f.subfolders()), depth + 1);
        }
      }
    };
    await walk(await via(CT, `GET /library/sections/${section.key}/folder`, () => section.folders()), 0);
    check(leaves.length === LEAVES[section.type], CT, `folders() of ${section.title}`, `${leaves.length} items, expected ${LEAVES[section.type]}`);
    if (section.type === 'movie') {
      assert.deepEqual(sorted(leaves), sorted(MOVIES), `[${CT}] the films By Folder`);
    }
  }
});

test('PY: every directory GET /library/sections/{id} lists answers, for each section type', async () => {
  for (const [type, key] of Object.entries(sections)) {
    const dirs = findall(await pyGet(`/library/sections/${key}`), 'Directory');
    const keys = dirs.map(d => d.attrs.key);
    for (const want of ['all', 'recentlyAdded', 'folder']) {
      check(keys.includes(want), PY, `GET /library/sections/${key}`, `${type}: no "${want}" among ${keys.join(', ')}`);
    }
    check(dirs.some(d => d.attrs.secondary === '1') && dirs.some(d => d.attrs.search === '1'), PY, `GET /library/sections/${key}`,
      `${type}: no secondary or search directory`);
    for (const d of dirs) {
      const res = await request(PY, 'GET', `/library/sections/${key}/${d.attrs.key}`);
      check(res.status === 200, PY, `GET /library/sections/${key}/${d.attrs.key}`, `${res.status} for the "${d.attrs.title}" it lists`);
    }
  }
  const found = findall(await pyGet(`/library/sections/${sections.movie}/search?type=1&query=${encodeURIComponent('sint')}`), 'Video');
  assert.deepEqual(found.map(v => v.attrs.title), ['Sintel'], `[${PY}] the search prompt's answer`);
  const albums = findall(await pyGet(`/library/sections/${sections.artist}/albums`), 'Directory');
  assert.deepEqual(sorted(albums.map(a => a.attrs.title)), sorted(ALBUMS), `[${PY}] By Album`);
});

test('PY photos: top-level albums, the albums nested in them, and their photos', async () => {
  const top = findall(await pyGet(`/library/sections/${sections.photo}/all`), 'Directory');
  assert.deepEqual(sorted(top.map(a => a.attrs.title)), sorted(Object.keys(PHOTO_ALBUMS)), `[${PY}] the photo section's albums`);
  const walk = async (albumKey, want, path) => {
    const mc = await pyGet(`/library/metadata/${albumKey}/children`);
    const photos = findall(mc, 'Photo');
    const nested = findall(mc, 'Directory');
    check(photos.length === want.photos, PY, `GET /library/metadata/${albumKey}/children`, `${path}: ${photos.length} photos, expected ${want.photos}`);
    assert.deepEqual(sorted(nested.map(n => n.attrs.title)), sorted(Object.keys(want.albums)), `[${PY}] ${path}: nested albums`);
    for (const n of nested) {
      check(n.attrs.type === 'photo' && n.attrs.parentRatingKey === albumKey, PY, `${path}/${n.attrs.title}`,
        `type ${n.attrs.type}, parentRatingKey ${n.attrs.parentRatingKey}`);
      await walk(n.attrs.ratingKey, want.albums[n.attrs.title], `${path}/${n.attrs.title}`);
    }
  };
  for (const album of top) {
    await walk(album.attrs.ratingKey, PHOTO_ALBUMS[album.attrs.title], album.attrs.title);
  }
  const all = findall(await pyGet(`/library/sections/${sections.photo}/all?type=13`), 'Photo');
  check(all.length === LEAVES.photo, PY, `…/all?type=13`, `${all.length} photos, expected ${LEAVES.photo}`);
});

test('PY show.onDeck() and album.hubs(): the full reload with includeOnDeck=1&includeRelated=1', async () => {
  // Les Héros du Quotidien is watched by no other flow: nothing played, so On Deck is S01E01, not the special.
  const title = 'Les Héros du Quotidien';
  const show = findall(await pyGet(`/library/sections/${sections.show}/all?title=${encodeURIComponent(title)}`), 'Directory')[0];
  const full = find(await pyGet(`/library/metadata/${show.attrs.ratingKey}?includeOnDeck=1&includeRelated=1`), 'Directory');
  const deck = findall(find(full, 'OnDeck') ?? { children: [] }, 'Video');
  check(deck.length === 1 && deck[0].attrs.parentIndex === '1' && deck[0].attrs.index === '1', PY, `GET /library/metadata/${show.attrs.ratingKey}?includeOnDeck=1`,
    `On Deck ${deck.map(v => `S${v.attrs.parentIndex}E${v.attrs.index}`).join(',') || 'none'}, expected S1E1`);

  const album = findall(await pyGet(`/library/sections/${sections.artist}/all?type=9&title=${encodeURIComponent('Homogénie')}`), 'Directory')[0];
  const reloaded = find(await pyGet(`/library/metadata/${album.attrs.ratingKey}?includeOnDeck=1&includeRelated=1`), 'Directory');
  const hubs = findall(find(reloaded, 'Related') ?? { children: [] }, 'Hub');
  const byTitle = Object.fromEntries(hubs.map(h => [h.attrs.title, findall(h, 'Directory').map(d => d.attrs.title)]));
  assert.deepEqual(byTitle['More by Björk Tribute Band'], ['Post Scriptum'], `[${PY}] album.hubs(): more by the artist`);
  // Every track carries the genre "Demo" (make-media.sh), so every other album is like it.
  assert.deepEqual(sorted(byTitle['Similar Albums'] ?? []), sorted(ALBUMS.filter(a => a !== 'Homogénie')), `[${PY}] album.hubs(): similar albums`);
});

test('JS: getFolders, getRelatedItems, listSimilar, getFirstCharacters, getSectionFilters and getAvailableSorts validate', async () => {
  const music = Number(sections.artist);
  const folders = await via(JS, `GET /library/sections/${music}/location`, () => sdk.content.getFolders({ sectionId: music }));
  const roots = folders.object?.mediaContainer?.directory ?? [];
  check(roots.length === 1 && roots[0].title.endsWith('/Music') && roots[0].key.includes('/folder?parent='), JS,
    `GET /library/sections/${music}/location`, JSON.stringify(roots));
  const opened = await request(JS, 'GET', roots[0].key, { headers: { Accept: 'application/json' } });
  check(opened.status === 200, JS, `GET ${roots[0].key}`, `${opened.status}`);

  const album = findall(await pyGet(`/library/sections/${music}/all?type=9&title=${encodeURIComponent('Post Scriptum')}`), 'Directory')[0];
  const related = await via(JS, `GET /library/metadata/${album.attrs.ratingKey}/related`, () => sdk.library.getRelatedItems({ ids: album.attrs.ratingKey }));
  const hubs = related.object?.mediaContainer?.hub ?? [];
  check(hubs.some(h => h.hubIdentifier === 'album.artist' && h.metadata?.some(m => m.title === 'Homogénie')), JS,
    `GET /library/metadata/${album.attrs.ratingKey}/related`, `hubs ${hubs.map(h => h.hubIdentifier).join(', ')}`);
  const similar = await via(JS, `GET /library/metadata/${album.attrs.ratingKey}/similar`, () => sdk.library.listSimilar({ ids: album.attrs.ratingKey }));
  const alike = similar.mediaContainerWithMetadata?.mediaContainer?.metadata ?? [];
  assert.deepEqual(sorted(alike.map(m => m.title)), sorted(ALBUMS.filter(a => a !== 'Post Scriptum')), `[${JS}] listSimilar`);

  const letters = await via(JS, `GET /library/sections/${music}/firstCharacters`, () => sdk.library.getFirstCharacters({ sectionId: music }));
  const dirs = letters.object?.mediaContainer?.directory ?? [];
  check(dirs.reduce((n, d) => n + Number(d.size), 0) === Object.keys(ARTISTS).length, JS, `GET /library/sections/${music}/firstCharacters`, JSON.stringify(dirs));
  const filters = await via(JS, `GET /library/sections/${music}/filters`, () => sdk.library.getSectionFilters({ sectionId: music }));
  check((filters.object?.mediaContainer?.directory ?? []).some(d => d.filter === 'genre'), JS, `GET /library/sections/${music}/filters`, 'no genre filter');
  const sorts = await via(JS, `GET /library/sections/${music}/sorts`, () => sdk.library.getAvailableSorts({ sectionId: music }));
  check((sorts.object?.mediaContainer?.directory ?? []).some(d => d.key === 'titleSort'), JS, `GET /library/sections/${music}/sorts`, 'no titleSort');
});

test('CT music playlist and PY smart playlists over cross-type fields (artist.title, album.year)', async () => {
  const music = sections.artist;
  const artist = 'Björk Tribute Band';
  const tracks = findall(await pyGet(`/library/sections/${music}/all?type=10&artist.title=${encodeURIComponent(artist)}`), 'Track');
  check(tracks.length === ARTISTS[artist].tracks, PY, `…/all?type=10&artist.title=`, `${tracks.length} tracks of ${artist}`);

  await via(CT, 'GET /', () => server.connect());
  const items = tracks.slice(0, 2).map(t => ({ ratingKey: t.attrs.ratingKey, listType: 'audio' }));
  const pl = await via(CT, 'POST /playlists (audio)', () => Playlist.create(server, 'Compat Music', { items }));
  try {
    check(pl.playlistType === 'audio' && !pl.smart, CT, 'POST /playlists', `playlistType ${pl.playlistType}, smart ${pl.smart}`);
    const listed = await via(CT, `GET /playlists/${pl.ratingKey}/items`, () => pl.items());
    assert.deepEqual(listed.map(t => t.title), tracks.slice(0, 2).map(t => t.attrs.title), `[${CT}] the music playlist's tracks`);
  } finally {
    await via(CT, `DELETE /playlists/${pl.ratingKey}`, () => pl.delete());
  }

  const mid = (await pyGet('/')).attrs.machineIdentifier;
  const smart = async (title, query, want) => {
    const uri = `server://${mid}/com.plexapp.plugins.library/library/sections/${music}/all?${query}`;
    const made = find(await pyGet(`/playlists?type=audio&title=${encodeURIComponent(title)}&smart=1&uri=${encodeURIComponent(uri)}`, {}, 'POST'), 'Playlist');
    try {
      check(made.attrs.smart === '1' && made.attrs.playlistType === 'audio', PY, 'POST /playlists?smart=1', JSON.stringify(made.attrs));
      const got = findall(await pyGet(`/playlists/${made.attrs.ratingKey}/items`), 'Track').map(t => t.attrs.title);
      assert.deepEqual(sorted(got), sorted(want), `[${PY}] smart playlist "${title}" (${query})`);
    } finally {
      expectStatus(PY, await request(PY, 'DELETE', `/playlists/${made.attrs.ratingKey}`), 200, 204);
    }
  };
  await smart('Compat by artist', `type=10&artist.title=${encodeURIComponent(artist)}`, tracks.map(t => t.attrs.title));
  // Albums of 2019 or later: 東京 Nights (both discs), 大阪 Mornings and the compilation.
  const recent = findall(await pyGet(`/library/sections/${music}/all?type=10`), 'Track')
    .filter(t => ['東京 Nights', '大阪 Mornings', 'Summer Mix'].includes(t.attrs.parentTitle)).map(t => t.attrs.title);
  await smart('Compat recent albums', 'type=10&album.year>>=2018', recent);
});

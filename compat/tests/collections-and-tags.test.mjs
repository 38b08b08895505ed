// Collections, tag hubs, filter choice lists and paged playlist items (issue 3), through @ctrl/plex (JSON),
// @lukehagar/plexjs (JSON checked by its zod schemas) and the raw XML python-plexapi sends and parses. Every
// collection and playlist made here is deleted again, so the other files see the library as the fixture made it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { PlexServer } from '@ctrl/plex';
import { PlexAPI } from '@lukehagar/plexjs';
import { MediaContainerWithMetadata$inboundSchema } from '@lukehagar/plexjs/sdk/models/shared/index.js';
import { BASE, TOKEN, CT, JS, PY, PY_HEADERS, check, via, request, expectStatus, getJson, pyGet } from '../lib/plex.mjs';
import { find, findall } from '../lib/xml.mjs';
import { MOVIES, ARTISTS, SECTION_TITLES, TODO } from '../lib/fixture.mjs';

const server = new PlexServer(BASE, TOKEN);
const sdk = new PlexAPI({ serverURL: BASE, token: TOKEN, clientIdentifier: 'compat-collections-0001', product: 'Compat', version: '0.43.0' });
const GENRE = 'Demo'; // scripts/make-media.sh tags every track (and so its album) with it
const ALBUMS = Object.values(ARTISTS).flatMap(a => a.albums).sort();

let mid, movies, music, films;
const uri = keys => `server://${mid}/com.plexapp.plugins.library/library/metadata/${keys}`;

before(async () => {
  await via(CT, 'GET /', () => server.connect());
  mid = server.machineIdentifier;
  const sections = await via(CT, 'GET /library/sections', async () => (await server.library()).sections());
  movies = sections.find(s => s.title === SECTION_TITLES.movie);
  music = sections.find(s => s.title === SECTION_TITLES.artist);
  films = Object.fromEntries((await getJson(CT, `/library/sections/${movies.key}/all`)).Metadata.map(m => [m.title, m.ratingKey]));
});

test('JS+CT collections: create, list, items, add, remove and delete', { todo: TODO.collectionsClients }, async () => {
  const [a, b, c] = MOVIES.map(t => films[t]);
  const made = await via(JS, 'POST /library/collections', () => sdk.collections.createCollection({
    sectionId: String(movies.key), title: 'Compat Classics', smart: false, type: 1, uri: uri(`${a},${b}`) }));
  const created = made.mediaContainerWithMetadata?.mediaContainer?.metadata?.[0];
  // plexjs's schema has no childCount on a collection: zod moves it to additionalProperties.
  check(created?.type === 'collection' && created.subtype === 'movie' && (created.childCount ?? created.additionalProperties?.childCount) === 2, JS, 'POST /library/collections', JSON.stringify(created));
  const id = created.ratingKey;
  try {
    const listed = await via(JS, `GET /library/sections/${movies.key}/collections`, () => sdk.library.getCollections({ sectionId: Number(movies.key) }));
    const mine = listed.mediaContainerWithMetadata?.mediaContainer?.metadata?.find(m => m.ratingKey === id);
    check(mine?.title === 'Compat Classics' && mine.key === `/library/collections/${id}/children`, JS, 'GET …/collections', JSON.stringify(mine));

    // @ctrl/plex: section.collections() searches libtype=collection, collection.items() reads /library/metadata/{id}/children.
    const cts = await via(CT, `GET /library/sections/${movies.key}/all?type=18`, () => movies.collections());
    const ct = cts.find(x => x.ratingKey === id);
    check(ct?.title === 'Compat Classics' && ct.size === 2, CT, '…/all?type=18', `collections ${JSON.stringify(cts.map(x => [x.title, x.childCount]))}`);
    const ctItems = await via(CT, `GET /library/metadata/${id}/children`, () => ct.items());
    assert.deepEqual(ctItems.map(m => m.title).sort(), [MOVIES[0], MOVIES[1]].sort(), `[${CT}] collection.items() differs`);

    await via(JS, `PUT /library/collections/${id}/items`, () => sdk.libraryCollections.addCollectionItems({ collectionId: Number(id), uri: uri(c) }));
    const three = await via(JS, `GET /library/collections/${id}/items`, () => sdk.content.getCollectionItems({ collectionId: Number(id) }));
    assert.deepEqual(three.mediaContainerWithMetadata.mediaContainer.metadata.map(m => m.title).sort(), [...MOVIES].sort(), `[${JS}] items after add`);
    await via(JS, `DELETE /library/collections/${id}/items/${a}`, () => sdk.libraryCollections.deleteCollectionItem({ collectionId: Number(id), itemId: Number(a) }));

    // python-plexapi: the item carries <Collection tag>, collection=ID filters, editTitle renames.
    const film = find(await pyGet(`/library/metadata/${b}`), 'Video');
    const tag = find(film, 'Collection');
    check(tag?.attrs.tag === 'Compat Classics', PY, `GET /library/metadata/${b}`, `<Collection> ${JSON.stringify(tag?.attrs)}`);
    const filtered = findall(await pyGet(`/library/sections/${movies.key}/all?type=1&includeCollections=1&${tag.attrs.filter}`), 'Video');
    assert.deepEqual(filtered.map(v => v.attrs.title).sort(), [MOVIES[1], MOVIES[2]].sort(), `[${PY}] …/all?${tag.attrs.filter}`);
    expectStatus(PY, await request(PY, 'PUT', `/library/sections/${movies.key}/all?type=18&id=${id}&title.value=Compat%20Favourites`, { headers: PY_HEADERS }), 200);
    const dir = find(await pyGet(`/library/collections/${id}`), 'Directory');
    check(dir?.attrs.type === 'collection' && dir.attrs.title === 'Compat Favourites' && dir.attrs.childCount === '2', PY, `GET /library/collections/${id}`, JSON.stringify(dir?.attrs));
    const meta = find(await pyGet(`/library/sections/${movies.key}/collections?includeMeta=1&includeAdvanced=1`, { 'X-Plex-Container-Start': '0', 'X-Plex-Container-Size': '0' }), 'Meta');
    check(find(meta ?? { children: [] }, 'Type')?.attrs.type === 'collection', PY, '…/collections?includeMeta=1', 'no <Meta><Type type="collection">');
  } finally {
    await via(JS, `DELETE /library/sections/${movies.key}/collection/${id}`, () => sdk.library.deleteCollection({ sectionId: Number(movies.key), collectionId: Number(id) }));
  }
  expectStatus(PY, await request(PY, 'GET', `/library/collections/${id}`, { headers: PY_HEADERS }), 404);
});

test('CT+JS+PY search hubs: genre tag hub, collection and playlist hubs', { todo: TODO.collectionsClients }, async () => {
  const res = expectStatus(CT, await request(CT, 'POST', `/library/collections?type=1&title=Compat%20Noir&smart=0&sectionId=${movies.key}&uri=${encodeURIComponent(uri(films[MOVIES[0]]))}`, { headers: { Accept: 'application/json' } }), 200);
  const collId = res.json().MediaContainer.Metadata[0].ratingKey;
  const pl = expectStatus(CT, await request(CT, 'POST', `/playlists?type=video&title=Compat%20Noir%20Night&smart=0&uri=${encodeURIComponent(uri(films[MOVIES[1]]))}`, { headers: { Accept: 'application/json' } }), 200);
  const plId = pl.json().MediaContainer.Metadata[0].ratingKey;
  try {
    // @ctrl/plex's Hub objects keep no Directory children, so the tag hub is read from the JSON it fetches.
    const hubs = (await getJson(CT, `/hubs/search?query=${encodeURIComponent(GENRE.toUpperCase())}`)).Hub ?? [];
    const genre = hubs.find(h => h.type === 'genre');
    const entry = genre?.Directory?.[0];
    check(entry?.tag === GENRE && entry.tagType === 1 && entry.filter === `genre=${entry.id}` && String(entry.librarySectionID) === String(music.key), CT, '/hubs/search', `genre hub ${JSON.stringify(genre)}`);
    const albums = (await getJson(CT, entry.key)).Metadata.map(m => m.title).sort();
    assert.deepEqual(albums, ALBUMS, `[${CT}] the genre entry's key ${entry.key} lists other items`);

    const found = await via(JS, 'GET /hubs/search?query=compat noir', () => sdk.search.searchHubs({ query: 'compat noir' }));
    const jsHubs = found.object?.mediaContainer?.hub ?? found.mediaContainerWithHubs?.mediaContainer?.hub ?? [];
    const byType = Object.fromEntries(jsHubs.map(h => [h.type, h]));
    check(byType.collection?.metadata?.[0]?.ratingKey === collId, JS, '/hubs/search', `collection hub ${JSON.stringify(byType.collection)}`);
    check(byType.playlist?.metadata?.[0]?.ratingKey === plId, JS, '/hubs/search', `playlist hub ${JSON.stringify(byType.playlist)}`);

    const xml = await pyGet('/hubs/search?query=compat%20noir');
    const xmlHubs = Object.fromEntries(findall(xml, 'Hub').map(h => [h.attrs.type, h]));
    check(find(xmlHubs.collection ?? { children: [] }, 'Directory')?.attrs.type === 'collection', PY, '/hubs/search', 'no <Directory type="collection"> in the collection hub');
    check(find(xmlHubs.playlist ?? { children: [] }, 'Playlist')?.attrs.title === 'Compat Noir Night', PY, '/hubs/search', 'no <Playlist> in the playlist hub');
  } finally {
    expectStatus(CT, await request(CT, 'DELETE', `/library/collections/${collId}`), 200);
    expectStatus(CT, await request(CT, 'DELETE', `/playlists/${plId}`), 200, 204);
  }
});

test('PY+CT filter choices: the <Filter> keys of includeMeta=1 answer, and their choices filter', async () => {
  // python-plexapi's listFilterChoices: the Filter key from <Meta>, then the choice's key sent back.
  const mc = await pyGet(`/library/sections/${music.key}/all?includeMeta=1&includeAdvanced=1`, { 'X-Plex-Container-Start': '0', 'X-Plex-Container-Size': '0' });
  const albumType = findall(find(mc, 'Meta'), 'Type').find(t => t.attrs.type === 'album');
  const filter = findall(albumType, 'Filter').find(f => f.attrs.filter === 'genre');
  check(filter?.attrs.key, PY, '…/all?includeMeta=1', 'no genre <Filter> for albums');
  const choices = findall(await pyGet(filter.attrs.key), 'Directory');
  assert.deepEqual(choices.map(c => c.attrs.title), [GENRE], `[${PY}] GET ${filter.attrs.key}: choices differ`);
  const albums = findall(await pyGet(`/library/sections/${music.key}/all?type=9&genre=${choices[0].attrs.key}`), 'Directory');
  assert.deepEqual(albums.map(a => a.attrs.title).sort(), ALBUMS, `[${PY}] genre=${choices[0].attrs.key} lists other albums`);
  expectStatus(PY, await request(PY, 'GET', `/library/sections/${music.key}/shoeSize`, { headers: PY_HEADERS }), 404);

  // @ctrl/plex 3.12.1's getFilterType cannot parse any <Meta> (its findItems iterates a JSON object), so the JSON
  // vocabulary is read as it would be and the key fetched through its own transport.
  const jsonMeta = (await getJson(CT, `/library/sections/${music.key}/all?includeMeta=1&X-Plex-Container-Size=0`)).Meta;
  const ctFilter = jsonMeta.Type.find(t => t.type === 'album').Filter.find(f => f.filter === 'genre');
  const ctChoices = (await via(CT, ctFilter.key, () => server.query(ctFilter.key))).MediaContainer.Directory;
  check(ctChoices?.[0]?.title === GENRE && typeof ctChoices[0].fastKey === 'string', CT, ctFilter.key, JSON.stringify(ctChoices));
  const fast = (await getJson(CT, ctChoices[0].fastKey)).Metadata.map(m => m.title).sort();
  assert.deepEqual(fast, ALBUMS, `[${CT}] ${ctChoices[0].fastKey} lists other albums`);
});

test('JS+PY paged playlist items: query and header forms, totalSize and offset', async () => {
  const keys = MOVIES.map(t => films[t]);
  const made = expectStatus(JS, await request(JS, 'POST', `/playlists?type=video&title=Compat%20Paged&smart=0&uri=${encodeURIComponent(uri(keys.join(',')))}`, { headers: { Accept: 'application/json' } }), 200);
  const id = made.json().MediaContainer.Metadata[0].ratingKey;
  try {
    // getPlaylistItems has no paging parameters: the paged answer goes through the schema it validates with.
    const all = await via(JS, `GET /playlists/${id}/items`, () => sdk.playlist.getPlaylistItems({ playlistId: Number(id) }));
    check(all.mediaContainerWithMetadata?.mediaContainer?.totalSize === keys.length, JS, `GET /playlists/${id}/items`, 'no totalSize');
    const res = expectStatus(JS, await request(JS, 'GET', `/playlists/${id}/items?X-Plex-Container-Start=1&X-Plex-Container-Size=1`, { headers: { Accept: 'application/json' } }), 200);
    const parsed = MediaContainerWithMetadata$inboundSchema.safeParse(res.json());
    check(parsed.success, JS, res.endpoint, `fails plexjs's MediaContainerWithMetadata schema: ${parsed.error?.issues?.slice(0, 3).map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const q = parsed.data.mediaContainer;
    check(q.size === 1 && q.totalSize === keys.length && q.offset === 1 && q.metadata?.[0]?.ratingKey === keys[1], JS, res.endpoint, `size=${q.size} totalSize=${q.totalSize} offset=${q.offset}`);
    const xml = await pyGet(`/playlists/${id}/items`, { 'X-Plex-Container-Start': '2', 'X-Plex-Container-Size': '100' });
    check(xml.attrs.totalSize === String(keys.length) && xml.attrs.offset === '2' && findall(xml, 'Video').map(v => v.attrs.ratingKey).join() === keys[2], PY, `GET /playlists/${id}/items (header paging)`, JSON.stringify(xml.attrs));
  } finally {
    expectStatus(JS, await request(JS, 'DELETE', `/playlists/${id}`), 200, 204);
  }
});

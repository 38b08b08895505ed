// What scripts/make-media.sh puts in the library, i.e. what a user would expect to see after the scans.
// Every count here is derived from that script; change both together.
export const MOVIES = ['Amélie', 'Big Buck Bunny', 'Sintel']; // "Broken (2020).mp4" must be skipped
export const SHOWS = {
  'Night Shift': { seasons: [1, 2, 3], episodes: 7 }, // S01-S02 × 3, plus S03E01 "Pilot Redux" in the show folder
  'Les Héros du Quotidien': { seasons: [0, 1, 2, 3], episodes: 7 }, // plus S00E01 "Les Coulisses" in Specials/
};
export const ARTISTS = {
  'Björk Tribute Band': { albums: ['Homogénie', 'Post Scriptum'], tracks: 5 },
  '坂本 Ensemble': { albums: ['大阪 Mornings', '東京 Nights'], tracks: 4 }, // 東京 Nights has a second disc
  'Various Artists': { albums: ['Summer Mix'], tracks: 2 }, // a compilation: its tracks name their own artists
};
// Top-level photo albums: their own photos and the albums nested in them.
export const PHOTO_ALBUMS = {
  'Holiday 2023': { photos: 3, albums: { Plage: { photos: 1, albums: {} } } },
  Famille: { photos: 2, albums: {} },
};

// The video stub: 20 s, 320x180 H.264 High (10-s GOPs, B-frames), two AAC stereo tracks (eng, fra) and an
// English mov_text subtitle track, in mp4.
export const STUB = {
  width: 320, height: 180, videoCodec: 'h264', audioCodec: 'aac', durationMs: 20000,
  audioLanguages: ['eng', 'fra'], subtitleLanguages: ['eng'], keyFrameSeconds: 10,
};

/**
 * Which movie each client's state-changing flows use, so that watch state, sessions and history of one
 * client never leak into another client's assertions (the files run one after another on one library).
 */
export const MOVIE_FOR = {
  ct: 'Big Buck Bunny',
  np: 'Sintel',
  js: 'Amélie',
};
// python-plexapi's flows use episodes of Night Shift (its season 1), gotchas use season 2.
export const PY_SHOW = 'Night Shift';

/** Which section types the fixture folders become (run.sh creates them). */
export const SECTION_TITLES = { movie: 'Movies', show: 'TV Shows', artist: 'Music', photo: 'Photos' };

/** Pending server work: flows whose endpoints are not served yet stay in the suite as node:test todos. */
export const TODO = {
  playlists: undefined,
  playQueues: undefined,
  // Served by the stream branch (issue 5): kept as keys so a regression can be parked the same way.
  timeline: undefined,
  history: undefined,
  transcode: undefined,
  // A server bug: the master playlist's relative URIs (session/{id}/base/index.m3u8) do not carry the token and
  // the gateway answers 401 for them, so a player given only the stream URL cannot play it.
  // Fixed on main: the gateway lets a session's playlist and segments through on the session id alone.
  playerUrl: undefined,
  // The collection/tag-hub client flows: fixed in the tests, and the server now also removes a collection item by
  // PUT (plexjs, as the community spec says) as well as DELETE; both flows pass (2026-11-22, 19:08).
  collectionsClients: undefined,
  // Fixed on main by 93fb46f (library-service: hidden is a boolean); the key stays for parking a regression.
  sectionHidden: undefined,
};

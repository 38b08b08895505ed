#!/usr/bin/env bash
# make-media.sh OUT_DIR — generate a small demo media library with ffmpeg, in seconds.
#
# Used by `./cinemesh up` when no media folder is given, and by tests that need a known library.
# Speed comes from encoding exactly one video stub and one audio stub, then remuxing them per file with
# `-c copy` and different tags (~0.1 s a file). The layout follows Plex naming conventions, with a few
# deliberate edge cases: accented/non-ASCII names, two TV episode naming forms, a folder-form album,
# and exactly one broken file a scanner must skip.
#
# Caching: OUT_DIR/.cinemesh-media-stamp holds the hash of this script; when it matches, nothing is done.
# Change the script and the library is rebuilt from scratch.
set -euo pipefail

usage() { echo "usage: $0 OUT_DIR" >&2; exit 2; }
[[ $# -eq 1 && -n "$1" ]] || usage
out=$1

command -v ffmpeg >/dev/null || { echo "make-media: ffmpeg is not installed (apt-get install -y ffmpeg)" >&2; exit 1; }

self_hash=$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)
stamp="$out/.cinemesh-media-stamp"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$self_hash" ]]; then
  exit 0
fi

# Never replace a folder we did not make: only an empty/missing OUT_DIR or one with our (stale) stamp.
if [[ -d "$out" && ! -f "$stamp" && -n "$(ls -A "$out")" ]]; then
  echo "make-media: $out exists and was not made by this script; refusing to replace it" >&2
  exit 1
fi

# Build into a sibling temp dir and swap it in at the end, so an interrupted run never leaves a
# half-made library behind a valid stamp.
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d "${out%/}.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

# --- the two stubs -------------------------------------------------------------------------------------
# 20 s of 320x180 test pattern, shaped like people's files rather than the easiest encode: H.264 High with a
# key frame every 10 s (x264's default GOP at 24 fps, no scene cuts) and B-frames, two AAC-LC tracks (English,
# French) and an English mov_text subtitle track, in mp4 with faststart. Every Plex client direct-plays it; a
# direct stream must cut it on those 10-s key frames.
stub_v="$tmp/.stub.mp4"
printf '1\n00:00:01,000 --> 00:00:04,000\nHello.\n\n2\n00:00:12,000 --> 00:00:15,000\nStill here.\n' > "$tmp/.stub.srt"
ff -f lavfi -i "testsrc2=size=320x180:rate=24:duration=20" \
   -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=20" \
   -f lavfi -i "sine=frequency=660:sample_rate=48000:duration=20" \
   -i "$tmp/.stub.srt" \
   -map 0:v -map 1:a -map 2:a -map 3:s \
   -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p -g 240 -keyint_min 240 -sc_threshold 0 -bf 3 \
   -c:a aac -b:a 64k -ac 2 -c:s mov_text \
   -metadata:s:a:0 language=eng -metadata:s:a:1 language=fra -metadata:s:s:0 language=eng \
   -movflags +faststart "$stub_v"
rm -f "$tmp/.stub.srt"
# 3 s of a 440 Hz tone as MP3 (id3v2.3 tags, which every tagger reads).
stub_a="$tmp/.stub.mp3"
ff -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=3" -c:a libmp3lame -b:a 96k "$stub_a"

video() { # video REL_PATH TITLE [extra ffmpeg metadata args...]
  local rel=$1 title=$2; shift 2
  mkdir -p "$tmp/$(dirname "$rel")"
  ff -i "$stub_v" -map 0 -c copy -movflags +faststart -metadata title="$title" "$@" "$tmp/$rel"
}

track() { # track REL_PATH TITLE ARTIST ALBUM_ARTIST ALBUM TRACK DISC YEAR [extra ffmpeg metadata args...]
  local rel=$1
  mkdir -p "$tmp/$(dirname "$rel")"
  ff -i "$stub_a" -map 0 -c copy -id3v2_version 3 \
     -metadata title="$2" -metadata artist="$3" -metadata album_artist="$4" -metadata album="$5" \
     -metadata track="$6" -metadata disc="$7" -metadata date="$8" -metadata genre="Demo" "${@:9}" "$tmp/$rel"
}

photo() { # photo REL_PATH LAVFI_SOURCE — a single small JPEG frame
  local rel=$1
  mkdir -p "$tmp/$(dirname "$rel")"
  ff -f lavfi -i "$2" -frames:v 1 -q:v 5 "$tmp/$rel"
}

# --- Movies ----------------------------------------------------------------------------------------------
video "Movies/Big Buck Bunny (2008).mp4"  "Big Buck Bunny"  -metadata date=2008
video "Movies/Sintel (2010).mp4"          "Sintel"          -metadata date=2010
video "Movies/Amélie (2001).mp4"          "Amélie"          -metadata date=2001
# The one broken file: an .mp4 name over bytes no demuxer accepts.
head -c 4096 /dev/urandom > "$tmp/Movies/Broken (2020).mp4"

# --- TV Shows (two naming forms) ---------------------------------------------------------------------------
for s in 1 2; do
  for e in 1 2 3; do
    ep=$(printf 'S%02dE%02d' "$s" "$e")
    video "TV Shows/Night Shift/Season $s/Night Shift - $ep - Episode $e.mp4" "Episode $e" \
      -metadata show="Night Shift" -metadata season_number="$s" -metadata episode_sort="$e"
  done
done
# Bare SxxEyy file names, with the show taken from the folder.
for s in 1 2 3; do
  for e in 1 2; do
    ep=$(printf 'S%02dE%02d' "$s" "$e")
    video "TV Shows/Les Héros du Quotidien/Season $s/$ep.mp4" "Épisode $e" \
      -metadata show="Les Héros du Quotidien" -metadata season_number="$s" -metadata episode_sort="$e"
  done
done
# Specials: season 0, in the folder name Plex uses for it.
video "TV Shows/Les Héros du Quotidien/Specials/S00E01.mp4" "Les Coulisses" \
  -metadata show="Les Héros du Quotidien" -metadata season_number=0 -metadata episode_sort=1
# The brief's other form: episodes straight in the show folder.
video "TV Shows/Night Shift/S03E01.mp4" "Pilot Redux" -metadata show="Night Shift"

# --- Music --------------------------------------------------------------------------------------------------
# Artist/Album/NN - Title.mp3
track "Music/Björk Tribute Band/Homogénie/01 - Jóga Redux.mp3"     "Jóga Redux"     "Björk Tribute Band" "Björk Tribute Band" "Homogénie" 1 1 1997
track "Music/Björk Tribute Band/Homogénie/02 - Hunter Again.mp3"   "Hunter Again"   "Björk Tribute Band" "Björk Tribute Band" "Homogénie" 2 1 1997
track "Music/Björk Tribute Band/Homogénie/03 - Bachelorette.mp3"   "Bachelorette"   "Björk Tribute Band" "Björk Tribute Band" "Homogénie" 3 1 1997
# A second album of the same artist.
track "Music/Björk Tribute Band/Post Scriptum/01 - Army of Us.mp3"  "Army of Us"     "Björk Tribute Band" "Björk Tribute Band" "Post Scriptum" 1 1 1999
track "Music/Björk Tribute Band/Post Scriptum/02 - Isobel Again.mp3" "Isobel Again"  "Björk Tribute Band" "Björk Tribute Band" "Post Scriptum" 2 1 1999
# "Artist - Album" folder form, non-Latin script, a second disc.
track "Music/坂本 Ensemble - 東京 Nights/01 - 始まり.mp3"   "始まり"    "坂本 Ensemble" "坂本 Ensemble" "東京 Nights" 1 1 2019
track "Music/坂本 Ensemble - 東京 Nights/02 - 夜明け.mp3"   "夜明け"    "坂本 Ensemble" "坂本 Ensemble" "東京 Nights" 2 1 2019
track "Music/坂本 Ensemble - 東京 Nights/2-01 - Encore.mp3" "Encore"    "坂本 Ensemble" "坂本 Ensemble" "東京 Nights" 1 2 2019
track "Music/坂本 Ensemble - 大阪 Mornings/01 - 朝.mp3"      "朝"        "坂本 Ensemble" "坂本 Ensemble" "大阪 Mornings" 1 1 2021
# A compilation: each track by its own artist, the album by "Various Artists".
track "Music/Compilations/Summer Mix/01 - Sunny.mp3"  "Sunny"  "Björk Tribute Band" "Various Artists" "Summer Mix" 1 1 2022 -metadata compilation=1
track "Music/Compilations/Summer Mix/02 - Breeze.mp3" "Breeze" "坂本 Ensemble"      "Various Artists" "Summer Mix" 2 1 2022 -metadata compilation=1

# --- Photos ---------------------------------------------------------------------------------------------------
photo "Photos/Holiday 2023/IMG_0001.jpg" "testsrc2=size=640x480:duration=1"
photo "Photos/Holiday 2023/IMG_0002.jpg" "smptebars=size=640x480:duration=1"
photo "Photos/Holiday 2023/IMG_0003.jpg" "color=c=steelblue:size=480x640:duration=1"
# A nested album, as phones and cameras export them by day.
photo "Photos/Holiday 2023/Plage/IMG_0101.jpg" "testsrc=size=640x480:duration=1"
photo "Photos/Famille/Noël.jpg"          "mandelbrot=size=640x480:end_pts=1"
photo "Photos/Famille/Été.jpg"           "color=c=orange:size=640x480:duration=1"

rm -f "$stub_v" "$stub_a"
chmod 755 "$tmp"  # mktemp makes it 0700; services may run as another user
echo "$self_hash" > "$tmp/.cinemesh-media-stamp"

# Swap in the finished library.
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT

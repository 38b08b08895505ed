-- Items of every kind in one table, with their hierarchy (show > season > episode, artist > album > track,
-- photo album > photo). `type` is the Plex type number (1 movie, 2 show, 3 season, 4 episode, 8 artist, 9 album,
-- 10 track, 13 photo, 14 photo album) so that `?type=` filters need no mapping.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;



CREATE TABLE item (
    id                      bigserial PRIMARY KEY,
    section_id              bigint      NOT NULL REFERENCES section (id) ON DELETE CASCADE,
    type                    integer    NOT NULL,
    parent_id               bigint REFERENCES item (id) ON DELETE CASCADE,
    grandparent_id          bigint REFERENCES item (id) ON DELETE CASCADE,
    -- For containers: how the scanner finds the same show/season/artist/album/photo album again.
    match_key               text,
    guid                    text        NOT NULL,
    title                   text        NOT NULL,
    -- lower-cased in Java (Locale.ROOT): case-insensitive, accent-preserving search and sort.
    title_search            text        NOT NULL,
    title_sort              text        NOT NULL,
    original_title          text,
    summary                 text,
    year                    integer,
    originally_available_at date,
    idx                     integer,
    parent_idx              integer,
    duration_ms             bigint,
    added_at                timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX item_container_match ON item (section_id, type, coalesce(parent_id, 0), match_key)
    WHERE match_key IS NOT NULL;
CREATE INDEX item_section_type_title_sort ON item (section_id, type, title_sort, id);
CREATE INDEX item_section_type_added_at ON item (section_id, type, added_at DESC, id);
CREATE INDEX item_section_type_year ON item (section_id, type, year, id);
CREATE INDEX item_type_added_at ON item (type, added_at DESC);
CREATE INDEX item_parent ON item (parent_id, idx);
CREATE INDEX item_grandparent ON item (grandparent_id);
CREATE INDEX item_title_search_trgm ON item USING gin (title_search gin_trgm_ops);

-- One file = one Media with one Part; the id is both the Media id and the Part id clients see.
CREATE TABLE media_part (
    id              bigserial PRIMARY KEY,
    item_id         bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    section_id      bigint      NOT NULL REFERENCES section (id) ON DELETE CASCADE,
    file            text        NOT NULL,
    size            bigint      NOT NULL,
    mtime_ms        bigint      NOT NULL,
    container       text,
    duration_ms     bigint,
    bitrate         integer,
    width           integer,
    height          integer,
    video_codec     text,
    video_profile   text,
    frame_rate      double precision,
    audio_codec     text,
    audio_channels  integer,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (section_id, file)
);
CREATE INDEX media_part_item ON media_part (item_id);

CREATE TABLE media_stream (
    id              bigserial PRIMARY KEY,
    part_id         bigint   NOT NULL REFERENCES media_part (id) ON DELETE CASCADE,
    idx             integer  NOT NULL,
    stream_type     integer NOT NULL,
    codec           text,
    profile         text,
    language        text,
    title           text,
    width           integer,
    height          integer,
    frame_rate      double precision,
    bit_depth       integer,
    channels        integer,
    channel_layout  text,
    sampling_rate   integer,
    bitrate         integer,
    is_default      boolean  NOT NULL DEFAULT false,
    forced          boolean  NOT NULL DEFAULT false,
    -- Sidecar subtitles: the file relative to the media root.
    file            text
);
CREATE INDEX media_stream_part ON media_stream (part_id, idx);

-- Files a scan could not read: recorded so a rescan skips them until they change.
CREATE TABLE scan_failure (
    section_id bigint      NOT NULL REFERENCES section (id) ON DELETE CASCADE,
    file       text        NOT NULL,
    size       bigint      NOT NULL,
    mtime_ms   bigint      NOT NULL,
    error      text        NOT NULL,
    failed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (section_id, file)
);

CREATE TABLE tag (
    id       bigserial PRIMARY KEY,
    tag_type integer NOT NULL,
    tag      text     NOT NULL,
    UNIQUE (tag_type, tag)
);
CREATE TABLE item_tag (
    item_id bigint NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    tag_id  bigint NOT NULL REFERENCES tag (id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, tag_id)
);
CREATE INDEX item_tag_tag ON item_tag (tag_id, item_id);

-- Small JPEGs, kept in PostgreSQL so that every replica serves them without shared scratch space.
CREATE TABLE artwork (
    item_id    bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    kind       text        NOT NULL CHECK (kind IN ('thumb', 'art')),
    source     text        NOT NULL,
    data       bytea       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, kind)
);

CREATE TABLE watch_state (
    user_id        bigint      NOT NULL,
    item_id        bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    view_count     integer     NOT NULL DEFAULT 0,
    view_offset_ms bigint      NOT NULL DEFAULT 0,
    last_viewed_at timestamptz,
    user_rating    double precision,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, item_id)
);
CREATE INDEX watch_state_item ON watch_state (item_id);
CREATE INDEX watch_state_in_progress ON watch_state (user_id, updated_at DESC) WHERE view_offset_ms > 0;

-- Event ids already applied (playback.events is delivered at least once).
CREATE TABLE consumed_event (
    id          uuid PRIMARY KEY,
    consumed_at timestamptz NOT NULL DEFAULT now()
);

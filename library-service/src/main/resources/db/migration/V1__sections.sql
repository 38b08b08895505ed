-- Library sections (Plex "libraries") and the folders each one scans.
CREATE TABLE section (
    id          bigserial PRIMARY KEY,
    uuid        uuid        NOT NULL UNIQUE,
    name        text        NOT NULL,
    type        text        NOT NULL CHECK (type IN ('movie', 'show', 'artist', 'photo')),
    agent       text        NOT NULL,
    scanner     text        NOT NULL,
    language    text        NOT NULL DEFAULT 'en-US',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    scanned_at  timestamptz
);

CREATE TABLE section_location (
    id         bigserial PRIMARY KEY,
    section_id bigint NOT NULL REFERENCES section (id) ON DELETE CASCADE,
    path       text   NOT NULL,
    UNIQUE (section_id, path)
);

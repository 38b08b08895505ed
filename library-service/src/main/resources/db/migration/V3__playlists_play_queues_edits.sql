-- Playlists belong to the user who made them. A smart playlist stores its section query and is evaluated on read.
CREATE TABLE playlist (
    id               bigserial PRIMARY KEY,
    user_id          bigint      NOT NULL,
    guid             text        NOT NULL,
    title            text        NOT NULL,
    summary          text        NOT NULL DEFAULT '',
    playlist_type    text        NOT NULL,
    smart            boolean     NOT NULL DEFAULT false,
    smart_section_id bigint REFERENCES section (id) ON DELETE CASCADE,
    smart_query      text,
    added_at         timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX playlist_user_title ON playlist (user_id, title);

CREATE TABLE playlist_item (
    id          bigserial PRIMARY KEY,
    playlist_id bigint  NOT NULL REFERENCES playlist (id) ON DELETE CASCADE,
    item_id     bigint  NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    position    integer NOT NULL
);
CREATE INDEX playlist_item_order ON playlist_item (playlist_id, position, id);
CREATE INDEX playlist_item_item ON playlist_item (item_id);

-- Play queues live here, not in memory, so any replica serves any queue.
CREATE TABLE play_queue (
    id                 bigserial PRIMARY KEY,
    user_id            bigint      NOT NULL,
    source_uri         text,
    playlist_id        bigint REFERENCES playlist (id) ON DELETE SET NULL,
    queue_type         text        NOT NULL,
    shuffled           boolean     NOT NULL DEFAULT false,
    repeat             integer     NOT NULL DEFAULT 0,
    continuous         boolean     NOT NULL DEFAULT false,
    version            integer     NOT NULL DEFAULT 1,
    selected_item_id   bigint,
    last_added_item_id bigint,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX play_queue_user ON play_queue (user_id, updated_at DESC);

CREATE TABLE play_queue_item (
    id                bigserial PRIMARY KEY,
    queue_id          bigint  NOT NULL REFERENCES play_queue (id) ON DELETE CASCADE,
    item_id           bigint  NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    position          integer NOT NULL,
    original_position integer NOT NULL
);
CREATE INDEX play_queue_item_order ON play_queue_item (queue_id, position, id);
CREATE INDEX play_queue_item_item ON play_queue_item (item_id);

-- Fields a user edited by hand; the scanner leaves them alone.
ALTER TABLE item ADD COLUMN locked_fields text[] NOT NULL DEFAULT '{}';

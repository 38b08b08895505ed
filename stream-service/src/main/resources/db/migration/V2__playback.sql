-- What a session shows in /status/sessions without asking library-service on every listing: the item's own
-- attributes as the owner of the session could see them when it started.
ALTER TABLE stream_session
    ADD COLUMN section_id             bigint,
    ADD COLUMN item_type              text,
    ADD COLUMN title                  text,
    ADD COLUMN item_attrs             text        NOT NULL DEFAULT '{}',
    ADD COLUMN watched                boolean     NOT NULL DEFAULT false,
    ADD COLUMN last_progress_event_at timestamptz,
    ADD COLUMN decision               text        NOT NULL DEFAULT 'directplay',
    ADD COLUMN transcode_session_id   text;

-- Play history: a row each time a viewer crosses the watched threshold.
CREATE TABLE play_history (
    id                bigserial PRIMARY KEY,
    user_id           bigint      NOT NULL,
    user_name         text        NOT NULL,
    rating_key        text        NOT NULL,
    section_id        bigint,
    item_type         text,
    title             text,
    item_attrs        text        NOT NULL DEFAULT '{}',
    client_identifier text,
    device_name       text,
    viewed_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX play_history_viewed_at ON play_history (viewed_at DESC);
CREATE INDEX play_history_user ON play_history (user_id, viewed_at DESC);
CREATE INDEX play_history_item ON play_history (rating_key);

-- A transcode session's parameters, so that any replica can produce any of its segments.
CREATE TABLE transcode_session (
    id                 text PRIMARY KEY,
    user_id            bigint      NOT NULL,
    user_name          text        NOT NULL,
    rating_key         text        NOT NULL,
    part_id            bigint      NOT NULL,
    file               text        NOT NULL,
    kind               text        NOT NULL CHECK (kind IN ('video', 'music')),
    decision           text        NOT NULL CHECK (decision IN ('copy', 'transcode')),
    video_decision     text,
    audio_decision     text        NOT NULL,
    source_container   text,
    source_video_codec text,
    source_audio_codec text,
    width              int,
    height             int,
    video_bitrate_kbps int,
    audio_bitrate_kbps int         NOT NULL,
    audio_channels     int         NOT NULL,
    duration_ms        bigint      NOT NULL,
    offset_ms          bigint      NOT NULL DEFAULT 0,
    segment_seconds    int         NOT NULL,
    client_identifier  text,
    -- the client's own name for the session (the start request's session=), for ping and stop
    client_session     text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    last_seen_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transcode_session_last_seen ON transcode_session (last_seen_at);

-- One trace per stream: the root span context every replica parents the stream's spans on.
CREATE TABLE stream_trace (
    stream_key  text PRIMARY KEY,
    traceparent text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

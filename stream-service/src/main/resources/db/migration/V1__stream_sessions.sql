-- Active playbacks, shared by every replica: /status/sessions answers from here, whichever replica serves it.
CREATE TABLE stream_session (
    id                 uuid PRIMARY KEY,
    session_key        bigserial   NOT NULL UNIQUE,
    user_id            bigint      NOT NULL,
    user_name          text        NOT NULL,
    rating_key         text        NOT NULL,
    client_identifier  text        NOT NULL,
    session_identifier text        NOT NULL DEFAULT '',
    device_name        text,
    product            text,
    platform           text,
    address            text,
    state              text        NOT NULL CHECK (state IN ('playing', 'paused', 'buffering')),
    view_offset_ms     bigint      NOT NULL DEFAULT 0,
    duration_ms        bigint,
    started_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (client_identifier, session_identifier)
);
CREATE INDEX stream_session_updated_at ON stream_session (updated_at);

-- Events waiting for Kafka. A row is written in the same transaction as the change it describes and deleted
-- once Kafka has acknowledged it; lease_until keeps two replicas from relaying the same row at once.
CREATE TABLE event_outbox (
    id          uuid PRIMARY KEY,
    topic       text        NOT NULL,
    event_key   text        NOT NULL,
    payload     text        NOT NULL,
    traceparent text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    lease_until timestamptz,
    attempts    integer     NOT NULL DEFAULT 0
);
CREATE INDEX event_outbox_created_at ON event_outbox (created_at);

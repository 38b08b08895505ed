-- Accounts get credentials. Users sign in with a password; managed users (Plex Home) have none and are reached
-- by switching from the owner's account, optionally behind a PIN. Only KDF hashes are stored, never secrets.
ALTER TABLE account
    ADD COLUMN email                text,
    ADD COLUMN password_hash        text,
    ADD COLUMN pin_hash             text,
    -- Managed users only: the highest content rating they may see (library-service interprets it).
    ADD COLUMN content_rating_limit text,
    -- Every section, now and future, without listing them (the owner always has this).
    ADD COLUMN all_sections         boolean     NOT NULL DEFAULT false,
    ADD COLUMN updated_at           timestamptz NOT NULL DEFAULT now();
UPDATE account SET all_sections = true WHERE kind = 'owner';
CREATE UNIQUE INDEX account_email_lower ON account (lower(email)) WHERE email IS NOT NULL;

-- Tokens issued by sign-in or switch. The token itself is never stored: it is signed, and its id is enough to
-- list and revoke it.
CREATE TABLE auth_token (
    id                text PRIMARY KEY,
    account_id        bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    issued_at         timestamptz NOT NULL DEFAULT now(),
    -- The epoch second inside the token, which revocation by "issued up to" compares with.
    issued_epoch      bigint      NOT NULL,
    -- How it was obtained: signin, switch, issued (by the owner).
    origin            text        NOT NULL,
    client_identifier text,
    device_name       text,
    from_address      text,
    revoked_at        timestamptz
);
CREATE INDEX auth_token_account ON auth_token (account_id, issued_at);

-- Sections shared with a user (ids are library-service's section ids).
CREATE TABLE share (
    account_id bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    section_id bigint      NOT NULL CHECK (section_id > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, section_id)
);

-- Players seen on authenticated requests (X-Plex-Client-Identifier) and sign-ins.
CREATE TABLE device (
    account_id        bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    client_identifier text        NOT NULL,
    name              text,
    product           text,
    platform          text,
    first_seen        timestamptz NOT NULL DEFAULT now(),
    last_seen         timestamptz NOT NULL DEFAULT now(),
    last_address      text,
    PRIMARY KEY (account_id, client_identifier)
);

-- Failed sign-ins, per account and per address, for throttling. Shared by all replicas.
CREATE TABLE signin_throttle (
    key           text PRIMARY KEY,
    failures      integer     NOT NULL DEFAULT 0,
    last_failure  timestamptz NOT NULL DEFAULT now(),
    blocked_until timestamptz
);

-- The audit log of every service, fed by audit.events. The event id makes the consumer idempotent.
CREATE TABLE audit_log (
    event_id     uuid PRIMARY KEY,
    occurred_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    source       text        NOT NULL,
    actor_id     text,
    actor_name   text,
    action       text        NOT NULL,
    target       text,
    from_address text,
    result       text,
    trace_id     text
);
CREATE INDEX audit_log_time ON audit_log (occurred_at DESC, event_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, occurred_at DESC);
CREATE INDEX audit_log_action ON audit_log (action, occurred_at DESC);

-- Every revocation, kept for as long as tokens live (they do not expire), so that a service started after
-- user.events dropped the event still learns it from GET /internal/revocations. Deleting an account removes its
-- tokens, so this table is the only place a deleted user's cut-off survives; it has no foreign key on purpose.
CREATE TABLE revocation (
    id           bigserial PRIMARY KEY,
    -- One token, or (token_id NULL) every token of account_id issued at or before issued_up_to.
    token_id     text,
    account_id   bigint      NOT NULL,
    issued_up_to bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((token_id IS NULL) <> (issued_up_to IS NULL))
);
CREATE UNIQUE INDEX revocation_token ON revocation (token_id) WHERE token_id IS NOT NULL;
CREATE INDEX revocation_account ON revocation (account_id) WHERE token_id IS NULL;

INSERT INTO revocation (token_id, account_id, created_at)
    SELECT id, account_id, revoked_at FROM auth_token WHERE revoked_at IS NOT NULL;

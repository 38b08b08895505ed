-- The server's identity: one row, made at first start. machineIdentifier must never change once clients have
-- seen it (it is in every server:// URI they keep).
CREATE TABLE server_identity (
    id                 integer PRIMARY KEY CHECK (id = 1),
    machine_identifier char(40)    NOT NULL,
    friendly_name      text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE account (
    id         bigserial PRIMARY KEY,
    name       text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('owner', 'user', 'managed')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX account_name_lower ON account (lower(name));

-- The owner exists from the first start and always has id 1 (tokens name the owner by that id).
INSERT INTO account (id, name, kind) VALUES (1, 'owner', 'owner');
SELECT setval('account_id_seq', 1);

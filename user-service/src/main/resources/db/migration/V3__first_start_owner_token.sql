-- The owner's generated token (when CINEMESH_ADMIN_TOKEN is not set) is issued once, however many replicas
-- start together on an empty database.
CREATE UNIQUE INDEX auth_token_first_start ON auth_token (origin) WHERE origin = 'first-start';

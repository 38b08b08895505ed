-- The token a transcode session was started with (its id and issue time, never the token): revoking that token,
-- or all of the user's tokens up to a time (a new password), ends the session on every replica. Null for sessions
-- from before: any revocation of their user ends them.
ALTER TABLE transcode_session
    ADD COLUMN token_id text,
    ADD COLUMN token_issued_at bigint;
